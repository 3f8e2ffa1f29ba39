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

/** DCT matrices by size, built once per thread and only read (a clip's MFCCs took 1 ms more to rebuild it, and V8 compiled the builder again). `sharedDct(n, nOut)` is `dctMatrix(n, nOut)`: do not write to it. */
const dctMatrices = new Map<string, Float64Array>();

export function sharedDct(n: number, nOut: number): Float64Array {
  const key = `${n}x${nOut}`;
  let m = dctMatrices.get(key);
  if (!m) dctMatrices.set(key, (m = dctMatrix(n, nOut)));
  return m;
}

/** Cepstral coefficients of a log-power mel spectrogram (frames x bands): frames x nMfcc. */
export function mfccFromLogMel(logMel: FrameMatrix, nMfcc = MFCC_DEFAULTS.nMfcc, lifter = MFCC_DEFAULTS.lifter): FrameMatrix {
  if (!(lifter >= 0)) throw new ParameterError('lifter', `must be non-negative, got ${lifter}`);
  const n = logMel.bins;
  const dct = sharedDct(n, nMfcc);
  const out = new Float32Array(logMel.frames * nMfcc);
  const lift = Float64Array.from({ length: nMfcc }, (_, k) => (lifter > 0 ? 1 + (lifter / 2) * Math.sin((Math.PI * (k + 1)) / lifter) : 1));
  const x = logMel.data;
  // Four coefficients per pass over a frame: four independent sums instead of one
  // latency-bound chain (each sum still runs over j in order, so the values are unchanged).
  const full = nMfcc - (nMfcc % 4);
  for (let t = 0, base = 0, o = 0; t < logMel.frames; t++, base += n, o += nMfcc) mfccOfFrame(dct, lift, x, base, n, nMfcc, full, out, o);
  return { frames: logMel.frames, bins: nMfcc, data: out };
}

/**
 * The nMfcc coefficients of one frame (x[base .. base + n)) into out[o ..), the first `full` four
 * at a time. Called per frame so V8 optimises it within the first clip (no on-stack replacement).
 */
function mfccOfFrame(dct: Float64Array, lift: Float64Array, x: ArrayLike<number>, base: number, n: number, nMfcc: number, full: number, out: Float32Array, o: number): void {
  for (let k = 0; k < full; k += 4) {
    const r0 = k * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let j = 0; j < n; j++) {
      const v = x[base + j];
      a0 += dct[r0 + j] * v;
      a1 += dct[r1 + j] * v;
      a2 += dct[r2 + j] * v;
      a3 += dct[r3 + j] * v;
    }
    out[o + k] = a0 * lift[k];
    out[o + k + 1] = a1 * lift[k + 1];
    out[o + k + 2] = a2 * lift[k + 2];
    out[o + k + 3] = a3 * lift[k + 3];
  }
  for (let k = full; k < nMfcc; k++) {
    let acc = 0;
    const row = k * n;
    for (let j = 0; j < n; j++) acc += dct[row + j] * x[base + j];
    out[o + k] = acc * lift[k];
  }
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
