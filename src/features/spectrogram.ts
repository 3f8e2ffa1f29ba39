/**
 * Recipe `spectrogram` (system S0): FFT magnitude of audio at 4000 Hz, n_fft 1024 (513 bins),
 * Hann window, uncentred frames every 903 samples, so a 5 s piece (20000 samples) gives
 * 1 + floor((20000 - 1024) / 903) = 22 frames, as the report's 22 x 513 input. This is
 * `np.abs(librosa.stft(y, n_fft=1024, hop_length=903, center=False))`, transposed.
 * Output [frames, 513] (linear magnitude).
 */
import { frameCount, spectrogram as stftMagnitude } from '../dsp/stft.js';
import { requireInteger, requirePositive, resolveParams } from '../params.js';
import type { FeatureMatrix, Recipe, RecipeFactory } from './recipe.js';

export type SpectrogramParams = {
  /** Hz of the input. Default 4000. */
  sampleRate: number;
  /** FFT length; bins = nFft/2 + 1. Default 1024. */
  nFft: number;
  /** Samples between frames. Default 903 (22 frames per 5 s without centring). */
  hopLength: number;
  /** Centre frames (pad nFft/2 zeros each side). Default false. */
  center: boolean;
};

export const SPECTROGRAM_DEFAULTS: Readonly<SpectrogramParams> = { sampleRate: 4000, nFft: 1024, hopLength: 903, center: false };

export const spectrogram: RecipeFactory<SpectrogramParams> = {
  id: 'spectrogram',
  description: 'S0 FFT magnitude at 4000 Hz: n_fft 1024 (513 bins), hop 903, uncentred (22 frames per 5 s); [frames, 513]',
  defaults: SPECTROGRAM_DEFAULTS,
  create(params = {}): Recipe<SpectrogramParams> {
    const p = resolveParams("recipe 'spectrogram'", SPECTROGRAM_DEFAULTS, params);
    requirePositive('sampleRate', p.sampleRate);
    requireInteger('nFft', p.nFft, 2);
    requireInteger('hopLength', p.hopLength, 1);
    const stftOptions = { nFft: p.nFft, hopLength: p.hopLength, center: p.center };
    const bins = (p.nFft >> 1) + 1;
    return {
      id: 'spectrogram',
      params: p,
      sampleRate: p.sampleRate,
      outputShape: (nSamples) => [frameCount(nSamples, stftOptions), bins],
      compute(samples): FeatureMatrix {
        const s = stftMagnitude(samples, stftOptions, 1);
        return { data: s.data, shape: [s.frames, s.bins] };
      },
    };
  },
};
