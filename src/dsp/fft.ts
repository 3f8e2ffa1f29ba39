/**
 * Fast Fourier transforms of any length, in Float64. Long power-of-two transforms run in the SIMD
 * kernel of long-fft.ts, the power-of-two real transforms of an STFT in stft.wasm (`WasmRealFft`);
 * both give this file's values bit for bit.
 *
 * - `ComplexFft(n)`: in-place complex transform. Powers of two use an iterative radix-4
 *   transform (one radix-2 pass for odd log2 n) with precomputed twiddles and bit reversal;
 *   other lengths use Bluestein's chirp-z algorithm on a power-of-two transform of length
 *   >= 2n - 1.
 * - `RealFft(n)`: transform of n real samples to floor(n/2)+1 bins (numpy `rfft` / `irfft`
 *   conventions). Even n packs the samples into a complex transform of n/2 points; odd n
 *   runs a complex transform of n points, two frames at a time in `forwardWindowedPair`.
 *
 * Plans hold their scratch buffers, so one plan must not be used by two callers at once.
 */
import { ParameterError } from '../errors.js';
import { LONG_FFT_MIN, longTransform } from './long-fft.js';
import { keepClassAlive } from './scratch.js';
import { wasmKernel, wasmReserve, type ArenaKernel, kernelEnabled } from './wasm.js';

function checkLength(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 1) throw new ParameterError(name, `FFT length must be a positive integer, got ${n}`);
}

function isPowerOfTwo(n: number): boolean {
  return (n & (n - 1)) === 0;
}

/**
 * Iterative decimation-in-time transform of a power-of-two length: bit-reversal permutation,
 * one radix-2 pass when log2(n) is odd, then radix-4 passes (3 complex multiplies per 4 points)
 * with their twiddles precomputed contiguously per pass.
 */
export class PowerOfTwoFft {
  readonly n: number;
  /** Bit-reversal permutation: input sample i belongs at position bitrev[i]. */
  readonly bitrev: Uint32Array;
  /** Per radix-4 pass with span h: h entries each of w^k, w^2k, w^3k (w = exp(-2 pi i / 4h)), as re, im pairs. */
  readonly twiddles: Float64Array;
  readonly radix2First: boolean;

  /** Whether the first pass is the twiddle-free radix-4 one (log2 n even, n >= 4). */
  get radix4First(): boolean {
    return !this.radix2First && this.n >= 4;
  }

  constructor(n: number) {
    this.n = n;
    let bits = 0;
    while (1 << bits < n) bits++;
    this.bitrev = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
      this.bitrev[i] = r;
    }
    this.radix2First = bits % 2 === 1;
    const tw: number[] = [];
    for (let h = this.radix2First ? 2 : 1; 4 * h <= n; h *= 4) {
      for (let k = 0; k < h; k++) {
        for (let m = 1; m <= 3; m++) {
          const a = (-2 * Math.PI * m * k) / (4 * h);
          tw.push(Math.cos(a), Math.sin(a));
        }
      }
    }
    this.twiddles = Float64Array.from(tw);
  }

  /** Unscaled forward transform in place (kernel exp(-2 pi i k m / n)). */
  transform(re: Float64Array, im: Float64Array): void {
    if (this.n >= LONG_FFT_MIN && longTransform(this, re, im, true, false)) return;
    const n = this.n;
    const rev = this.bitrev;
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        let t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    this.transformBitReversed(re, im);
  }

  /**
   * The forward transform of input already stored in bit-reversed order (input i at `bitrev[i]`).
   * `firstPassDone`: the caller already applied the twiddle-free first radix-4 pass (only when
   * `radix4First`), fused with loading the input.
   */
  transformBitReversed(re: Float64Array, im: Float64Array, firstPassDone = false): void {
    if (this.n >= LONG_FFT_MIN && longTransform(this, re, im, false, firstPassDone)) return;
    const n = this.n;
    let h = 4;
    if (this.radix2First) {
      firstRadix2Pass(re, im, n);
      h = 2;
    } else if (!firstPassDone) {
      firstRadix4Pass(re, im, n);
    }
    // Twiddle tables start at the first pass with span >= 2 (the h = 1 pass needs none).
    radix4Passes(re, im, n, h, this.twiddles, this.radix2First ? 0 : 6);
  }
}

// The passes as functions of their own: each is optimised once, with the type feedback of whole
// calls, whichever mix of first passes the callers (STFT, inverse STFT, tempo) use.

/** The twiddle-free radix-2 pass (log2 n odd). */
function firstRadix2Pass(re: Float64Array, im: Float64Array, n: number): void {
  for (let i = 0; i < n; i += 2) {
    const ar = re[i], ai = im[i];
    re[i] = ar + re[i + 1];
    im[i] = ai + im[i + 1];
    re[i + 1] = ar - re[i + 1];
    im[i + 1] = ai - im[i + 1];
  }
}

/**
 * One radix-4 butterfly: inputs p, q (the sub-DFTs of residues 0 and 2, twiddled) and u, v
 * (residues 1 and 3); outputs X[k] to slot a, X[k + h] to b, X[k + 2h] to c and X[k + 3h] to d.
 */
function butterfly(re: Float64Array, im: Float64Array, a: number, b: number, c: number, d: number, pr: number, pi: number, qr: number, qi: number, ur: number, ui: number, vr: number, vi: number): void {
  const s02r = pr + qr, s02i = pi + qi, d02r = pr - qr, d02i = pi - qi;
  const s13r = ur + vr, s13i = ui + vi, d13r = ur - vr, d13i = ui - vi;
  re[a] = s02r + s13r;
  im[a] = s02i + s13i;
  re[c] = s02r - s13r;
  im[c] = s02i - s13i;
  // X[k + h] = d02 - i d13, X[k + 3h] = d02 + i d13
  re[b] = d02r + d13i;
  im[b] = d02i - d13r;
  re[d] = d02r - d13i;
  im[d] = d02i + d13r;
}

/** The first radix-4 pass (log2 n even): all twiddles are 1. */
function firstRadix4Pass(re: Float64Array, im: Float64Array, n: number): void {
  for (let a = 0; a + 3 < n; a += 4) butterfly(re, im, a, a + 1, a + 2, a + 3, re[a], im[a], re[a + 1], im[a + 1], re[a + 2], im[a + 2], re[a + 3], im[a + 3]);
}

/** The radix-4 passes from span h on, twiddles of the first of them at tw[off ..]. */
function radix4Passes(re: Float64Array, im: Float64Array, n: number, h: number, tw: Float64Array, off: number): void {
  for (; 4 * h <= n; h *= 4) {
    const size = 4 * h;
    // Twiddles outside, groups inside: each twiddle is loaded once per pass.
    for (let k = 0, t = off; k < h; k++, t += 6) {
      const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3], w3r = tw[t + 4], w3i = tw[t + 5];
      for (let base = 0; base < n; base += size) {
        // In bit-reversed order the four h-blocks hold the sub-DFTs of residues 0, 2, 1, 3 mod 4.
        const a = base + k, b = a + h, c = b + h, d = c + h;
        const t0r = re[a], t0i = im[a];
        const cr = re[c], ci = im[c], br = re[b], bi = im[b], dr = re[d], di = im[d];
        const t1r = cr * w1r - ci * w1i, t1i = cr * w1i + ci * w1r;
        const t2r = br * w2r - bi * w2i, t2i = br * w2i + bi * w2r;
        const t3r = dr * w3r - di * w3i, t3i = dr * w3i + di * w3r;
        butterfly(re, im, a, b, c, d, t0r, t0i, t2r, t2i, t1r, t1i, t3r, t3i);
      }
    }
    off += 6 * h;
  }
}

// The steps of `RealFft.forwardWindowed` as functions of their own, each optimised once with the
// feedback of whole calls (the STFT, the inverse STFT and the tempo use different paths).

/**
 * Load of frame signal[offset ..] x window into bit-reversed slots (even samples real, odd
 * imaginary) fused with the twiddle-free first radix-4 pass: slots a..a+3 take inputs
 * rev[a..a+3] and leave as the pass would (same formulas as `firstRadix4Pass`).
 */
function loadWindowedFirstRadix4(signal: Float64Array, offset: number, window: Float64Array, rev: Uint32Array, zRe: Float64Array, zIm: Float64Array, h: number): void {
  for (let a = 0; a < h; a += 4) {
    const ia = offset + 2 * rev[a], ib = offset + 2 * rev[a + 1], ic = offset + 2 * rev[a + 2], id = offset + 2 * rev[a + 3];
    const wa = ia - offset, wb = ib - offset, wc = ic - offset, wd = id - offset;
    const xar = signal[ia] * window[wa], xai = signal[ia + 1] * window[wa + 1];
    const xbr = signal[ib] * window[wb], xbi = signal[ib + 1] * window[wb + 1];
    const xcr = signal[ic] * window[wc], xci = signal[ic + 1] * window[wc + 1];
    const xdr = signal[id] * window[wd], xdi = signal[id + 1] * window[wd + 1];
    butterfly(zRe, zIm, a, a + 1, a + 2, a + 3, xar, xai, xbr, xbi, xcr, xci, xdr, xdi);
  }
}

/** Load of frame signal[offset ..] (x window when given) into bit-reversed slots, even samples real, odd imaginary. */
function loadBitReversed(signal: Float64Array, offset: number, window: Float64Array | null, rev: Uint32Array, zRe: Float64Array, zIm: Float64Array, h: number): void {
  if (window) {
    for (let k = 0, i = offset; k < h; k++, i += 2) {
      const j = rev[k];
      zRe[j] = signal[i] * window[2 * k];
      zIm[j] = signal[i + 1] * window[2 * k + 1];
    }
  } else {
    for (let k = 0, i = offset; k < h; k++, i += 2) {
      const j = rev[k];
      zRe[j] = signal[i];
      zIm[j] = signal[i + 1];
    }
  }
}

/**
 * Split Z (the h-point transform of even + i odd samples) into the spectrum of the 2h real
 * samples: X[k] = E[k] + W^k O[k] and X[h-k] = conj(E[k] - W^k O[k]), so each pair (k, h-k)
 * shares its loads. Bins 0..h into re, im.
 */
function splitEvenOdd(zRe: Float64Array, zIm: Float64Array, twRe: Float64Array, twIm: Float64Array, h: number, re: Float64Array, im: Float64Array): void {
  re[0] = zRe[0] + zIm[0];
  im[0] = 0;
  re[h] = zRe[0] - zIm[0];
  im[h] = 0;
  for (let k = 1, m = h - 1; k <= m; k++, m--) {
    const ar = zRe[k], ai = zIm[k], br = zRe[m], bi = zIm[m];
    const er = 0.5 * (ar + br), ei = 0.5 * (ai - bi);
    // O = (Z[k] - conj(Z[h-k])) / (2i)
    const or = 0.5 * (ai + bi), oi = -0.5 * (ar - br);
    const wr = twRe[k], wi = twIm[k];
    const xr = or * wr - oi * wi, xi = or * wi + oi * wr;
    re[k] = er + xr;
    im[k] = ei + xi;
    re[m] = er - xr;
    im[m] = xi - ei;
  }
}

/**
 * Power-of-two plans by length, shared within the thread (a plan is immutable: its bit-reversal
 * and twiddle tables are read-only, the transform works in the caller's arrays). Building one
 * for every STFT was wasted work, and V8 compiled the constructor's loops again and again.
 */
const powerOfTwoPlans = new Map<number, PowerOfTwoFft>();

/** This thread's shared plan of power-of-two length n (its tables are read-only). */
export function powerOfTwoPlan(n: number): PowerOfTwoFft {
  let plan = powerOfTwoPlans.get(n);
  if (!plan) powerOfTwoPlans.set(n, (plan = new PowerOfTwoFft(n)));
  return plan;
}

/** Twiddles exp(-2 pi i k / n), k < n/2, of the even/odd split of a real transform of even length n, as (re, im); read-only, shared per thread like the plans. */
const splitTwiddleTables = new Map<number, [Float64Array, Float64Array]>();

/** exp(-2 pi i k / n) for k < n/2, as (re, im): the split twiddles of a real transform of even length n. */
export function splitTwiddles(n: number): [Float64Array, Float64Array] {
  let tables = splitTwiddleTables.get(n);
  if (!tables) {
    const h = n >> 1;
    const re = new Float64Array(h);
    const im = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      const a = (-2 * Math.PI * k) / n;
      re[k] = Math.cos(a);
      im[k] = Math.sin(a);
    }
    splitTwiddleTables.set(n, (tables = [re, im]));
  }
  return tables;
}

/** Bluestein's algorithm: a length-n DFT as a convolution computed with power-of-two FFTs. */
class BluesteinFft {
  readonly n: number;
  private readonly m: number;
  private readonly inner: PowerOfTwoFft;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  private readonly kernelRe: Float64Array;
  private readonly kernelIm: Float64Array;
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;

  constructor(n: number) {
    this.n = n;
    let m = 1;
    while (m < 2 * n - 1) m <<= 1;
    this.m = m;
    this.inner = powerOfTwoPlan(m);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      // k^2 mod 2n keeps the angle small and exact for large k.
      const k2 = (k * k) % (2 * n);
      const a = (-Math.PI * k2) / n;
      this.chirpRe[k] = Math.cos(a);
      this.chirpIm[k] = Math.sin(a);
    }
    this.kernelRe = new Float64Array(m);
    this.kernelIm = new Float64Array(m);
    this.kernelRe[0] = this.chirpRe[0];
    this.kernelIm[0] = -this.chirpIm[0];
    for (let k = 1; k < n; k++) {
      this.kernelRe[k] = this.kernelRe[m - k] = this.chirpRe[k];
      this.kernelIm[k] = this.kernelIm[m - k] = -this.chirpIm[k];
    }
    this.inner.transform(this.kernelRe, this.kernelIm);
    this.bufRe = new Float64Array(m);
    this.bufIm = new Float64Array(m);
  }

  /** Unscaled forward transform in place. */
  transform(re: Float64Array, im: Float64Array): void {
    const { n, m, chirpRe, chirpIm, kernelRe, kernelIm, bufRe, bufIm } = this;
    for (let k = 0; k < n; k++) {
      const xr = re[k];
      const xi = im[k];
      bufRe[k] = xr * chirpRe[k] - xi * chirpIm[k];
      bufIm[k] = xr * chirpIm[k] + xi * chirpRe[k];
    }
    bufRe.fill(0, n);
    bufIm.fill(0, n);
    this.inner.transform(bufRe, bufIm);
    for (let k = 0; k < m; k++) {
      const ar = bufRe[k], ai = bufIm[k];
      bufRe[k] = ar * kernelRe[k] - ai * kernelIm[k];
      bufIm[k] = ar * kernelIm[k] + ai * kernelRe[k];
    }
    // Inverse transform by swapping the real and imaginary parts.
    this.inner.transform(bufIm, bufRe);
    const scale = 1 / m;
    for (let k = 0; k < n; k++) {
      const ar = bufRe[k] * scale, ai = bufIm[k] * scale;
      re[k] = ar * chirpRe[k] - ai * chirpIm[k];
      im[k] = ar * chirpIm[k] + ai * chirpRe[k];
    }
  }
}

/** Complex DFT of any length n, in place on separate real and imaginary arrays. */
export class ComplexFft {
  readonly n: number;
  private readonly impl: PowerOfTwoFft | BluesteinFft;

  constructor(n: number) {
    checkLength(n, 'n');
    this.n = n;
    this.impl = isPowerOfTwo(n) ? powerOfTwoPlan(n) : new BluesteinFft(n);
  }

  /** X[k] = sum_m x[m] exp(-2 pi i k m / n), in place; `re` and `im` have length n. */
  forward(re: Float64Array, im: Float64Array): void {
    this.impl.transform(re, im);
  }

  /** x[m] = (1/n) sum_k X[k] exp(+2 pi i k m / n), in place (numpy `ifft` scaling). */
  inverse(re: Float64Array, im: Float64Array): void {
    // The inverse kernel is the forward one with real and imaginary parts swapped.
    this.impl.transform(im, re);
    const s = 1 / this.n;
    for (let i = 0; i < this.n; i++) {
      re[i] *= s;
      im[i] *= s;
    }
  }
}

/** Real DFT of any length n: n samples <-> floor(n/2)+1 complex bins (numpy `rfft` / `irfft`). */
export class RealFft {
  readonly n: number;
  /** Number of bins, floor(n/2) + 1. */
  readonly bins: number;
  private readonly half: ComplexFft | undefined;
  /** The half-length power-of-two transform, fed in bit-reversed order to skip the permutation. */
  private readonly halfPow2: PowerOfTwoFft | undefined;
  private readonly full: ComplexFft | undefined;
  private readonly twRe: Float64Array;
  private readonly twIm: Float64Array;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;
  /** The WebAssembly build of the power-of-two paths (kernels/fft.as.ts), when it runs here. */
  private readonly wasm: WasmRealFft | null;

  /** The power-of-two paths run in the WebAssembly kernel `fft` when it is built and switched on. */
  constructor(n: number) {
    checkLength(n, 'n');
    this.n = n;
    this.bins = (n >> 1) + 1;
    const even = n % 2 === 0;
    const h = even ? n >> 1 : n;
    if (even && isPowerOfTwo(h)) this.halfPow2 = powerOfTwoPlan(h);
    else if (even) this.half = new ComplexFft(h);
    else this.full = new ComplexFft(n);
    this.zRe = new Float64Array(h);
    this.zIm = new Float64Array(h);
    [this.twRe, this.twIm] = even ? splitTwiddles(n) : [new Float64Array(0), new Float64Array(0)];
    this.wasm = kernelEnabled('fft') && this.halfPow2 && h >= 4 ? wasmRealFft(this.halfPow2, this.twRe, this.twIm) : null;
  }

  /** Whether this transform runs in the WebAssembly kernel (see {@link FftKernel}). */
  get inWasm(): boolean {
    return this.wasm !== null;
  }

  /** The WebAssembly plan this transform runs on, for kernels that run it themselves (kernels/fft.as.ts); null when it runs in JavaScript. */
  get wasmPlan(): WasmRealFft | null {
    return this.wasm;
  }

  /** `input` holds n samples; writes bins 0..floor(n/2) into `re` and `im`. */
  forward(input: Float64Array, re: Float64Array, im: Float64Array): void {
    this.forwardWindowed(input, 0, null, re, im);
  }

  /**
   * Transform of `signal[offset + i] * window[i]` for i < n (no window when null), without
   * copying the frame first: the STFT's inner loop.
   */
  forwardWindowed(signal: Float64Array, offset: number, window: Float64Array | null, re: Float64Array, im: Float64Array): void {
    if (this.wasm) {
      this.wasm.forwardWindowed(signal, offset, window, re, im);
      return;
    }
    const { n, zRe, zIm } = this;
    if (this.full) {
      for (let i = 0; i < n; i++) zRe[i] = window ? signal[offset + i] * window[i] : signal[offset + i];
      zIm.fill(0);
      this.full.forward(zRe, zIm);
      re.set(zRe.subarray(0, this.bins));
      im.set(zIm.subarray(0, this.bins));
      return;
    }
    const h = n >> 1;
    const p2 = this.halfPow2;
    if (p2) {
      // Even samples to the real part, odd to the imaginary, stored in bit-reversed order.
      const fused = window !== null && p2.radix4First;
      if (fused) loadWindowedFirstRadix4(signal, offset, window, p2.bitrev, zRe, zIm, h);
      else loadBitReversed(signal, offset, window, p2.bitrev, zRe, zIm, h);
      p2.transformBitReversed(zRe, zIm, fused);
    } else {
      for (let k = 0, i = offset; k < h; k++, i += 2) {
        zRe[k] = window ? signal[i] * window[2 * k] : signal[i];
        zIm[k] = window ? signal[i + 1] * window[2 * k + 1] : signal[i + 1];
      }
      this.half!.forward(zRe, zIm);
    }
    splitEvenOdd(zRe, zIm, this.twRe, this.twIm, h, re, im);
  }

  /**
   * Two windowed frames at once: bins of `signal[offsetA + i] * window[i]` into (reA, imA) and of
   * `signal[offsetB + i] * window[i]` into (reB, imB). For odd n both ride in one complex
   * transform (A real, B imaginary) and are separated by conjugate symmetry, halving the cost;
   * the WebAssembly kernel runs the two in the two f64 lanes of its SIMD (the values of two
   * `forwardWindowed` calls, bit for bit).
   */
  forwardWindowedPair(
    signal: Float64Array,
    offsetA: number,
    offsetB: number,
    window: Float64Array | null,
    reA: Float64Array,
    imA: Float64Array,
    reB: Float64Array,
    imB: Float64Array,
  ): void {
    const full = this.full;
    if (!full) {
      if (this.wasm && window) this.wasm.forwardWindowedPair(signal, offsetA, offsetB, window, reA, imA, reB, imB);
      else {
        this.forwardWindowed(signal, offsetA, window, reA, imA);
        this.forwardWindowed(signal, offsetB, window, reB, imB);
      }
      return;
    }
    const { n, zRe, zIm, bins } = this;
    for (let i = 0; i < n; i++) {
      const w = window ? window[i] : 1;
      zRe[i] = signal[offsetA + i] * w;
      zIm[i] = signal[offsetB + i] * w;
    }
    full.forward(zRe, zIm);
    // X_A[k] = (Z[k] + conj(Z[n-k])) / 2, X_B[k] = (Z[k] - conj(Z[n-k])) / (2i).
    reA[0] = zRe[0];
    imA[0] = 0;
    reB[0] = zIm[0];
    imB[0] = 0;
    for (let k = 1; k < bins; k++) {
      const zr = zRe[k], zi = zIm[k], yr = zRe[n - k], yi = zIm[n - k];
      reA[k] = 0.5 * (zr + yr);
      imA[k] = 0.5 * (zi - yi);
      reB[k] = 0.5 * (zi + yi);
      imB[k] = -0.5 * (zr - yr);
    }
  }

  /**
   * Inverse of `forward`: bins 0..floor(n/2) to n real samples, scaled 1/n like numpy `irfft`.
   * The imaginary parts of bin 0 (and of bin n/2 for even n) are ignored.
   */
  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
    if (this.wasm) {
      this.wasm.inverse(re, im, out);
      return;
    }
    const { n, zRe, zIm } = this;
    if (this.inverseToScratch(re, im)) {
      out.set(zRe.subarray(0, n));
      return;
    }
    for (let k = 0; k < n >> 1; k++) {
      out[2 * k] = zRe[k];
      out[2 * k + 1] = zIm[k];
    }
  }

  /**
   * `target[offset + i] += window[i] * x[i]` for the inverse x of (re, im), i < n: the
   * overlap-add step of an inverse STFT without a separate frame buffer.
   */
  inverseWindowedAdd(re: Float64Array, im: Float64Array, window: Float64Array, target: Float64Array, offset: number): void {
    if (this.wasm) {
      this.wasm.inverseWindowedAdd(re, im, window, target, offset);
      return;
    }
    const { n, zRe, zIm } = this;
    if (this.inverseToScratch(re, im)) {
      for (let i = 0; i < n; i++) target[offset + i] += window[i] * zRe[i];
      return;
    }
    for (let k = 0, i = offset; k < n >> 1; k++, i += 2) {
      target[i] += window[2 * k] * zRe[k];
      target[i + 1] += window[2 * k + 1] * zIm[k];
    }
  }

  /**
   * The inverse transform into the scratch buffers: for odd n all n samples in zRe (returns
   * true); for even n, samples 2k and 2k + 1 in zRe[k] and zIm[k] (returns false).
   */
  private inverseToScratch(re: Float64Array, im: Float64Array): boolean {
    const { n, zRe, zIm } = this;
    if (this.full) {
      zRe[0] = re[0];
      zIm[0] = 0;
      for (let k = 1; k < this.bins; k++) {
        zRe[k] = re[k];
        zIm[k] = im[k];
        zRe[n - k] = re[k];
        zIm[n - k] = -im[k];
      }
      this.full.inverse(zRe, zIm);
      return true;
    }
    const h = n >> 1;
    const { twRe, twIm } = this;
    const p2 = this.halfPow2;
    // E[k] = (X[k] + conj(X[h-k])) / 2, O[k] = (X[k] - conj(X[h-k])) / (2 W^k); Z = E + iO.
    // For a power-of-two half length, Z goes straight to bit-reversed slots with the 1/h scale
    // folded in (no separate permutation or scaling pass).
    const half = p2 ? 0.5 / h : 0.5;
    const rev = p2 ? p2.bitrev : null;
    for (let k = 0; k < h; k++) {
      const ar = re[k], ai = k === 0 ? 0 : im[k];
      const br = re[h - k], bi = k === 0 ? 0 : -im[h - k];
      const er = half * (ar + br), ei = half * (ai + bi);
      const dr = half * (ar - br), di = half * (ai - bi);
      // divide by W^k = multiply by conj(W^k)
      const wr = twRe[k], wi = -twIm[k];
      const or = dr * wr - di * wi, oi = dr * wi + di * wr;
      const j = rev ? rev[k] : k;
      zRe[j] = er - oi;
      zIm[j] = ei + or;
    }
    // Unscaled inverse by swapping real and imaginary parts.
    if (p2) p2.transformBitReversed(zIm, zRe);
    else this.half!.inverse(zRe, zIm);
    return false;
  }
}

/** The FFT exports of stft.wasm (see kernels/fft.as.ts); every pointer is a byte offset in its memory. */
export interface FftExports extends ArenaKernel {
  forwardWindowed(signal: number, window: number, re: number, im: number, plan: number): void;
  forwardWindowedPair(a: number, b: number, window: number, reA: number, imA: number, reB: number, imB: number, plan: number): void;
  inverseWindowedAdd(re: number, im: number, window: number, target: number, plan: number): void;
  inverse(re: number, im: number, out: number, plan: number): void;
}

/** The arrays of a {@link WasmRealFft} in the kernel's memory, and their sizes in bytes for half length h. */
function wasmFftSizes(h: number, twiddles: number) {
  return {
    /** The plan record the kernels take (kernels/fft.as.ts `planH`...): h, radix2First, then the offsets of rev, tw, twRe, twIm, zRe, zIm, z2 (i32 each). */
    plan: 36,
    rev: 4 * h,
    tw: 8 * twiddles,
    twRe: 8 * h,
    twIm: 8 * h,
    zRe: 8 * h,
    zIm: 8 * h,
    /** Two frames' scratch (v128 x 2h). */
    z2: 32 * h,
    /** Two frames of 2h samples. */
    frame: 32 * h,
    window: 16 * h,
    re: 8 * (h + 1),
    im: 8 * (h + 1),
    re2: 8 * (h + 1),
    im2: 8 * (h + 1),
  };
}

/** Byte offsets of a {@link WasmRealFft}'s arrays in the kernel's memory. */
export type WasmFftLayout = Record<keyof ReturnType<typeof wasmFftSizes>, number>;

/**
 * One power-of-two real transform of n = 2h samples in the WebAssembly kernel: its tables and
 * buffers laid out once in the kernel's fixed memory (see wasm.ts: it never grows), shared by
 * every `RealFft` of that length in the thread (calls are synchronous, so they never overlap).
 * Each call copies the frame and window in and the result out.
 */
export class WasmRealFft {
  readonly kernel: FftExports;
  /** Half the length: the transform takes 2h samples to h + 1 bins. */
  readonly h: number;
  /** 1 when log2 h is odd (the plan starts with a radix-2 pass), else 0. */
  readonly radix2First: number;
  /** Where the plan's tables and buffers are. */
  readonly at: WasmFftLayout;
  private readonly frame: Float64Array;
  /** `frame` and the 2h samples after it: two frames. */
  private readonly frames2: Float64Array;
  private readonly window: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly re2: Float64Array;
  private readonly im2: Float64Array;

  /** Fills the plan's tables at `at` (reserved by `wasmRealFft`). */
  constructor(kernel: FftExports, at: WasmFftLayout, plan: PowerOfTwoFft, twRe: Float64Array, twIm: Float64Array) {
    const h = plan.n;
    const buffer = kernel.memory.buffer;
    this.kernel = kernel;
    this.h = h;
    this.radix2First = plan.radix2First ? 1 : 0;
    this.at = at;
    new Int32Array(buffer, at.plan, 9).set([h, this.radix2First, at.rev, at.tw, at.twRe, at.twIm, at.zRe, at.zIm, at.z2]);
    new Int32Array(buffer, at.rev, h).set(plan.bitrev);
    new Float64Array(buffer, at.tw, plan.twiddles.length).set(plan.twiddles);
    new Float64Array(buffer, at.twRe, h).set(twRe);
    new Float64Array(buffer, at.twIm, h).set(twIm);
    this.frame = new Float64Array(buffer, at.frame, 2 * h);
    this.frames2 = new Float64Array(buffer, at.frame, 4 * h);
    this.window = new Float64Array(buffer, at.window, 2 * h);
    this.re = new Float64Array(buffer, at.re, h + 1);
    this.im = new Float64Array(buffer, at.im, h + 1);
    this.re2 = new Float64Array(buffer, at.re2, h + 1);
    this.im2 = new Float64Array(buffer, at.im2, h + 1);
  }

  /** `forwardWindowed` of the frames at offsetA and offsetB, in the kernel's two SIMD lanes. */
  forwardWindowedPair(signal: Float64Array, offsetA: number, offsetB: number, window: Float64Array, reA: Float64Array, imA: Float64Array, reB: Float64Array, imB: Float64Array): void {
    const n = 2 * this.h;
    const at = this.at;
    this.frames2.set(signal.subarray(offsetA, offsetA + n));
    this.frames2.set(signal.subarray(offsetB, offsetB + n), n);
    this.window.set(window.length === n ? window : window.subarray(0, n));
    this.kernel.forwardWindowedPair(at.frame, at.frame + 8 * n, at.window, at.re, at.im, at.re2, at.im2, at.plan);
    reA.set(this.re);
    imA.set(this.im);
    reB.set(this.re2);
    imB.set(this.im2);
  }

  forwardWindowed(signal: Float64Array, offset: number, window: Float64Array | null, re: Float64Array, im: Float64Array): void {
    const n = 2 * this.h;
    const at = this.at;
    this.frame.set(offset === 0 && signal.length === n ? signal : signal.subarray(offset, offset + n));
    if (window) this.window.set(window.length === n ? window : window.subarray(0, n));
    this.kernel.forwardWindowed(at.frame, window ? at.window : 0, at.re, at.im, at.plan);
    re.set(this.re);
    im.set(this.im);
  }

  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
    const n = 2 * this.h;
    const bins = this.h + 1;
    const at = this.at;
    this.re.set(re.length === bins ? re : re.subarray(0, bins));
    this.im.set(im.length === bins ? im : im.subarray(0, bins));
    this.kernel.inverse(at.re, at.im, at.frame, at.plan);
    out.set(n === out.length ? this.frame : this.frame.subarray(0, n));
  }

  inverseWindowedAdd(re: Float64Array, im: Float64Array, window: Float64Array, target: Float64Array, offset: number): void {
    const n = 2 * this.h;
    const bins = this.h + 1;
    const at = this.at;
    this.re.set(re.length === bins ? re : re.subarray(0, bins));
    this.im.set(im.length === bins ? im : im.subarray(0, bins));
    this.window.set(window.length === n ? window : window.subarray(0, n));
    this.frame.set(target.subarray(offset, offset + n));
    this.kernel.inverseWindowedAdd(at.re, at.im, at.window, at.frame, at.plan);
    target.set(this.frame, offset);
  }
}

/** This thread's WebAssembly plans by half length (null: does not fit). */
const wasmPlans = new Map<number, WasmRealFft | null>();

/**
 * Largest half length with a plan in the kernel: an STFT's nFft up to 16384. Plans take about
 * 164 h bytes of its fixed 16 MiB for good, so the long transforms of the scattering transform
 * (h up to 2^18) stay in JavaScript rather than crowd out the STFT's plans and buffers.
 */
const WASM_MAX_HALF = 8192;

/** The shared WebAssembly plan for half length `plan.n`, or null (kernel not built, too long, or no room left). */
function wasmRealFft(plan: PowerOfTwoFft, twRe: Float64Array, twIm: Float64Array): WasmRealFft | null {
  const h = plan.n;
  if (h > WASM_MAX_HALF) return null;
  if (wasmPlans.has(h)) return wasmPlans.get(h)!;
  const kernel = wasmKernel<FftExports>('stft');
  let made: WasmRealFft | null = null;
  const at = kernel && wasmReserve(kernel, wasmFftSizes(h, plan.twiddles.length));
  if (kernel && at) made = new WasmRealFft(kernel, at, plan, twRe, twIm);
  wasmPlans.set(h, made);
  return made;
}

keepClassAlive(new RealFft(2));
