/**
 * Onset strength (spectral flux) exactly as librosa 0.9.2 `onset.onset_strength`: the positive
 * part of the frame-to-frame increase of a dB mel spectrogram, averaged over the mel bands, then
 * shifted so that onsets line up with the centred STFT frames.
 */
import { ParameterError } from '../errors.js';
import { powerToDb } from './db.js';
import { reflectHalfSampleIndex } from './median.js';
import { melSpectrogram } from './mel.js';
import type { Spectrogram } from './stft.js';

export interface OnsetStrengthOptions {
  /** Frames between the compared spectra (>= 1). Default 1. */
  lag: number;
  /** Width in bands of the maximum filter applied across frequency to the reference spectrum
   * (librosa `max_size`, superflux); 1 disables it. Default 1. */
  maxSize: number;
  /** Remove the DC component with the filter (1 - z^-1) / (1 - 0.99 z^-1). Default false. */
  detrend: boolean;
  /** Shift by nFft / (2 hopLength) frames to undo centred framing, and cut to the input's frame count. Default true. */
  center: boolean;
  /** FFT length of the spectrogram (used by `center`). Default 2048. */
  nFft: number;
  /** Hop of the spectrogram in samples (used by `center`). Default 512. */
  hopLength: number;
}

/** Defaults of onset strength (librosa 0.9.2). */
export const ONSET_STRENGTH_DEFAULTS: Readonly<OnsetStrengthOptions> = {
  lag: 1,
  maxSize: 1,
  detrend: false,
  center: true,
  nFft: 2048,
  hopLength: 512,
};

function resolve(options: Partial<OnsetStrengthOptions>): OnsetStrengthOptions {
  const o = { ...ONSET_STRENGTH_DEFAULTS, ...options };
  for (const key of ['lag', 'maxSize', 'nFft', 'hopLength'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new ParameterError(key, `must be a positive integer, got ${o[key]}`);
  }
  return o;
}

/** scipy.ndimage.maximum_filter1d along bands (mode 'reflect') of one frame. */
function maxAcrossBands(src: ArrayLike<number>, base: number, bands: number, size: number, out: Float64Array): void {
  const h = size >> 1;
  for (let b = 0; b < bands; b++) {
    let m = -Infinity;
    for (let j = 0; j < size; j++) {
      const v = src[base + reflectHalfSampleIndex(b - h + j, bands)];
      if (v > m) m = v;
    }
    out[b] = m;
  }
}

/**
 * Onset strength envelope of a spectrogram (usually dB mel: `powerToDb(melSpectrogram)`),
 * given frames x bands, frame-major. Returns one value per frame (`frames` values when
 * `center`, else frames + the shift), in the spectrogram's units per frame.
 */
export function onsetStrengthFromSpectrogram(
  spec: ArrayLike<number>,
  frames: number,
  bands: number,
  options: Partial<OnsetStrengthOptions> = {},
): Float32Array {
  const o = resolve(options);
  if (spec.length !== frames * bands) throw new ParameterError('spec', `length ${spec.length} is not frames x bands = ${frames} x ${bands}`);
  const shift = o.lag + (o.center ? Math.floor(o.nFft / (2 * o.hopLength)) : 0);
  const fluxFrames = Math.max(frames - o.lag, 0);
  const total = shift + fluxFrames;
  const env = new Float64Array(total);
  const ref = new Float64Array(bands);
  for (let t = 0; t < fluxFrames; t++) {
    const prev = t * bands;
    if (o.maxSize > 1) maxAcrossBands(spec, prev, bands, o.maxSize, ref);
    env[shift + t] = meanRise(spec, (t + o.lag) * bands, prev, bands, o.maxSize > 1 ? ref : null);
  }
  if (o.detrend) detrend(env);
  const outLength = o.center ? Math.min(total, frames) : total;
  return Float32Array.from(env.subarray(0, outLength));
}

export interface OnsetStrengthAudioOptions extends OnsetStrengthOptions {
  /** Sample rate of the samples in Hz. Default 22050. */
  sr: number;
  /** Mel bands of the spectrogram (fmax sr / 2, Slaney). Default 128. */
  nMels: number;
}

/** Defaults of `onsetStrength` (librosa 0.9.2 `onset.onset_strength(y=y, sr=sr)`). */
export const ONSET_STRENGTH_AUDIO_DEFAULTS: Readonly<OnsetStrengthAudioOptions> = { ...ONSET_STRENGTH_DEFAULTS, sr: 22050, nMels: 128 };

/**
 * Onset strength of mono samples (or of their STFT spectrogram with nFft and hop as in
 * `options`): one value per STFT frame, from `powerToDb(melSpectrogram)` (ref 1, top_db 80).
 */
export function onsetStrength(input: Float32Array | Spectrogram, options: Partial<OnsetStrengthAudioOptions> = {}): Float32Array {
  const o = { ...ONSET_STRENGTH_AUDIO_DEFAULTS, ...options };
  if (!(o.sr > 0)) throw new ParameterError('sr', `must be positive, got ${o.sr}`);
  const mel = melSpectrogram(input, { sr: o.sr, nFft: o.nFft, hopLength: o.hopLength, nMels: o.nMels, fmax: o.sr / 2, power: 2 });
  return onsetStrengthFromSpectrogram(powerToDb(mel.data), mel.frames, mel.bins, o);
}

// The loops of `onsetStrengthFromSpectrogram` as functions of their own: V8 optimises each once
// instead of replacing the long loops on the stack (and deoptimising them) clip after clip.

/** Mean over bands of max(0, spec[cur + b] - reference), the reference being ref[b] or spec[prev + b]. */
function meanRise(spec: ArrayLike<number>, cur: number, prev: number, bands: number, ref: Float64Array | null): number {
  let sum = 0;
  for (let b = 0; b < bands; b++) {
    const d = spec[cur + b] - (ref ? ref[b] : spec[prev + b]);
    if (d > 0) sum += d;
  }
  return sum / bands;
}

/** librosa's detrend of the envelope in place: y[i] = x[i] - x[i - 1] + 0.99 y[i - 1]. */
function detrend(env: Float64Array): void {
  let xPrev = 0;
  let yPrev = 0;
  for (let i = 0; i < env.length; i++) {
    const x = env[i];
    yPrev = x - xPrev + 0.99 * yPrev;
    xPrev = x;
    env[i] = yPrev;
  }
}
