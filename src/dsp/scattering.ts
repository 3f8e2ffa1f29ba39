/**
 * First- and second-order time scattering transform (Anden & Mallat, "Deep scattering spectrum"):
 *
 *   S1(t, l1)     = |x * psi_l1| * phi (t)
 *   S2(t, l1, l2) = ||x * psi_l1| * psi_l2| * phi (t)
 *
 * with the Morlet banks of `scattering-filters.ts` (first order Q1 per octave, second order Q2 per
 * octave) and a Gaussian phi averaging over T seconds. Second-order paths are kept only where
 * xi_l2 is below the bandwidth (FWHM) of psi_l1: the envelope |x * psi_l1| has no energy above it.
 *
 * Every convolution is a product with the signal's FFT. The signal is mirrored (numpy 'reflect')
 * on both sides to a power-of-two length N, and each band-limited result is computed directly at
 * a reduced rate by folding its spectrum (decimating by D in time = summing the D aliases of the
 * spectrum, exact for the samples kept), with the rate chosen so its Nyquist frequency is at least
 * 6 standard deviations of the filter. Outputs are sampled every `hopLength` samples: frame m is
 * centred on sample m * hopLength of the input.
 */
import { ParameterError } from '../errors.js';
import { ComplexFft, RealFft } from './fft.js';
import { morletBank, phiResponse, phiSigmaHz, waveletResponse, type Wavelet } from './scattering-filters.js';

export interface ScatteringOptions {
  /** Sample rate of the input, Hz. Default 16000. */
  sampleRate: number;
  /** First-order wavelets per octave. Default 8. */
  q1: number;
  /** Second-order wavelets per octave. Default 1. */
  q2: number;
  /** Averaging window T in seconds: phi's time standard deviation is T / 4. Default 0.74 (the paper's 740 ms). */
  averagingSeconds: number;
  /** Samples between output frames, a power of two. Default 4096 (256 ms at 16 kHz). */
  hopLength: number;
  /** The first-order bank reaches down to this frequency, Hz. Default 20. */
  fMinHz: number;
}

/** Defaults of the scattering transform. */
export const SCATTERING_DEFAULTS: Readonly<ScatteringOptions> = {
  sampleRate: 16000,
  q1: 8,
  q2: 1,
  averagingSeconds: 0.74,
  hopLength: 4096,
  fMinHz: 20,
};

/** The filters of a scattering transform and the second-order paths it keeps. */
export interface ScatteringFilterBank {
  options: ScatteringOptions;
  /** Frequency standard deviation of phi, Hz. */
  phiSigmaHz: number;
  /** First-order wavelets, high to low frequency. */
  first: Wavelet[];
  /** Second-order wavelets, high to low frequency. */
  second: Wavelet[];
  /** Kept second-order paths as [first-order index, second-order index], grouped by first order. */
  paths: [number, number][];
}

/** Scattering coefficients, frames x coefficients (frame-major) per order. */
export interface ScatteringResult {
  frames: number;
  bank: ScatteringFilterBank;
  /** frames x first.length */
  s1: Float32Array;
  /** frames x paths.length */
  s2: Float32Array;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/** Resolves and checks options (ParameterError naming the option). */
export function resolveScatteringOptions(options: Partial<ScatteringOptions> = {}): ScatteringOptions {
  const o = { ...SCATTERING_DEFAULTS, ...options };
  if (!(o.sampleRate > 0)) throw new ParameterError('sampleRate', `must be > 0, got ${o.sampleRate}`);
  if (!isPowerOfTwo(o.hopLength) || o.hopLength > 2 ** 20) throw new ParameterError('hopLength', `must be a power of two up to 2^20, got ${o.hopLength}`);
  if (!(o.averagingSeconds > 0)) throw new ParameterError('averagingSeconds', `must be > 0, got ${o.averagingSeconds}`);
  return o;
}

/** Full width at half maximum of a Gaussian amplitude response of standard deviation sigma. */
const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);

/** Builds the filter banks and second-order paths for `options`. */
export function scatteringFilterBank(options: Partial<ScatteringOptions> = {}): ScatteringFilterBank {
  const o = resolveScatteringOptions(options);
  const sigmaPhi = phiSigmaHz(o.averagingSeconds);
  const first = morletBank(o.sampleRate, o.q1, o.fMinHz, sigmaPhi);
  // Second order: modulation frequencies down to where phi takes over.
  const second = morletBank(o.sampleRate, o.q2, Math.min(2 * sigmaPhi, o.sampleRate / 4), sigmaPhi);
  const paths: [number, number][] = [];
  first.forEach((w1, i1) => {
    second.forEach((w2, i2) => {
      if (w2.centerHz < FWHM_PER_SIGMA * w1.sigmaHz) paths.push([i1, i2]);
    });
  });
  return { options: o, phiSigmaHz: sigmaPhi, first, second, paths };
}

/** Support of a response in bins: beyond 6 standard deviations it is below 1.6e-8 of its peak. */
const SUPPORT_SIGMAS = 6;

/** Largest power-of-two decimation (from minD up to maxD) keeping sigmaHz's band below the Nyquist frequency. */
function decimationFor(sigmaHz: number, sampleRate: number, minD: number, maxD: number): number {
  let d = minD;
  while (d * 2 <= maxD && sampleRate / (2 * (d * 2)) >= SUPPORT_SIGMAS * sigmaHz) d *= 2;
  return d;
}

/** FFT plans by size, shared by every transform (plans are reusable, not re-entrant; JS is single-threaded). */
class Plans {
  private readonly complex = new Map<number, ComplexFft>();
  private readonly real = new Map<number, RealFft>();
  complexOf(n: number): ComplexFft {
    let p = this.complex.get(n);
    if (!p) this.complex.set(n, (p = new ComplexFft(n)));
    return p;
  }
  realOf(n: number): RealFft {
    let p = this.real.get(n);
    if (!p) this.real.set(n, (p = new RealFft(n)));
    return p;
  }
}

const plans = new Plans();

/** A wavelet's response on the bins kLo..kHi of a grid of spacing binHz. */
interface SampledResponse {
  kLo: number;
  values: Float64Array;
}

/** Sampled wavelet responses of a bank for the last grid spacing used (clips of one length share it). */
const responseCache = new WeakMap<ScatteringFilterBank, { binHz: number; responses: Map<Wavelet, SampledResponse> }>();

function sampledResponse(bank: ScatteringFilterBank, w: Wavelet, binHz: number, maxBin: number): SampledResponse {
  let cache = responseCache.get(bank);
  if (!cache || cache.binHz !== binHz) responseCache.set(bank, (cache = { binHz, responses: new Map() }));
  const cached = cache.responses.get(w);
  const kLo = Math.max(1, Math.floor((w.centerHz - SUPPORT_SIGMAS * w.sigmaHz) / binHz));
  const kHi = Math.min(maxBin, Math.ceil((w.centerHz + SUPPORT_SIGMAS * w.sigmaHz) / binHz));
  if (cached && cached.kLo === kLo && cached.values.length >= kHi - kLo + 1) return cached;
  const values = Float64Array.from({ length: Math.max(kHi - kLo + 1, 0) }, (_, i) => waveletResponse((kLo + i) * binHz, w));
  const response = { kLo, values };
  cache.responses.set(w, response);
  return response;
}

/** A real signal's spectrum (bins 0..M/2 of an M-point rfft) at rate sampleRate * M / N. */
interface HalfSpectrum {
  size: number;
  re: Float64Array;
  im: Float64Array;
}

/**
 * |signal * psi| at `size / decimation` points: folds spec x psi^ (positive bins only: psi is
 * analytic; `response` sampled on spec's bins) to the reduced length and inverts it.
 */
function modulusOfWavelet(spec: HalfSpectrum, response: SampledResponse, decimation: number): Float64Array {
  const m = spec.size / decimation;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  const half = spec.size >> 1;
  const { kLo, values } = response;
  const kHi = Math.min(half, kLo + values.length - 1);
  for (let k = kLo; k <= kHi; k++) {
    const g = values[k - kLo];
    const j = k & (m - 1); // k % m: m is a power of two
    re[j] += spec.re[k] * g;
    im[j] += spec.im[k] * g;
  }
  plans.complexOf(m).inverse(re, im);
  const out = new Float64Array(m);
  const s = 1 / decimation;
  for (let n = 0; n < m; n++) out[n] = s * Math.sqrt(re[n] * re[n] + im[n] * im[n]);
  return out;
}

/** rfft of a real signal of power-of-two length. */
function halfSpectrum(x: Float64Array): HalfSpectrum {
  const fft = plans.realOf(x.length);
  const re = new Float64Array(fft.bins);
  const im = new Float64Array(fft.bins);
  fft.forward(x, re, im);
  return { size: x.length, re, im };
}

/**
 * (signal * phi) sampled every `decimation` points, the frames [first, first + count) of that
 * grid written to out[frame * stride + column].
 */
function averaged(
  spec: HalfSpectrum,
  sigmaPhiHz: number,
  binHz: number,
  decimation: number,
  first: number,
  count: number,
  out: Float32Array,
  stride: number,
  column: number,
): void {
  const m = spec.size / decimation;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  const half = spec.size >> 1;
  const kMax = Math.min(half, Math.ceil((SUPPORT_SIGMAS * sigmaPhiHz) / binHz));
  for (let k = 0; k <= kMax; k++) {
    const g = phiResponse(k * binHz, sigmaPhiHz);
    const j = k & (m - 1); // k % m: m is a power of two
    re[j] += spec.re[k] * g;
    im[j] += spec.im[k] * g;
    // The negative frequency -k (the conjugate), except for DC and the Nyquist bin.
    if (k > 0 && k < half) {
      const jn = (m - j) & (m - 1);
      re[jn] += spec.re[k] * g;
      im[jn] -= spec.im[k] * g;
    }
  }
  plans.complexOf(m).inverse(re, im);
  const s = 1 / decimation;
  for (let f = 0; f < count; f++) out[f * stride + column] = s * re[first + f];
}

/** The input mirrored (numpy 'reflect') to `size` samples with `left` samples before it. */
function mirrorPad(x: Float32Array, left: number, size: number): Float64Array {
  const n = x.length;
  const period = 2 * (n - 1);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let j = (((i - left) % period) + period) % period;
    if (j >= n) j = period - j;
    out[i] = x[j];
  }
  return out;
}

/** Number of output frames for `nSamples` samples: ceil(nSamples / hopLength). */
export function scatteringFrameCount(nSamples: number, options: Partial<ScatteringOptions> = {}): number {
  return Math.ceil(nSamples / resolveScatteringOptions(options).hopLength);
}

/**
 * Scattering coefficients of mono samples at `sampleRate`: S1 (frames x first-order wavelets) and
 * S2 (frames x kept paths), in the signal's units, frame m centred on sample m * hopLength.
 * `bank` may pass a bank built once by `scatteringFilterBank(options)`.
 */
export function scatteringTransform(x: Float32Array, options: Partial<ScatteringOptions> = {}, bank?: ScatteringFilterBank): ScatteringResult {
  const b = bank ?? scatteringFilterBank(options);
  const o = b.options;
  if (x.length < 2) throw new ParameterError('samples', `need at least 2 samples, got ${x.length}`);
  const hop = o.hopLength;
  const frames = Math.ceil(x.length / hop);
  // Padding of at least T on each side keeps the circular wrap-around out of the kept frames.
  const left = hop * Math.ceil((o.averagingSeconds * o.sampleRate) / hop);
  let size = hop;
  while (size < x.length + 2 * left) size *= 2;
  const binHz = o.sampleRate / size;
  const spectrum = halfSpectrum(mirrorPad(x, left, size));
  const firstFrame = left / hop;
  const n1 = b.first.length;
  const n2 = b.paths.length;
  const s1 = new Float32Array(frames * n1);
  const s2 = new Float32Array(frames * n2);
  let path = 0;
  b.first.forEach((w1, i1) => {
    const d1 = decimationFor(w1.sigmaHz, o.sampleRate, 1, hop);
    const u1 = halfSpectrum(modulusOfWavelet(spectrum, sampledResponse(b, w1, binHz, size / 2), d1));
    averaged(u1, b.phiSigmaHz, binHz, hop / d1, firstFrame, frames, s1, n1, i1);
    for (; path < n2 && b.paths[path][0] === i1; path++) {
      const w2 = b.second[b.paths[path][1]];
      const d2 = decimationFor(w2.sigmaHz, o.sampleRate, d1, hop);
      const u2 = halfSpectrum(modulusOfWavelet(u1, sampledResponse(b, w2, binHz, size / 2), d2 / d1));
      averaged(u2, b.phiSigmaHz, binHz, hop / d2, firstFrame, frames, s2, n2, path);
    }
  });
  return { frames, bank: b, s1, s2 };
}
