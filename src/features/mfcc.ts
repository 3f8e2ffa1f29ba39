/**
 * Recipe `mfcc` (system S3): 13 MFCCs (C1-C13, or C0-C13 with includeC0) per 25 ms frame.
 * The frame is a 551-sample FFT (25 ms at 22050 Hz, no zero padding, so the window really is
 * 25 ms: the choice the reference `mfcc[n_mfcc=13,n_fft=551]` checks) with a hop of 512, which
 * gives 1293 frames for a GTZAN clip of 661794 samples (1 + floor(n / 512), centred). Otherwise
 * librosa's defaults: 128 Slaney mel bands, power_to_db(ref=1, top_db=80), DCT-II orthonormal.
 * Output [frames, 13] (or 14).
 */
import { ParameterError } from '../errors.js';
import { mfccFromLogMel } from '../dsp/mfcc.js';
import { powerToDb } from '../dsp/db.js';
import { melFilterBank, melFromSamples } from '../dsp/mel.js';
import { frameCount } from '../dsp/stft.js';
import { requireInteger, requirePositive, resolveParams } from '../params.js';
import type { FeatureMatrix, Recipe, RecipeFactory } from './recipe.js';

export type MfccParams = {
  /** Hz of the input. Default 22050. */
  sampleRate: number;
  /** Coefficients after C0. Default 13. */
  nMfcc: number;
  /** Also output C0 (the log energy term) first. Default false. */
  includeC0: boolean;
  /** FFT (and window) length in samples. Default 551 (25 ms). */
  nFft: number;
  /** Samples between frames. Default 512. */
  hopLength: number;
  /** Mel bands before the DCT. Default 128. */
  nMels: number;
};

export const MFCC_RECIPE_DEFAULTS: Readonly<MfccParams> = { sampleRate: 22050, nMfcc: 13, includeC0: false, nFft: 551, hopLength: 512, nMels: 128 };

export const mfcc: RecipeFactory<MfccParams> = {
  id: 'mfcc',
  description: 'S3 MFCCs C1-C13 (C0 with includeC0) of 25 ms frames (n_fft 551, hop 512: 1293 frames per GTZAN clip); [frames, 13]',
  defaults: MFCC_RECIPE_DEFAULTS,
  create(params = {}): Recipe<MfccParams> {
    const p = resolveParams("recipe 'mfcc'", MFCC_RECIPE_DEFAULTS, params);
    requirePositive('sampleRate', p.sampleRate);
    requireInteger('nFft', p.nFft, 2);
    requireInteger('hopLength', p.hopLength, 1);
    requireInteger('nMels', p.nMels, 1);
    requireInteger('nMfcc', p.nMfcc, 1);
    if (p.nMfcc + 1 > p.nMels) throw new ParameterError('mfcc.nMfcc', `needs nMfcc + 1 <= nMels (${p.nMels}), got ${p.nMfcc}`);
    const bank = melFilterBank(p.sampleRate, p.nFft, { nMels: p.nMels });
    const stftOptions = { nFft: p.nFft, hopLength: p.hopLength };
    const first = p.includeC0 ? 0 : 1;
    const width = p.nMfcc + 1 - first;
    const names = Array.from({ length: width }, (_, i) => `mfcc${i + first}`);
    return {
      id: 'mfcc',
      params: p,
      sampleRate: p.sampleRate,
      outputShape: (nSamples) => [frameCount(nSamples, stftOptions), width],
      compute(samples): FeatureMatrix {
        const mel = melFromSamples(samples, stftOptions, 2, bank);
        const c = mfccFromLogMel({ ...mel, data: powerToDb(mel.data) }, p.nMfcc + 1);
        if (first === 0) return { data: c.data, shape: [c.frames, width], names };
        const data = new Float32Array(c.frames * width);
        for (let t = 0; t < c.frames; t++) data.set(c.data.subarray(t * c.bins + 1, (t + 1) * c.bins), t * width);
        return { data, shape: [c.frames, width], names };
      },
    };
  },
};
