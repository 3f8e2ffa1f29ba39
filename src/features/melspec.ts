/**
 * Recipe `melspec` (system S1): log-power mel spectrogram as the CRNN report makes it,
 * `librosa.power_to_db(librosa.feature.melspectrogram(y, sr=22050, n_fft=2048, hop_length=256,
 * n_mels=192, fmax=8000), ref=np.max)`. Output [frames, nMels] in dB, 0 at the clip's peak,
 * frames = 1 + floor(nSamples / hopLength).
 */
import { powerToDb } from '../dsp/db.js';
import { melFilterBank, melFromSamples } from '../dsp/mel.js';
import { frameCount } from '../dsp/stft.js';
import { requireInteger, requirePositive, resolveParams } from '../params.js';
import type { FeatureMatrix, Recipe, RecipeFactory } from './recipe.js';

export type MelspecParams = {
  /** Hz of the input. Default 22050. */
  sampleRate: number;
  /** FFT length in samples. Default 2048. */
  nFft: number;
  /** Samples between frames. Default 256. */
  hopLength: number;
  /** Mel bands (Slaney scale and area normalisation). Default 192. */
  nMels: number;
  /** Lowest band edge, Hz. Default 0. */
  fmin: number;
  /** Highest band edge, Hz (<= sampleRate / 2). Default 8000. */
  fmax: number;
  /** Clip to this many dB below the peak; null disables. Default 80. */
  topDb: number | null;
};

export const MELSPEC_DEFAULTS: Readonly<MelspecParams> = {
  sampleRate: 22050,
  nFft: 2048,
  hopLength: 256,
  nMels: 192,
  fmin: 0,
  fmax: 8000,
  topDb: 80,
};

export const melspec: RecipeFactory<MelspecParams> = {
  id: 'melspec',
  description: 'S1 log-power mel spectrogram: 192 Slaney bands to 8 kHz, n_fft 2048, hop 256, dB relative to the peak; [frames, nMels]',
  defaults: MELSPEC_DEFAULTS,
  create(params = {}): Recipe<MelspecParams> {
    const p = resolveParams("recipe 'melspec'", MELSPEC_DEFAULTS, params);
    requirePositive('sampleRate', p.sampleRate);
    requireInteger('nFft', p.nFft, 2);
    requireInteger('hopLength', p.hopLength, 1);
    requireInteger('nMels', p.nMels, 1);
    const bank = melFilterBank(p.sampleRate, p.nFft, { nMels: p.nMels, fmin: p.fmin, fmax: p.fmax });
    const stftOptions = { nFft: p.nFft, hopLength: p.hopLength };
    return {
      id: 'melspec',
      params: p,
      sampleRate: p.sampleRate,
      outputShape: (nSamples) => [frameCount(nSamples, stftOptions), p.nMels],
      compute(samples): FeatureMatrix {
        const mel = melFromSamples(samples, stftOptions, 2, bank);
        return { data: powerToDb(mel.data, { ref: 'max', topDb: p.topDb }), shape: [mel.frames, p.nMels] };
      },
    };
  },
};
