/**
 * How a song is cut into the pieces a model classifies. A model trained on P-second rows sees
 * P-second pieces: a 6-minute song at P = 30 gives 12 pieces. The leftover at the end joins the
 * last piece when it is shorter than half a piece (so a 30.01 s GTZAN clip is one piece, the whole
 * clip, exactly as its CSV row was computed) and becomes a piece of its own when it is half a piece
 * or longer, taken as the last P seconds of the song so that it has full length (it overlaps its
 * neighbour). A song shorter than one piece is classified as one short piece, flagged `short`.
 */
import { ParameterError } from '../errors.js';

/** One piece of a song, in samples at the recipe's sample rate (`end` exclusive). */
export interface PieceRange {
  start: number;
  end: number;
  /** True when the piece is shorter than the model's piece length (the song is shorter than one piece). */
  short: boolean;
}

/**
 * Piece ranges for `nSamples` samples at `sampleRate` Hz and pieces of `pieceSeconds` seconds.
 * Returns at least one piece when `nSamples > 0`; throws ParameterError for a piece length <= 0.
 */
export function planPieces(nSamples: number, sampleRate: number, pieceSeconds: number): PieceRange[] {
  if (!(pieceSeconds > 0) || !Number.isFinite(pieceSeconds)) {
    throw new ParameterError('pieceSeconds', `must be a positive number of seconds, got ${pieceSeconds}`);
  }
  if (nSamples <= 0) return [];
  const size = Math.round(pieceSeconds * sampleRate);
  const whole = Math.floor(nSamples / size);
  if (whole === 0) return [{ start: 0, end: nSamples, short: true }];
  const pieces: PieceRange[] = [];
  for (let i = 0; i < whole; i++) pieces.push({ start: i * size, end: (i + 1) * size, short: false });
  const rest = nSamples - whole * size;
  if (rest * 2 >= size) pieces.push({ start: nSamples - size, end: nSamples, short: false });
  else pieces[pieces.length - 1].end = nSamples;
  return pieces;
}
