/**
 * The one segmenter: how a song is cut into the fixed-length pieces that features are computed
 * on, for training (`extract --piece`, whole-clip training), for `classify` and inside recipes.
 *
 * Pieces of `pieceSeconds` start every `hopSeconds` from the first sample. Lengths are rounded to
 * whole samples (`Math.round(seconds * sampleRate)`). Two tolerances hold under every rule:
 * - a piece that holds at least 99 % of its samples (`NEARLY_WHOLE`) is padded with zeros to
 *   full length, so a GTZAN clip of 29.996 s is one 30 s piece;
 * - a leftover under 1 % of a piece is no piece of its own: `merge` joins it to the last piece,
 *   the other rules drop it, so a 30.013 s clip is one 30 s piece, not two.
 *
 * What is left after the last whole piece (the tail) follows the rule `tail`:
 * - `drop`: dropped; a song shorter than a piece gives no piece.
 * - `pad`: one more piece, zero-padded to full length; a short song gives one padded piece.
 * - `merge`: a tail under half a piece joins the last piece (which then runs to the song's end);
 *   a longer one becomes the last full-length piece ending at the song's end; a short song is one
 *   short piece. Pieces then differ in length: only for recipes whose output shape does not
 *   depend on the length (`gtzan58`).
 * - `lastFull`: one more full-length piece ending at the song's end (it overlaps the one before);
 *   a short song is repeated (looped) to one full piece, since no model was trained on pieces
 *   that end in silence. Every piece has exactly `pieceSeconds`, the rule `classify` uses for
 *   recipes whose shape depends on the length.
 */
import { ParameterError } from '../errors.js';

/** What to do with the tail of a song after its last whole piece (see the module comment). */
export type TailRule = 'drop' | 'pad' | 'merge' | 'lastFull';

/** The tail rules, for validation and help texts. */
export const TAIL_RULES: readonly TailRule[] = ['drop', 'pad', 'merge', 'lastFull'];

/** A piece holding at least this fraction of its samples is padded to full length. */
export const NEARLY_WHOLE = 0.99;

/** Options of `segment` / `segmentRanges`; defaults in `SEGMENT_DEFAULTS`. */
export interface SegmentOptions {
  /** Length of each piece in seconds (> 0); rounded to whole samples. Required. */
  pieceSeconds: number;
  /** Seconds between piece starts (> 0). Default: `pieceSeconds` (no overlap, no gap). */
  hopSeconds?: number;
  /** The tail rule. Default `drop`. */
  tail?: TailRule;
}

/** Defaults of `segment` (hopSeconds defaults to pieceSeconds). */
export const SEGMENT_DEFAULTS = { tail: 'drop' } as const satisfies Partial<SegmentOptions>;

/** Where one piece lies in the song, in samples (`end` exclusive). */
export interface PieceRange {
  /** 0-based position in the list. */
  readonly index: number;
  /** First sample of the piece in the song. */
  readonly start: number;
  /** One past the last sample of the song inside the piece. */
  readonly end: number;
  /** Samples appended after `end` to reach full length (0 for a piece inside the song). */
  readonly padding: number;
  /** What the padding holds: `zeros`, or the piece `repeat`ed from its start (`lastFull` on a short song). */
  readonly fill: 'zeros' | 'repeat';
  /** The song is shorter than one piece (by 1 % or more): this piece holds all of it. */
  readonly short: boolean;
}

/** One piece of a signal. */
export interface AudioPiece extends PieceRange {
  /** The piece's samples: a view into the input, or a zero-padded copy when `padding > 0`. */
  readonly samples: Float32Array;
  /** `start / sampleRate` and `end / sampleRate`: where the piece's audio lies in the song, s. */
  readonly startSeconds: number;
  readonly endSeconds: number;
}

/**
 * Shortest piece and hop, s: shorter ones make millions of pieces of an ordinary song (a model
 * manifest or an option of 1e-9 s would eat memory without bound) and are shorter than any
 * recipe's analysis frame anyway.
 */
export const MIN_PIECE_SECONDS = 0.1;

/** The piece length and hop in samples of `options` at `sampleRate`; ParameterError for bad values. */
export function pieceSamples(sampleRate: number, options: SegmentOptions): { length: number; hop: number; tail: TailRule } {
  const { pieceSeconds, hopSeconds = pieceSeconds, tail = SEGMENT_DEFAULTS.tail } = options;
  if (!(Number.isFinite(sampleRate) && sampleRate > 0)) throw new ParameterError('sampleRate', `must be a positive number of Hz, got ${sampleRate}`);
  if (!(Number.isFinite(pieceSeconds) && pieceSeconds >= MIN_PIECE_SECONDS)) throw new ParameterError('pieceSeconds', `must be at least ${MIN_PIECE_SECONDS} s, got ${pieceSeconds}`);
  if (!(Number.isFinite(hopSeconds) && hopSeconds >= MIN_PIECE_SECONDS)) throw new ParameterError('hopSeconds', `must be at least ${MIN_PIECE_SECONDS} s, got ${hopSeconds}`);
  if (!TAIL_RULES.includes(tail)) throw new ParameterError('tail', `must be one of ${TAIL_RULES.join(', ')}, got ${String(tail)}`);
  const length = Math.round(pieceSeconds * sampleRate);
  const hop = Math.round(hopSeconds * sampleRate);
  if (length < 1) throw new ParameterError('pieceSeconds', `${pieceSeconds} s is shorter than one sample at ${sampleRate} Hz`);
  if (hop < 1) throw new ParameterError('hopSeconds', `${hopSeconds} s is shorter than one sample at ${sampleRate} Hz`);
  return { length, hop, tail };
}

/**
 * The pieces of a song of `nSamples` samples at `sampleRate` Hz, as sample ranges (see the module
 * comment for the rules). An empty song gives no pieces.
 *
 * @example segmentRanges(661794, 22050, { pieceSeconds: 3 }) // a 30.013 s clip -> 10 ranges of 66150 samples
 */
export function segmentRanges(nSamples: number, sampleRate: number, options: SegmentOptions): PieceRange[] {
  const { length, hop, tail } = pieceSamples(sampleRate, options);
  const out: PieceRange[] = [];
  if (!(nSamples > 0)) return out;
  const whole = Math.ceil(NEARLY_WHOLE * length);
  let start = 0;
  for (; start < nSamples && nSamples - start >= whole; start += hop) {
    const end = Math.min(start + length, nSamples);
    out.push({ index: out.length, start, end, padding: length - (end - start), fill: 'zeros', short: false });
    if (end === nSamples) return out;
  }
  // The tail: samples from the end of the last piece (or 0) to the end of the song.
  const covered = out.length ? out[out.length - 1].end : 0;
  const rest = nSamples - covered;
  if (out.length === 0) {
    if (tail === 'pad' || tail === 'lastFull') out.push({ index: 0, start: 0, end: nSamples, padding: length - nSamples, fill: tail === 'pad' ? 'zeros' : 'repeat', short: true });
    else if (tail === 'merge') out.push({ index: 0, start: 0, end: nSamples, padding: 0, fill: 'zeros', short: true });
    return out;
  }
  if (rest <= 0) return out;
  const tiny = rest < length * (1 - NEARLY_WHOLE);
  const last = out[out.length - 1];
  if (tail === 'merge' && (tiny || rest * 2 < length)) {
    out[out.length - 1] = { ...last, end: nSamples, padding: 0 };
  } else if (tiny || tail === 'drop' || (tail === 'pad' && start >= nSamples)) {
    // dropped
  } else if (tail === 'pad') {
    out.push({ index: out.length, start, end: nSamples, padding: length - (nSamples - start), fill: 'zeros', short: false });
  } else {
    // lastFull, and merge with a tail of half a piece or more.
    out.push({ index: out.length, start: nSamples - length, end: nSamples, padding: 0, fill: 'zeros', short: false });
  }
  return out;
}

/**
 * Splits `samples` (mono, `sampleRate` Hz) into pieces (see the module comment for the rules).
 *
 * @example segment(y, 22050, { pieceSeconds: 3 }) // a 30 s clip -> 10 pieces of 66150 samples
 * @example segment(y, 4000, { pieceSeconds: 5, tail: 'lastFull' }) // 32 s -> 7 pieces of 20000 samples, the last from 27 s
 */
export function segment(samples: Float32Array, sampleRate: number, options: SegmentOptions): AudioPiece[] {
  return segmentRanges(samples.length, sampleRate, options).map((r) => pieceOf(samples, sampleRate, r));
}

/** The samples of range `r` of `samples` (padded as `r.fill` says when `r.padding > 0`). */
export function pieceOf(samples: Float32Array, sampleRate: number, r: PieceRange): AudioPiece {
  let piece = samples.subarray(r.start, r.end);
  if (r.padding > 0) {
    const padded = new Float32Array(r.end - r.start + r.padding);
    if (r.fill === 'zeros' || piece.length === 0) padded.set(piece);
    else for (let at = 0; at < padded.length; at += piece.length) padded.set(piece.subarray(0, Math.min(piece.length, padded.length - at)), at);
    piece = padded;
  }
  return { ...r, samples: piece, startSeconds: r.start / sampleRate, endSeconds: r.end / sampleRate };
}
