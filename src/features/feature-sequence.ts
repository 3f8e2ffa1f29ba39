/**
 * `featureSequence` (system S2): the GTZAN statistics of each consecutive piece of a clip, as a
 * sequence. A 30 s clip with the default 3 s pieces gives 10 rows of the 57 statistics of
 * `gtzan58` (without `length` unless `includeLength`), each computed on its piece alone.
 */
import { ParameterError } from '../errors.js';
import { segment } from '../audio/segment.js';
import { melFilterBank } from '../dsp/mel.js';
import { GTZAN57_NAMES, GTZAN58_NAMES, gtzan58Statistics } from './gtzan58.js';
import { resolveParams } from '../params.js';
import type { FeatureMatrix, Recipe, RecipeFactory } from './recipe.js';

export interface FeatureSequenceParams {
  /** Sample rate of the samples, Hz. Default 22050. */
  sampleRate: number;
  /** Length of each piece in seconds (> 0; rounded to whole samples). Default 3. */
  pieceSeconds: number;
  /**
   * What to do with a last partial piece: 'keep' computes its statistics on what there is when it
   * holds at least half a piece (so a 29.9 s GTZAN clip still gives 10 rows), 'drop' never keeps it.
   * Default 'keep'.
   */
  lastPiece: 'keep' | 'drop';
  /** Keep the `length` column (samples per piece) in front of the 57 statistics. Default false. */
  includeLength: boolean;
}

/** Defaults of the `featureSequence` recipe (S2 uses 3 s pieces and the 57 statistics). */
export const FEATURE_SEQUENCE_DEFAULTS: Readonly<FeatureSequenceParams> = { sampleRate: 22050, pieceSeconds: 3, lastPiece: 'keep', includeLength: false };

function resolve(params: Partial<FeatureSequenceParams> = {}): FeatureSequenceParams {
  const p = resolveParams("recipe 'featureSequence'", FEATURE_SEQUENCE_DEFAULTS, params);
  if (!(Number.isFinite(p.sampleRate) && p.sampleRate > 0)) throw new ParameterError('sampleRate', `must be a positive number of Hz, got ${p.sampleRate}`);
  if (!(Number.isFinite(p.pieceSeconds) && p.pieceSeconds > 0)) throw new ParameterError('pieceSeconds', `must be > 0 seconds, got ${p.pieceSeconds}`);
  // gtzan58 needs at least half an STFT frame (1024 samples) per piece.
  if (Math.round(p.pieceSeconds * p.sampleRate) < 1024) throw new ParameterError('pieceSeconds', `${p.pieceSeconds} s is under 1024 samples at ${p.sampleRate} Hz`);
  if (p.lastPiece !== 'keep' && p.lastPiece !== 'drop') throw new ParameterError('lastPiece', `must be 'keep' or 'drop', got ${String(p.lastPiece)}`);
  if (typeof p.includeLength !== 'boolean') throw new ParameterError('includeLength', `must be true or false, got ${String(p.includeLength)}`);
  return p;
}

/**
 * The `featureSequence` recipe: output [pieces, 57] (or [pieces, 58] with `includeLength`), one
 * row per piece of `pieceSeconds` (see `lastPiece`), columns named as the GTZAN CSV.
 * Throws ParameterError for a signal shorter than one piece.
 */
export const featureSequence: RecipeFactory<FeatureSequenceParams> = {
  id: 'featureSequence',
  description: 'sequence of GTZAN statistics (gtzan58 without length) per piece of pieceSeconds (S2)',
  defaults: FEATURE_SEQUENCE_DEFAULTS,
  create(params?: Partial<FeatureSequenceParams>): Recipe<FeatureSequenceParams> {
    const p = resolve(params);
    const pieceLength = Math.round(p.pieceSeconds * p.sampleRate);
    const width = p.includeLength ? 58 : 57;
    const skip = 58 - width;
    const melBank = melFilterBank(p.sampleRate, 2048);
    const pieceCount = (nSamples: number): number => {
      const whole = Math.floor(nSamples / pieceLength);
      return p.lastPiece === 'keep' && nSamples - whole * pieceLength >= pieceLength / 2 ? whole + 1 : whole;
    };
    return {
      id: 'featureSequence',
      params: p,
      sampleRate: p.sampleRate,
      outputShape: (nSamples: number) => [pieceCount(nSamples), width],
      compute(samples: Float32Array): FeatureMatrix {
        const pieces = segment(samples, p.sampleRate, { pieceSeconds: p.pieceSeconds }).map((piece) => piece.samples);
        if (pieces.length < pieceCount(samples.length)) pieces.push(samples.subarray(pieces.length * pieceLength));
        if (pieces.length === 0) throw new ParameterError('samples', `${samples.length} samples are shorter than one ${p.pieceSeconds} s piece (${pieceLength} samples)`);
        const data = new Float32Array(pieces.length * width);
        pieces.forEach((piece, row) => data.set(gtzan58Statistics(piece, p.sampleRate, melBank).subarray(skip), row * width));
        return { data, shape: [pieces.length, width], names: [...(p.includeLength ? GTZAN58_NAMES : GTZAN57_NAMES)] };
      },
    };
  },
};
