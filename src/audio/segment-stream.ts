/**
 * The segmenter for a song that arrives in pieces (a long file streamed from disk): the same
 * pieces as `segment(wholeSong)`, while holding about two pieces of samples. A piece is final as
 * soon as a whole piece more follows it (no tail rule changes any piece but the last); the rest
 * are cut by `segmentRanges` once the song's length is known.
 */
import type { AudioPiece, PieceRange, SegmentOptions } from './segment.js';
import { pieceOf, pieceSamples, segmentRanges } from './segment.js';

export class StreamSegmenter {
  private readonly length: number;
  private readonly hop: number;
  /** Samples from song sample `start` on, `used` of them. */
  private buffer = new Float32Array(0);
  private start = 0;
  private used = 0;
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
    return this.start + this.used;
  }

  /** Appends the song's next `samples`; returns the pieces now final (their samples are copies). */
  push(samples: Float32Array): AudioPiece[] {
    this.append(samples);
    const out: AudioPiece[] = [];
    const total = this.songLength;
    for (let s = this.emitted * this.hop; s + this.hop + this.length <= total; s = this.emitted * this.hop) {
      out.push(this.cut({ index: this.emitted, start: s, end: s + this.length, padding: 0, fill: 'zeros', short: false }));
      this.emitted++;
    }
    this.dropBefore(this.emitted * this.hop);
    return out;
  }

  /** The song has ended: its remaining pieces, by the tail rule. */
  end(): AudioPiece[] {
    return segmentRanges(this.songLength, this.sampleRate, this.options)
      .slice(this.emitted)
      .map((r) => this.cut(r));
  }

  private cut(r: PieceRange): AudioPiece {
    const local = { ...r, start: r.start - this.start, end: r.end - this.start };
    const piece = pieceOf(this.buffer.subarray(0, this.used), this.sampleRate, local);
    const samples = piece.samples.buffer === this.buffer.buffer ? piece.samples.slice() : piece.samples;
    return { ...r, samples, startSeconds: r.start / this.sampleRate, endSeconds: r.end / this.sampleRate };
  }

  private dropBefore(songSample: number): void {
    const drop = Math.min(this.used, songSample - this.start);
    if (drop <= 0) return;
    this.buffer.copyWithin(0, drop, this.used);
    this.used -= drop;
    this.start += drop;
  }

  private append(samples: Float32Array): void {
    if (this.used + samples.length > this.buffer.length) {
      const grown = new Float32Array(Math.max(2 * this.buffer.length, this.used + samples.length));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    this.buffer.set(samples, this.used);
    this.used += samples.length;
  }
}
