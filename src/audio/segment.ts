/** Cuts a signal into fixed-length pieces (e.g. ten 3 s pieces of a 30 s clip). */
import { ParameterError } from '../errors.js';

/** Options of `segment`; defaults in `SEGMENT_DEFAULTS`. */
export interface SegmentOptions {
  /** Length of each piece in seconds (> 0); rounded to whole samples. Required. */
  pieceSeconds: number;
  /** Seconds between piece starts (> 0). Default: `pieceSeconds` (no overlap, no gap). */
  hopSeconds?: number;
  /**
   * What to do with a last piece shorter than `pieceSeconds`: 'drop' it (default) or 'pad' it
   * with zeros to full length.
   */
  partial?: 'drop' | 'pad';
}

/** Defaults of `segment` (hopSeconds defaults to pieceSeconds). */
export const SEGMENT_DEFAULTS = { partial: 'drop' } as const satisfies Partial<SegmentOptions>;

/** One piece of a signal. */
export interface AudioPiece {
  /** 0-based position in the list. */
  readonly index: number;
  /** `pieceSeconds * sampleRate` samples: a view into the input, or a zero-padded copy for a padded last piece. */
  readonly samples: Float32Array;
  /** First sample of the piece in the input. */
  readonly startSample: number;
  /** Seconds from the start of the input. */
  readonly startSeconds: number;
  /** Seconds from the start of the input where the piece ends (start + pieceSeconds). */
  readonly endSeconds: number;
}

/**
 * Splits `samples` (mono, `sampleRate` Hz) into pieces of `pieceSeconds`, starting every
 * `hopSeconds`. Pieces that would run past the end are dropped unless `partial: 'pad'`; a signal
 * shorter than one piece gives an empty list when dropping.
 *
 * @example segment(y, 22050, { pieceSeconds: 3 }) // a 30 s clip -> 10 pieces of 66150 samples
 */
export function segment(samples: Float32Array, sampleRate: number, options: SegmentOptions): AudioPiece[] {
  const { pieceSeconds, hopSeconds = pieceSeconds, partial = SEGMENT_DEFAULTS.partial } = options;
  if (!(Number.isFinite(sampleRate) && sampleRate > 0)) throw new ParameterError('sampleRate', `must be a positive number of Hz, got ${sampleRate}`);
  if (!(Number.isFinite(pieceSeconds) && pieceSeconds > 0)) throw new ParameterError('pieceSeconds', `must be > 0 seconds, got ${pieceSeconds}`);
  if (!(Number.isFinite(hopSeconds) && hopSeconds > 0)) throw new ParameterError('hopSeconds', `must be > 0 seconds, got ${hopSeconds}`);
  if (partial !== 'drop' && partial !== 'pad') throw new ParameterError('partial', `must be 'drop' or 'pad', got ${String(partial)}`);
  const length = Math.round(pieceSeconds * sampleRate);
  const hop = Math.round(hopSeconds * sampleRate);
  if (length < 1) throw new ParameterError('pieceSeconds', `${pieceSeconds} s is shorter than one sample at ${sampleRate} Hz`);
  if (hop < 1) throw new ParameterError('hopSeconds', `${hopSeconds} s is shorter than one sample at ${sampleRate} Hz`);
  const pieces: AudioPiece[] = [];
  for (let start = 0; start < samples.length; start += hop) {
    let piece: Float32Array;
    if (start + length <= samples.length) {
      piece = samples.subarray(start, start + length);
    } else if (partial === 'pad') {
      piece = new Float32Array(length);
      piece.set(samples.subarray(start));
    } else {
      break;
    }
    pieces.push({
      index: pieces.length,
      samples: piece,
      startSample: start,
      startSeconds: start / sampleRate,
      endSeconds: (start + length) / sampleRate,
    });
    if (start + length >= samples.length) break;
  }
  return pieces;
}
