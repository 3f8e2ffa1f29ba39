/**
 * Harmonic / percussive source separation by median filtering (Fitzgerald 2010), exactly as
 * librosa 0.9.2 `decompose.hpss` and `effects.hpss`: the magnitude spectrogram is median-filtered
 * along time (harmonic: horizontal ridges) and along frequency (percussive: vertical ridges),
 * the two filtered images give soft masks, and the masked complex STFTs are inverted.
 *
 * Spectrograms here are frames x bins, frame-major (index t * bins + k), as `stft` returns.
 */
import { ParameterError } from '../errors.js';
import { columnMedianSoftmask, medianFilterAlongRows, medianFilterDownColumns } from './median.js';
import { borrowFloat32, release } from './scratch.js';
import { istft, magnitude, resolveStftOptions, stft, type Spectrum, type StftOptions } from './stft.js';

export interface HpssOptions {
  /** Median kernel length, in frames for the harmonic (time) filter and bins for the percussive
   * (frequency) filter; one number for both or [harmonic, percussive]. Positive integers. Default 31. */
  kernelSize: number | readonly [number, number];
  /** Exponent of the soft mask, > 0; Infinity gives a binary mask. Default 2. */
  power: number;
  /** Margin >= 1 by which one component must dominate the other (librosa `margin`); one number
   * or [harmonic, percussive]. Margins above 1 leave a residual in neither output. Default 1. */
  margin: number | readonly [number, number];
}

/** Defaults of HPSS (librosa 0.9.2 `decompose.hpss`). */
export const HPSS_DEFAULTS: Readonly<HpssOptions> = { kernelSize: 31, power: 2, margin: 1 };

/** STFT length of `hpssWaveforms` (librosa `effects.hpss` calls `stft(y)` with its defaults; hop nFft / 4). */
export const HPSS_STFT_DEFAULTS = { nFft: 2048 } as const;

/** Harmonic and percussive soft masks in [0, 1], frames x bins, frame-major. */
export interface HpssMasks {
  frames: number;
  bins: number;
  harmonic: Float32Array;
  percussive: Float32Array;
}

/** Float32 `tiny`: librosa's softmask treats max(X, X_ref) below it as zero energy. */
const FLOAT32_TINY = 1.1754943508222875e-38;

function pair(value: number | readonly [number, number], name: string): [number, number] {
  const p: [number, number] = typeof value === 'number' ? [value, value] : [value[0], value[1]];
  if (p.length !== 2 || !p.every((v) => typeof v === 'number')) throw new ParameterError(name, 'must be a number or a pair of numbers');
  return p;
}

/** Resolves and checks HPSS options (ParameterError naming the option). */
export function resolveHpssOptions(options: Partial<HpssOptions> = {}): { kernel: [number, number]; power: number; margin: [number, number] } {
  const kernel = pair(options.kernelSize ?? HPSS_DEFAULTS.kernelSize, 'kernelSize');
  if (!kernel.every((k) => Number.isInteger(k) && k >= 1)) throw new ParameterError('kernelSize', `must be positive integers, got ${kernel.join(', ')}`);
  const power = options.power ?? HPSS_DEFAULTS.power;
  if (!(power > 0)) throw new ParameterError('power', `must be > 0, got ${power}`);
  const margin = pair(options.margin ?? HPSS_DEFAULTS.margin, 'margin');
  if (!margin.every((m) => m >= 1)) throw new ParameterError('margin', `must be >= 1, got ${margin.join(', ')}`);
  return { kernel, power, margin };
}

/**
 * librosa `util.softmask(x, ref, power, split_zeros)` for one element:
 * x^p / (x^p + ref^p), computed relative to max(x, ref) to avoid overflow.
 */
function softmask(x: number, ref: number, power: number, splitZeros: boolean): number {
  const z = x > ref ? x : ref;
  if (z < FLOAT32_TINY) return splitZeros ? 0.5 : 0;
  if (power === Infinity) return x > ref ? 1 : 0;
  const a = power === 2 ? (x / z) * (x / z) : Math.pow(x / z, power);
  const b = power === 2 ? (ref / z) * (ref / z) : Math.pow(ref / z, power);
  return a / (a + b);
}

/**
 * softmask(x, margin * ref) element-wise into `out` (which may be `x` itself). Power 2 with
 * split zeros, the default, runs inlined.
 */
function softmasks(x: ArrayLike<number>, ref: ArrayLike<number>, margin: number, power: number, splitZeros: boolean, out: Float32Array): Float32Array {
  if (power === 2 && splitZeros && margin === 1) {
    for (let i = 0; i < out.length; i++) {
      const a = x[i];
      const b = ref[i];
      // max(a, b) < tiny written as two tests that are almost always false: the max itself was
      // an unpredictable branch that cost more than the arithmetic.
      out[i] = a < FLOAT32_TINY && b < FLOAT32_TINY ? 0.5 : (a * a) / (a * a + b * b);
    }
  } else {
    for (let i = 0; i < out.length; i++) out[i] = softmask(x[i], ref[i] * margin, power, splitZeros);
  }
  return out;
}

/**
 * HPSS masks of a magnitude spectrogram (frames x bins, frame-major, linear magnitude).
 * harmonic = softmask(H, margin_h * P), percussive = softmask(P, margin_p * H) where H and P are
 * the time- and frequency-median-filtered magnitudes; with margins 1 the masks sum to 1.
 */
export function hpssMasks(mag: Float32Array | Float64Array, frames: number, bins: number, options: Partial<HpssOptions> = {}): HpssMasks {
  const { kernel, power, margin } = resolveHpssOptions(options);
  const harm = medianFilterDownColumns(mag, frames, bins, kernel[0]);
  const perc = medianFilterAlongRows(mag, frames, bins, kernel[1]);
  const splitZeros = margin[0] === 1 && margin[1] === 1;
  const n = frames * bins;
  return {
    frames,
    bins,
    harmonic: softmasks(harm, perc, margin[0], power, splitZeros, new Float32Array(n)),
    percussive: softmasks(perc, harm, margin[1], power, splitZeros, new Float32Array(n)),
  };
}

/**
 * The harmonic mask alone, frames x bins (for a caller that keeps only the harmonic part, or
 * takes the percussive one as the residual): softmask(H, margin_h * P). The mask goes to `out`
 * when given (frames * bins values, not `mag`), a new array otherwise.
 */
export function harmonicMask(mag: Float32Array | Float64Array, frames: number, bins: number, options: Partial<HpssOptions> = {}, out?: Float32Array): Float32Array {
  const { kernel, power, margin } = resolveHpssOptions(options);
  if (out && (out.length !== frames * bins || out.buffer === mag.buffer)) throw new ParameterError('out', `must be a separate buffer of ${frames * bins} values`);
  if (mag instanceof Float32Array) return harmonicMaskGivenPercussive(mag, medianFilterAlongRows(mag, frames, bins, kernel[1], out), frames, bins, options);
  const harm = medianFilterDownColumns(mag, frames, bins, kernel[0]);
  const perc = medianFilterAlongRows(mag, frames, bins, kernel[1]);
  const splitZeros = margin[0] === 1 && margin[1] === 1;
  return softmasks(harm, perc, margin[0], power, splitZeros, out ?? new Float32Array(harm.length));
}

/**
 * The harmonic mask of the magnitudes `mag` (frames x bins) given their frequency median `perc`,
 * which the caller computed (e.g. block by block during the STFT) and which the mask
 * softmask(H, margin_h * P) overwrites and is returned; H, the time median, is computed here. The
 * default power and margins run in one pass of the median kernel (time median and mask
 * together).
 */
export function harmonicMaskGivenPercussive(mag: Float32Array, perc: Float32Array, frames: number, bins: number, options: Partial<HpssOptions> = {}): Float32Array {
  const { kernel, power, margin } = resolveHpssOptions(options);
  if (mag.length !== frames * bins || perc.length !== frames * bins) throw new ParameterError('medians', `must hold frames x bins = ${frames} x ${bins} values`);
  const splitZeros = margin[0] === 1 && margin[1] === 1;
  if (power === 2 && splitZeros && columnMedianSoftmask(mag, frames, bins, kernel[0], perc)) return perc;
  const harm = medianFilterDownColumns(mag, frames, bins, kernel[0], borrowFloat32(mag.length));
  softmasks(harm, perc, margin[0], power, splitZeros, perc);
  release(harm);
  return perc;
}

function applyMask(spec: Spectrum, mask: Float32Array): Spectrum {
  const n = spec.frames * spec.bins;
  const re = new Float32Array(n);
  const im = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = spec.re[i] * mask[i];
    im[i] = spec.im[i] * mask[i];
  }
  return { frames: spec.frames, bins: spec.bins, re, im };
}

/** Splits a complex STFT (frames x bins) into harmonic and percussive STFTs (librosa `decompose.hpss`). */
export function hpss(spec: Spectrum, options: Partial<HpssOptions> = {}): { harmonic: Spectrum; percussive: Spectrum } {
  const masks = hpssMasks(magnitude(spec), spec.frames, spec.bins, options);
  return { harmonic: applyMask(spec, masks.harmonic), percussive: applyMask(spec, masks.percussive) };
}

/** Options of `hpssWaveforms`: HPSS options plus the STFT's `nFft` (default 2048) and `hopLength` (default nFft / 4). */
export type HpssWaveformOptions = Partial<HpssOptions> & Partial<Pick<StftOptions, 'nFft' | 'hopLength'>>;

/**
 * Harmonic and percussive waveforms of mono samples, each as long as `y` (librosa
 * `effects.hpss(y)`): STFT (Hann, centred, zero padding), `hpss`, inverse STFT of each part.
 */
export function hpssWaveforms(y: Float32Array, options: HpssWaveformOptions = {}): { harmonic: Float32Array; percussive: Float32Array } {
  const stftOptions = resolveStftOptions({
    nFft: options.nFft ?? HPSS_STFT_DEFAULTS.nFft,
    hopLength: options.hopLength,
  });
  const parts = hpss(stft(y, stftOptions), options);
  const inverse = { nFft: stftOptions.nFft, hopLength: stftOptions.hopLength, length: y.length };
  return { harmonic: istft(parts.harmonic, inverse), percussive: istft(parts.percussive, inverse) };
}
