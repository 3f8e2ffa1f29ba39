/**
 * Cutting songs into pieces of N seconds for training: the 3 s pieces of the GTZAN 3 s table, the
 * 30/10/3/1 s pieces of S1, the 5 s clips of S0. Each piece keeps its song id and time range.
 *
 * Pieces start every `seconds - overlap` seconds; only whole pieces are kept (a 30.01 s clip gives
 * ten 3 s pieces, its last 0.01 s unused), so every piece of a run has the same length and
 * feature shape. A song shorter than one piece gives no pieces (listed by the caller).
 */
import { ParameterError } from '../errors.js';
import { gtzanPieceId } from './gtzan-names.js';

/** Options of {@link pieceRanges}. */
export interface PieceOptions {
  /** Piece length in seconds, > 0. No default: required. */
  seconds: number;
  /** Seconds shared by consecutive pieces, in [0, seconds). Default 0. */
  overlap?: number;
}

/** The defaults of {@link PieceOptions}. */
export const pieceDefaults = { overlap: 0 } as const;

/** One piece of a song. Samples `start` (inclusive) to `end` (exclusive) at the song's sample rate. */
export interface Piece {
  /** Piece number within the song, from 0. */
  index: number;
  /** Piece id: `<song id>.<index>` (GTZAN naming `blues.00012.3`). */
  id: string;
  /** Song id (the group). */
  songId: string;
  start: number;
  end: number;
  /** Start and end in seconds. */
  startSeconds: number;
  endSeconds: number;
}

/** The piece boundaries of `nSamples` samples at `sampleRate` Hz, in samples (`end` exclusive). */
export function pieceRanges(nSamples: number, sampleRate: number, options: PieceOptions): Array<{ start: number; end: number }> {
  const { seconds } = options;
  const overlap = options.overlap ?? pieceDefaults.overlap;
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new ParameterError('seconds', `piece length must be > 0 s, got ${seconds}`);
  if (!(overlap >= 0 && overlap < seconds)) throw new ParameterError('overlap', `must be in [0, ${seconds}) s, got ${overlap}`);
  // The same rounding as src/audio/segment.ts, which cuts the samples.
  const size = Math.round(seconds * sampleRate);
  const hop = Math.round((seconds - overlap) * sampleRate);
  if (size < 1 || hop < 1) throw new ParameterError('seconds', `${seconds} s is under one sample at ${sampleRate} Hz`);
  const out: Array<{ start: number; end: number }> = [];
  for (let start = 0; start + size <= nSamples; start += hop) out.push({ start, end: start + size });
  return out;
}

/** The pieces of song `songId` (`nSamples` samples at `sampleRate` Hz). */
export function cutPieces(songId: string, nSamples: number, sampleRate: number, options: PieceOptions): Piece[] {
  return pieceRanges(nSamples, sampleRate, options).map((r, index) => ({
    index,
    id: gtzanPieceId(songId, index),
    songId,
    start: r.start,
    end: r.end,
    startSeconds: r.start / sampleRate,
    endSeconds: r.end / sampleRate,
  }));
}
