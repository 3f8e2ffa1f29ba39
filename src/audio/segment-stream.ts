/**
 * The segmenter for a song that arrives in pieces (a long file streamed from disk): the same
 * pieces as `segment(wholeSong)`, while holding about two pieces of samples. A piece is final as
 * soon as a whole piece more follows it (no tail rule changes any piece but the last); the rest
 * are cut by `segmentRanges` once the song's length is known.
 */
import type { AudioPiece, PieceRange, SegmentOptions } from './segment.js';
import { pieceOf, pieceSamples, segmentRanges } from './segment.js';
import { SampleWindow } from './sample-window.js';
import { StreamResampler } from './resample.js';
import type { MonoStream, MonoStreamEnd } from './types.js';

export class StreamSegmenter {
  private readonly length: number;
  private readonly hop: number;
  private readonly window = new SampleWindow();
  /** Pieces handed out so far. */
  private emitted = 0;

  /** Pieces of `options` (see `segment`) of a song at `sampleRate` Hz. */
  constructor(
    readonly sampleRate: number,
    readonly options: SegmentOptions,
  ) {
    const { length, hop } = pieceSamples(sampleRate, options);
    this.length = length;
    this.hop = hop;
  }

  /** Samples pushed so far. */
  get songLength(): number {
    return this.window.end;
  }

  /** Appends the song's next `samples`; returns the pieces now final (their samples are copies). */
  push(samples: Float32Array): AudioPiece[] {
    this.window.append(samples);
    const out: AudioPiece[] = [];
    for (let s = this.emitted * this.hop; s + this.hop + this.length <= this.window.end; s = this.emitted * this.hop) {
      out.push(this.cut({ index: this.emitted, start: s, end: s + this.length, padding: 0, fill: 'zeros', short: false }));
      this.emitted++;
    }
    this.window.dropBefore(this.emitted * this.hop);
    return out;
  }

  /** The song has ended: its remaining pieces, by the tail rule. */
  end(): AudioPiece[] {
    return segmentRanges(this.songLength, this.sampleRate, this.options)
      .slice(this.emitted)
      .map((r) => this.cut(r));
  }

  private cut(r: PieceRange): AudioPiece {
    const { start } = this.window;
    const held = this.window.view();
    const piece = pieceOf(held, this.sampleRate, { ...r, start: r.start - start, end: r.end - start });
    const samples = piece.samples.buffer === held.buffer ? piece.samples.slice() : piece.samples;
    return { ...r, samples, startSeconds: r.start / this.sampleRate, endSeconds: r.end / this.sampleRate };
  }
}

/**
 * The pieces of a file streamed from disk (`openMonoStream`), resampled to `sampleRate` Hz
 * (`StreamResampler`) and cut by `options` (`StreamSegmenter`), each handed to `onPiece` in order
 * as soon as it is final: the pieces `segment(loadAudio(path).samples)` gives, holding a few of
 * them. Returns the song's length in samples at `sampleRate` and what the stream said of the
 * file; the file is closed however it ends.
 */
export async function forEachStreamedPiece(
  stream: MonoStream,
  sampleRate: number,
  options: SegmentOptions,
  onPiece: (piece: AudioPiece) => void | Promise<void>,
): Promise<{ songSamples: number; end: MonoStreamEnd }> {
  const cutter = new StreamSegmenter(sampleRate, options);
  let resampler: StreamResampler | undefined;
  try {
    for (;;) {
      const step = await stream.chunks.next();
      const pieces = step.done
        ? [...cutter.push(resampler?.end() ?? new Float32Array(0)), ...cutter.end()]
        : cutter.push((resampler ??= new StreamResampler(step.value.sampleRate, sampleRate)).push(step.value.samples));
      for (const piece of pieces) await onPiece(piece);
      if (step.done) return { songSamples: cutter.songLength, end: step.value };
    }
  } finally {
    await stream.chunks.return(undefined as never); // closes the file when a piece failed mid-stream
  }
}
