/**
 * Spectral shape statistics per frame, as librosa 0.9.2 `spectral_centroid`,
 * `spectral_bandwidth` and `spectral_rolloff`, computed on the STFT magnitude (power 1).
 * Each takes samples or a spectrogram of them, so one STFT can feed all three.
 */
import { ParameterError } from '../errors.js';
import { fftFrequencies } from './mel.js';
import { spectrogramOf, type Spectrogram, type StftOptions } from './stft.js';

export interface SpectralOptions extends StftOptions {
  /** Sample rate in Hz. Default 22050. */
  sr: number;
}

export const SPECTRAL_DEFAULTS: SpectralOptions = { sr: 22050, nFft: 2048 };

export interface BandwidthOptions extends SpectralOptions {
  /** Order of the deviation. Default 2. */
  p: number;
  /** Normalise each frame's magnitudes to sum 1. Default true. */
  norm: boolean;
}

export const BANDWIDTH_DEFAULTS: BandwidthOptions = { ...SPECTRAL_DEFAULTS, p: 2, norm: true };

export interface RolloffOptions extends SpectralOptions {
  /** Fraction of the frame's magnitude sum below the roll-off frequency, in (0, 1). Default 0.85. */
  rollPercent: number;
}

export const ROLLOFF_DEFAULTS: RolloffOptions = { ...SPECTRAL_DEFAULTS, rollPercent: 0.85 };

// util.normalize threshold for float32 input: frames whose sum is below it are left unscaled.
const TINY = 1.1754943508222875e-38;

function magnitudeOf(input: Float32Array | Spectrogram, o: SpectralOptions): { S: Spectrogram; freq: Float64Array } {
  const S = spectrogramOf(input, o, 1);
  return { S, freq: fftFrequencies(o.sr, S.nFft) };
}

/**
 * Spectral centroid of one magnitude frame data[base .. base + bins), Hz; `freq` the bins'
 * frequencies (`fftFrequencies`). The per-frame step of `spectralCentroid`, for callers that
 * visit the STFT frame by frame.
 */
export function centroidOfFrame(data: Float32Array, base: number, bins: number, freq: Float64Array): number {
  let sum = 0;
  let weighted = 0;
  for (let k = 0; k < bins; k++) {
    sum += data[base + k];
    weighted += freq[k] * data[base + k];
  }
  return weighted / (sum < TINY ? 1 : sum);
}

/** Magnitude-weighted mean frequency of each frame, Hz: one value per frame. */
export function spectralCentroid(input: Float32Array | Spectrogram, options: Partial<SpectralOptions> = {}): Float32Array {
  const o = { ...SPECTRAL_DEFAULTS, ...options };
  const { S, freq } = magnitudeOf(input, o);
  const out = new Float32Array(S.frames);
  for (let t = 0; t < S.frames; t++) out[t] = centroidOfFrame(S.data, t * S.bins, S.bins, freq);
  return out;
}

/** (sum_k w_k |f_k - centroid|^p)^(1/p) per frame, Hz, w the (normalised) magnitudes: one value per frame. */
export function spectralBandwidth(
  input: Float32Array | Spectrogram,
  options: Partial<BandwidthOptions> = {},
  centroid?: Float32Array,
): Float32Array {
  const o = { ...BANDWIDTH_DEFAULTS, ...options };
  if (!(o.p > 0)) throw new ParameterError('p', `must be positive, got ${o.p}`);
  const { S, freq } = magnitudeOf(input, o);
  if (centroid && centroid.length !== S.frames) throw new ParameterError('centroid', `has ${centroid.length} frames, spectrogram ${S.frames}`);
  const out = new Float32Array(S.frames);
  for (let t = 0; t < S.frames; t++) {
    const base = t * S.bins;
    const c = centroid ? centroid[t] : centroidOfFrame(S.data, base, S.bins, freq);
    out[t] = bandwidthOfFrame(S.data, base, S.bins, freq, c, o.p, o.norm);
  }
  return out;
}

// Per-frame helpers (like centroidOfFrame): called per frame, V8 optimises them within the first
// clip instead of replacing the frame loop on the stack and deoptimising it later.

/** Spectral bandwidth of one magnitude frame around centroid `c` (Hz), order `p`; the per-frame step of `spectralBandwidth`. */
export function bandwidthOfFrame(data: Float32Array, base: number, bins: number, freq: Float64Array, c: number, p: number, norm: boolean): number {
  let sum = 0;
  if (norm) for (let k = 0; k < bins; k++) sum += data[base + k];
  const scale = norm && sum >= TINY ? 1 / sum : 1;
  let acc = 0;
  for (let k = 0; k < bins; k++) {
    const dev = Math.abs(freq[k] - c);
    acc += data[base + k] * scale * (p === 2 ? dev * dev : Math.pow(dev, p));
  }
  return Math.pow(acc, 1 / p);
}

/** Roll-off frequency (Hz) of one magnitude frame; the per-frame step of `spectralRolloff`. */
export function rolloffOfFrame(data: Float32Array, base: number, bins: number, freq: Float64Array, rollPercent: number): number {
  let total = 0;
  for (let k = 0; k < bins; k++) total += data[base + k];
  const threshold = rollPercent * total;
  let cum = 0;
  let k = 0;
  for (; k < bins; k++) {
    cum += data[base + k];
    if (cum >= threshold) break;
  }
  return freq[Math.min(k, bins - 1)];
}

/** Lowest bin frequency (Hz) at which the cumulative magnitude reaches rollPercent of the frame total: one value per frame. */
export function spectralRolloff(input: Float32Array | Spectrogram, options: Partial<RolloffOptions> = {}): Float32Array {
  const o = { ...ROLLOFF_DEFAULTS, ...options };
  if (!(o.rollPercent > 0 && o.rollPercent < 1)) throw new ParameterError('rollPercent', `must be in (0, 1), got ${o.rollPercent}`);
  const { S, freq } = magnitudeOf(input, o);
  const out = new Float32Array(S.frames);
  for (let t = 0; t < S.frames; t++) out[t] = rolloffOfFrame(S.data, t * S.bins, S.bins, freq, o.rollPercent);
  return out;
}
