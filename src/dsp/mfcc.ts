/**
 * Mel-frequency cepstral coefficients as librosa 0.9.2 `feature.mfcc`: the orthonormal DCT-II
 * of the log-power (dB) mel spectrogram, first nMfcc coefficients, optional liftering.
 */
import { ParameterError } from '../errors.js';
import { dctMatrix } from './dct.js';
import { powerToDb } from './db.js';
import type { FrameMatrix } from './frame-matrix.js';
import { MEL_SPECTROGRAM_DEFAULTS, melSpectrogram, type MelSpectrogramOptions } from './mel.js';
import type { Spectrogram } from './stft.js';

export interface MfccOptions extends MelSpectrogramOptions {
  /** Number of coefficients kept, C0 first (1..nMels). Default 20. */
  nMfcc: number;
  /** Sinusoidal liftering 1 + (L/2) sin(pi (k+1) / L); 0 disables. Default 0. */
  lifter: number;
}

/** Defaults of `mfcc` (librosa 0.9.2: mel power 2, 128 Slaney bands, power_to_db ref 1, top_db 80). */
export const MFCC_DEFAULTS: MfccOptions = { ...MEL_SPECTROGRAM_DEFAULTS, nMfcc: 20, lifter: 0 };

/** Cepstral coefficients of a log-power mel spectrogram (frames x bands): frames x nMfcc. */
export function mfccFromLogMel(logMel: FrameMatrix, nMfcc = MFCC_DEFAULTS.nMfcc, lifter = MFCC_DEFAULTS.lifter): FrameMatrix {
  if (!(lifter >= 0)) throw new ParameterError('lifter', `must be non-negative, got ${lifter}`);
  const n = logMel.bins;
  const dct = dctMatrix(n, nMfcc);
  const out = new Float32Array(logMel.frames * nMfcc);
  const lift = Float64Array.from({ length: nMfcc }, (_, k) => (lifter > 0 ? 1 + (lifter / 2) * Math.sin((Math.PI * (k + 1)) / lifter) : 1));
  for (let t = 0; t < logMel.frames; t++) {
    const base = t * n;
    for (let k = 0; k < nMfcc; k++) {
      let acc = 0;
      const row = k * n;
      for (let j = 0; j < n; j++) acc += dct[row + j] * logMel.data[base + j];
      out[t * nMfcc + k] = acc * lift[k];
    }
  }
  return { frames: logMel.frames, bins: nMfcc, data: out };
}

/**
 * MFCCs, frames x nMfcc (frame-major), C0 first. `input` is mono samples at `sr` or a spectrogram
 * of the same signal to reuse.
 */
export function mfcc(input: Float32Array | Spectrogram, options: Partial<MfccOptions> = {}): FrameMatrix {
  const o = { ...MFCC_DEFAULTS, ...options };
  const mel = melSpectrogram(input, o);
  const logMel = { frames: mel.frames, bins: mel.bins, data: powerToDb(mel.data) };
  return mfccFromLogMel(logMel, o.nMfcc, o.lifter);
}
