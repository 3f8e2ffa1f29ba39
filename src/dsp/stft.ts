/**
 * Short-time Fourier transform with librosa 0.9.2 framing: frame t starts at sample
 * t * hopLength of the signal padded by nFft/2 on both sides (`center`), the window of
 * `winLength` samples is zero-padded to nFft in the middle, and there are
 * 1 + floor((paddedLength - nFft) / hopLength) frames. Computed in Float64, stored as Float32.
 */
import { ParameterError } from '../errors.js';
import { RealFft } from './fft.js';
import type { FrameMatrix } from './frame-matrix.js';
import { maskedOverlapAddInWasm } from './overlap-add.js';
import { paddedRange, type PadMode } from './pad.js';
import { borrowFloat64, release } from './scratch.js';
import { getWindow, type WindowName } from './window.js';

export type { WindowName } from './window.js';
export type { PadMode } from './pad.js';

export interface StftOptions {
  /** FFT length in samples (>= 1); bins = floor(nFft/2) + 1. Default 2048. */
  nFft: number;
  /** Samples between frame starts (>= 1). Default floor(winLength / 4). */
  hopLength?: number;
  /** Window length in samples, 1..nFft; the window is centred in the nFft frame. Default nFft. */
  winLength?: number;
  /** Window shape (periodic). Default 'hann'. */
  window?: WindowName;
  /** Pad nFft/2 samples on both sides so frame t is centred at t * hopLength. Default true. */
  center?: boolean;
  /** Padding used by `center`. Default 'constant' (zeros), librosa 0.9.2's stft default. */
  padMode?: PadMode;
}

/** Defaults of `stft` (librosa 0.9.2). `hopLength` and `winLength` derive from nFft when absent. */
export const STFT_DEFAULTS = {
  nFft: 2048,
  window: 'hann' as WindowName,
  center: true,
  padMode: 'constant' as PadMode,
} as const;

/** STFT options with every default filled in. */
export interface ResolvedStftOptions {
  nFft: number;
  hopLength: number;
  winLength: number;
  window: WindowName;
  center: boolean;
  padMode: PadMode;
}

/** A complex spectrogram, frames x bins, frame-major: (frame t, bin k) is at index t * bins + k. */
export interface Spectrum {
  frames: number;
  bins: number;
  re: Float32Array;
  im: Float32Array;
}

/** |STFT|^power, frames x bins, frame-major, with the transform it came from. */
export interface Spectrogram extends FrameMatrix {
  /** FFT length that made it (bins = floor(nFft/2) + 1). */
  nFft: number;
  /** 1 for magnitude, 2 for power. */
  power: number;
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new ParameterError(name, `must be a positive integer, got ${value}`);
  return value;
}

/** Fills in defaults and checks ranges (ParameterError naming the option). */
export function resolveStftOptions(options: Partial<StftOptions> = {}): ResolvedStftOptions {
  const nFft = positiveInt(options.nFft ?? STFT_DEFAULTS.nFft, 'nFft');
  const winLength = positiveInt(options.winLength ?? nFft, 'winLength');
  if (winLength > nFft) throw new ParameterError('winLength', `must be at most nFft (${nFft}), got ${winLength}`);
  const hopLength = positiveInt(options.hopLength ?? Math.floor(winLength / 4), 'hopLength');
  const padMode = options.padMode ?? STFT_DEFAULTS.padMode;
  if (padMode !== 'reflect' && padMode !== 'constant') throw new ParameterError('padMode', `must be 'reflect' or 'constant', got '${padMode}'`);
  return { nFft, hopLength, winLength, window: options.window ?? STFT_DEFAULTS.window, center: options.center ?? STFT_DEFAULTS.center, padMode };
}

/** The window of `winLength` samples centred in nFft zeros (librosa `pad_center`). */
export function paddedWindow(window: WindowName, winLength: number, nFft: number): Float64Array {
  const w = getWindow(window, winLength, true);
  const out = new Float64Array(nFft);
  out.set(w, (nFft - winLength) >> 1);
  return out;
}

/** The signal as Float64, padded by nFft/2 on both sides when `center`, in borrowed memory (`release` it). */
export function paddedSignal(y: Float32Array, o: ResolvedStftOptions): Float64Array {
  const pad = o.center ? o.nFft >> 1 : 0;
  const out = borrowFloat64(y.length + 2 * pad);
  paddedRange(y, pad, o.padMode, 0, y.length + 2 * pad, out);
  return out;
}

/** Number of frames `stft` gives for `nSamples` samples. Throws when the signal is shorter than one frame. */
export function frameCount(nSamples: number, options: Partial<StftOptions> = {}): number {
  const o = resolveStftOptions(options);
  const len = o.center ? nSamples + 2 * (o.nFft >> 1) : nSamples;
  if (len < o.nFft) throw new ParameterError('nFft', `${o.nFft} is longer than the ${o.center ? 'padded ' : ''}signal (${len} samples)`);
  return 1 + Math.floor((len - o.nFft) / o.hopLength);
}

/**
 * Runs the windowed FFT over every frame and hands each frame's bins (Float64, reused
 * buffers: copy what must outlive the call) to `visit`, in frame order. The building block
 * that lets one STFT feed many statistics.
 */
export function forEachStftFrame(
  y: Float32Array,
  options: Partial<StftOptions>,
  visit: (frame: number, re: Float64Array, im: Float64Array) => void,
): { frames: number; bins: number; options: ResolvedStftOptions } {
  const o = resolveStftOptions(options);
  const frames = frameCount(y.length, o);
  const x = paddedSignal(y, o);
  const win = paddedWindow(o.window, o.winLength, o.nFft);
  const fft = new RealFft(o.nFft);
  const bins = fft.bins;
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  const re2 = new Float64Array(bins);
  const im2 = new Float64Array(bins);
  let t = 0;
  for (; t + 1 < frames; t += 2) {
    fft.forwardWindowedPair(x, t * o.hopLength, (t + 1) * o.hopLength, win, re, im, re2, im2);
    visit(t, re, im);
    visit(t + 1, re2, im2);
  }
  if (t < frames) {
    fft.forwardWindowed(x, t * o.hopLength, win, re, im);
    visit(t, re, im);
  }
  release(x);
  return { frames, bins, options: o };
}

/** Complex STFT of mono samples: frames x bins, frame-major (librosa `stft`, transposed). */
export function stft(y: Float32Array, options: Partial<StftOptions> = {}): Spectrum {
  const o = resolveStftOptions(options);
  const frames = frameCount(y.length, o);
  const bins = (o.nFft >> 1) + 1;
  const outRe = new Float32Array(frames * bins);
  const outIm = new Float32Array(frames * bins);
  forEachStftFrame(y, o, (t, re, im) => {
    outRe.set(re, t * bins);
    outIm.set(im, t * bins);
  });
  return { frames, bins, re: outRe, im: outIm };
}

/** |STFT|^power straight from the Float64 transform: frames x bins, frame-major. */
export function spectrogram(y: Float32Array, options: Partial<StftOptions> = {}, power = 1): Spectrogram {
  if (!(power > 0)) throw new ParameterError('power', `must be positive, got ${power}`);
  const o = resolveStftOptions(options);
  const frames = frameCount(y.length, o);
  const bins = (o.nFft >> 1) + 1;
  const data = new Float32Array(frames * bins);
  forEachStftFrame(y, o, (t, re, im) => {
    const base = t * bins;
    if (power === 2) for (let k = 0; k < bins; k++) data[base + k] = re[k] * re[k] + im[k] * im[k];
    else if (power === 1) for (let k = 0; k < bins; k++) data[base + k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    else for (let k = 0; k < bins; k++) data[base + k] = Math.pow(re[k] * re[k] + im[k] * im[k], power / 2);
  });
  return { frames, bins, nFft: o.nFft, power, data };
}

/**
 * |STFT|^power of samples, or an existing spectrogram brought to `power` (reused when it already
 * has it). The entry point of every spectral feature, so that one STFT can feed many of them.
 */
export function spectrogramOf(input: Float32Array | Spectrogram, options: Partial<StftOptions>, power: number): Spectrogram {
  if (input instanceof Float32Array) return spectrogram(input, options, power);
  if (input.power === power) return input;
  const ratio = power / input.power;
  const data = new Float32Array(input.data.length);
  const src = input.data;
  if (ratio === 2) for (let i = 0; i < src.length; i++) data[i] = src[i] * src[i];
  else if (ratio === 0.5) for (let i = 0; i < src.length; i++) data[i] = Math.sqrt(src[i]);
  else for (let i = 0; i < src.length; i++) data[i] = Math.pow(src[i], ratio);
  return { frames: input.frames, bins: input.bins, nFft: input.nFft, power, data };
}

/** |spec|^power, frames x bins, frame-major. */
export function magnitude(spec: Spectrum, power = 1): Float32Array {
  const n = spec.frames * spec.bins;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const p = spec.re[i] * spec.re[i] + spec.im[i] * spec.im[i];
    out[i] = power === 2 ? p : power === 1 ? Math.sqrt(p) : Math.pow(p, power / 2);
  }
  return out;
}

export interface IstftOptions {
  /** FFT length of the forward transform. Default 2 * (bins - 1), as librosa assumes. */
  nFft?: number;
  /** Default floor(winLength / 4). */
  hopLength?: number;
  /** Default nFft. */
  winLength?: number;
  /** Default 'hann'. */
  window?: WindowName;
  /** Whether the forward transform was centred (trims nFft/2 from both ends). Default true. */
  center?: boolean;
  /** Exact output length in samples (zero-padded or cut). Default: all frames, trimmed. */
  length?: number;
}

/**
 * Inverse STFT by weighted overlap-add, normalised by the summed squared window (librosa 0.9.2
 * `istft`); `istft(stft(y), { length: y.length })` gives back y where the window sum is nonzero.
 */
export function istft(spec: Spectrum, options: IstftOptions = {}): Float32Array {
  return istftMasked(spec, null, options);
}

/**
 * `istft` of the STFT scaled bin by bin by `mask` (frames x bins, frame-major, like `spec`), or of
 * `spec` itself when `mask` is null: applying a soft mask while reading each frame saves
 * building the masked STFT. The samples go to `out` when given (a caller reusing its buffer;
 * it must hold the output length) and a new array otherwise.
 */
export function istftMasked(spec: Spectrum, mask: Float32Array | null, options: IstftOptions = {}, out?: Float32Array): Float32Array {
  const nFft = positiveInt(options.nFft ?? 2 * (spec.bins - 1), 'nFft');
  if ((nFft >> 1) + 1 !== spec.bins) throw new ParameterError('nFft', `${nFft} does not give ${spec.bins} bins`);
  const winLength = positiveInt(options.winLength ?? nFft, 'winLength');
  if (winLength > nFft) throw new ParameterError('winLength', `must be at most nFft (${nFft}), got ${winLength}`);
  const hop = positiveInt(options.hopLength ?? Math.floor(winLength / 4), 'hopLength');
  const center = options.center ?? true;
  const window = options.window ?? 'hann';
  const length = options.length;
  if (length !== undefined && (!Number.isInteger(length) || length < 0)) throw new ParameterError('length', `must be a non-negative integer, got ${length}`);
  const bins = spec.bins;
  if (mask && mask.length !== spec.frames * bins) throw new ParameterError('mask', `length ${mask.length} is not frames x bins = ${spec.frames} x ${bins}`);

  let nFrames = spec.frames;
  if (length !== undefined) {
    const paddedLength = center ? length + nFft : length;
    nFrames = Math.min(spec.frames, Math.ceil(paddedLength / hop));
  }
  const total = Math.max(nFft + hop * (nFrames - 1), 0);
  const offset = center ? nFft >> 1 : 0;
  const outLength = length ?? Math.max(total - (center ? 2 * (nFft >> 1) : 0), 0);
  const win = paddedWindow(window, winLength, nFft);
  if (out && out.length !== outLength) throw new ParameterError('out', `has ${out.length} samples, the output has ${outLength}`);
  const result = out ?? new Float32Array(outLength);
  const end = Math.min(outLength, total - offset);
  // The sum of the squared window, tabulated over one period in the middle (see windowSumSquare).
  const wsum = windowSumSquare(win, hop, nFrames);
  // Output sample i is padded sample i + offset: normalised by the window sum where it is nonzero
  // (Float32 `tiny`, librosa's threshold), trimmed to [0, end).
  const normalise = (view: Float64Array, viewStart: number, from: number, to: number): void =>
    normaliseSpan(view, viewStart, Math.max(from - offset, 0), Math.min(to - offset, end), offset, wsum, result);
  if (!(center && wellConditioned(wsum.period) && maskedOverlapAddInWasm(nFft, window, winLength, spec, mask, nFrames, hop, normalise))) {
    const fft = new RealFft(nFft);
    const re = new Float64Array(bins);
    const im = new Float64Array(bins);
    const y = borrowFloat64(total).fill(0);
    const { re: sRe, im: sIm } = spec;
    for (let t = 0; t < nFrames; t++) {
      frameInto(sRe, sIm, mask, t * bins, bins, re, im);
      fft.inverseWindowedAdd(re, im, win, y, t * hop);
    }
    normalise(y, 0, 0, total);
    release(y);
  }
  result.fill(0, Math.max(end, 0));
  return result;
}

/**
 * out[i] = y[i + offset] / (window sum at i + offset) for i in [from, to), y[p] being
 * view[p - viewStart]: the periodic stretch by `divideByPeriod`, the ends by `divideByWindowSum`.
 */
function normaliseSpan(view: Float64Array, viewStart: number, from: number, to: number, offset: number, wsum: WindowSum, out: Float32Array): void {
  if (to <= from) return;
  const steadyLo = Math.min(Math.max(wsum.steadyFrom - offset, from), to);
  const steadyHi = Math.max(Math.min(wsum.steadyTo - offset, to), steadyLo);
  const shift = offset - viewStart;
  divideByWindowSum(view, shift, offset, wsum.at, out, from, steadyLo);
  if (steadyHi > steadyLo) divideByPeriod(view, shift, wsum.inverse, (steadyLo + offset - wsum.steadyFrom) % wsum.inverse.length, out, steadyLo, steadyHi);
  divideByWindowSum(view, shift, offset, wsum.at, out, steadyHi, to);
}

/**
 * Whether the Float32 overlap-add may run (overlap-add.ts): the periodic window sum varies by at
 * most 2x (Hann with a hop up to nFft / 2), so dividing by it cannot magnify the Float32
 * transform's noise floor (about 1e-7 of a frame's peak). Where frames barely overlap the sum
 * nears 0 between them, and only Float64 keeps those samples; uncentred frames have such a stretch
 * at each end, so they take the Float64 path too.
 */
function wellConditioned(period: Float64Array): boolean {
  if (period.length === 0) return false;
  let lo = Infinity;
  let hi = 0;
  for (const w of period) {
    lo = Math.min(lo, w);
    hi = Math.max(hi, w);
  }
  return lo >= 0.5 * hi;
}

// The loops of `istftMasked`, each a function of its own so that V8 compiles each whole, once,
// rather than replacing `istftMasked` on the stack and deoptimising (and recompiling) it at the
// next loop on every clip.
const FLOAT32_TINY = 1.1754943508222875e-38;

/** Frame `base / bins` of the STFT, times the mask when there is one, into re, im. */
function frameInto(sRe: Float32Array, sIm: Float32Array, mask: Float32Array | null, base: number, bins: number, re: Float64Array, im: Float64Array): void {
  if (!mask) {
    re.set(sRe.subarray(base, base + bins));
    im.set(sIm.subarray(base, base + bins));
    return;
  }
  for (let k = 0; k < bins; k++) {
    const g = mask[base + k];
    re[k] = sRe[base + k] * g;
    im[k] = sIm[base + k] * g;
  }
}

/** out[i] = y[i + shift] / at(i + offset) for i in [from, to), where the window sum exceeds Float32 tiny. */
function divideByWindowSum(y: Float64Array, shift: number, offset: number, at: (p: number) => number, out: Float32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const w = at(i + offset);
    out[i] = w > FLOAT32_TINY ? y[i + shift] / w : y[i + shift];
  }
}

/**
 * `divideByWindowSum` on the periodic stretch, multiplying by the reciprocal sums (half the time
 * of dividing each sample): the sum of sample `from` is the one of inverse[j0], then the next
 * ones cyclically, a run of one period at a time. The product and the quotient differ by at most
 * an ulp of Float64, which the rounding to Float32 absorbs unless the quotient lies within that
 * ulp of a Float32 rounding boundary; the parity tests hold the result to librosa's.
 */
function divideByPeriod(y: Float64Array, shift: number, inverse: Float64Array, j0: number, out: Float32Array, from: number, to: number): void {
  const hop = inverse.length;
  for (let i = from, j = j0; i < to; j = 0) {
    const stop = Math.min(to, i + hop - j);
    for (; i < stop; i++, j++) out[i] = y[i + shift] * inverse[j];
  }
}

/** The squared-window sum of an overlap-add (see windowSumSquare). */
interface WindowSum {
  /** The sum at padded sample p, from its terms. */
  at: (p: number) => number;
  /** On [steadyFrom, steadyTo) the sum repeats with period hop: inverse[(p - steadyFrom) % hop] is 1 / the sum at p (1 where it is below Float32 tiny). */
  inverse: Float64Array;
  steadyFrom: number;
  steadyTo: number;
  /** The sums of one period (empty when there is no steady stretch). */
  period: Float64Array;
}

/**
 * Sum of the squared window at sample p of the overlap-add of `nFrames` frames `hop` apart
 * (librosa `window_sumsquare`), its terms added in frame order (`at`). On [steadyFrom,
 * steadyTo) every sample sees a full set of frames, so the sum repeats with period `hop` there:
 * `period[(p - steadyFrom) % hop]` holds it (both bounds 0 when there is no such stretch).
 */
function windowSumSquare(win: Float64Array, hop: number, nFrames: number): WindowSum {
  const nFft = win.length;
  const wsq = win.map((w) => w * w);
  const at = (p: number): number => {
    let sum = 0;
    const last = Math.min(nFrames - 1, Math.floor(p / hop));
    for (let t = Math.max(0, Math.ceil((p - nFft + 1) / hop)); t <= last; t++) sum += wsq[p - t * hop];
    return sum;
  };
  const steadyFrom = nFft - 1;
  const steadyTo = nFrames * hop;
  if (steadyTo - steadyFrom <= hop) return { at, period: new Float64Array(0), inverse: new Float64Array(0), steadyFrom: 0, steadyTo: 0 };
  const period = new Float64Array(hop);
  for (let i = 0; i < hop; i++) period[i] = at(steadyFrom + i);
  const inverse = period.map((w) => (w > FLOAT32_TINY ? 1 / w : 1));
  return { at, period, inverse, steadyFrom, steadyTo };
}

