/**
 * Fast Fourier transforms of any length, in Float64.
 *
 * - `ComplexFft(n)`: in-place complex transform. Powers of two use an iterative radix-2
 *   transform with precomputed twiddles and bit reversal; other lengths use Bluestein's
 *   chirp-z algorithm on a power-of-two transform of length >= 2n - 1.
 * - `RealFft(n)`: transform of n real samples to n/2+1 bins (numpy `rfft` / `irfft`
 *   conventions). Even n packs the samples into a complex transform of n/2 points; odd n
 *   runs a complex transform of n points.
 *
 * Plans hold their scratch buffers, so one plan must not be used by two callers at once.
 */
import { ParameterError } from '../errors.js';

function checkLength(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 1) throw new ParameterError(name, `FFT length must be a positive integer, got ${n}`);
}

function isPowerOfTwo(n: number): boolean {
  return (n & (n - 1)) === 0;
}

/** Radix-2 decimation-in-time transform of a power-of-two length. */
class PowerOfTwoFft {
  readonly n: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly bitrev: Uint32Array;

  constructor(n: number) {
    this.n = n;
    const half = n >> 1;
    this.cos = new Float64Array(Math.max(half, 1));
    this.sin = new Float64Array(Math.max(half, 1));
    for (let k = 0; k < half; k++) {
      const a = (-2 * Math.PI * k) / n;
      this.cos[k] = Math.cos(a);
      this.sin[k] = Math.sin(a);
    }
    this.bitrev = new Uint32Array(n);
    let bits = 0;
    while (1 << bits < n) bits++;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
      this.bitrev[i] = r;
    }
  }

  /** Unscaled transform in place: kernel exp(-2 pi i k m / n), or exp(+...) when `inverse`. */
  transform(re: Float64Array, im: Float64Array, inverse: boolean): void {
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
    // First two stages as one radix-4 butterfly: twiddles are 1 and -i (or +i for inverse).
    if (n >= 4) {
      const s = inverse ? -1 : 1;
      for (let i = 0; i < n; i += 4) {
        const ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
        const cr = re[i + 2], ci = im[i + 2], dr = re[i + 3], di = im[i + 3];
        const t0r = ar + br, t0i = ai + bi, t1r = ar - br, t1i = ai - bi;
        const t2r = cr + dr, t2i = ci + di, t3r = cr - dr, t3i = ci - di;
        re[i] = t0r + t2r;
        im[i] = t0i + t2i;
        re[i + 2] = t0r - t2r;
        im[i + 2] = t0i - t2i;
        // (t3) * (-i) for forward = (t3i, -t3r)
        re[i + 1] = t1r + s * t3i;
        im[i + 1] = t1i - s * t3r;
        re[i + 3] = t1r - s * t3i;
        im[i + 3] = t1i + s * t3r;
      }
    } else if (n === 2) {
      const ar = re[0], ai = im[0];
      re[0] = ar + re[1];
      im[0] = ai + im[1];
      re[1] = ar - re[1];
      im[1] = ai - im[1];
      return;
    }
    const cosT = this.cos;
    const sinT = this.sin;
    const sgn = inverse ? -1 : 1;
    for (let size = 8; size <= n; size <<= 1) {
      const half = size >> 1;
      const step = n / size;
      for (let start = 0; start < n; start += size) {
        for (let k = 0, t = 0; k < half; k++, t += step) {
          const wr = cosT[t];
          const wi = sgn * sinT[t];
          const a = start + k;
          const b = a + half;
          const xr = re[b] * wr - im[b] * wi;
          const xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
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
    this.inner = new PowerOfTwoFft(m);
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
    this.inner.transform(this.kernelRe, this.kernelIm, false);
    this.bufRe = new Float64Array(m);
    this.bufIm = new Float64Array(m);
  }

  transform(re: Float64Array, im: Float64Array, inverse: boolean): void {
    const { n, m, chirpRe, chirpIm, kernelRe, kernelIm, bufRe, bufIm } = this;
    // The inverse kernel is the conjugate: conj(DFT(conj(x))).
    const s = inverse ? -1 : 1;
    for (let k = 0; k < n; k++) {
      const xr = re[k];
      const xi = s * im[k];
      bufRe[k] = xr * chirpRe[k] - xi * chirpIm[k];
      bufIm[k] = xr * chirpIm[k] + xi * chirpRe[k];
    }
    bufRe.fill(0, n);
    bufIm.fill(0, n);
    this.inner.transform(bufRe, bufIm, false);
    for (let k = 0; k < m; k++) {
      const ar = bufRe[k], ai = bufIm[k];
      bufRe[k] = ar * kernelRe[k] - ai * kernelIm[k];
      bufIm[k] = ar * kernelIm[k] + ai * kernelRe[k];
    }
    this.inner.transform(bufRe, bufIm, true);
    const scale = 1 / m;
    for (let k = 0; k < n; k++) {
      const ar = bufRe[k] * scale, ai = bufIm[k] * scale;
      re[k] = ar * chirpRe[k] - ai * chirpIm[k];
      im[k] = s * (ar * chirpIm[k] + ai * chirpRe[k]);
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
    this.impl = isPowerOfTwo(n) ? new PowerOfTwoFft(n) : new BluesteinFft(n);
  }

  /** X[k] = sum_m x[m] exp(-2 pi i k m / n), in place; `re` and `im` have length n. */
  forward(re: Float64Array, im: Float64Array): void {
    this.impl.transform(re, im, false);
  }

  /** x[m] = (1/n) sum_k X[k] exp(+2 pi i k m / n), in place (numpy `ifft` scaling). */
  inverse(re: Float64Array, im: Float64Array): void {
    this.impl.transform(re, im, true);
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
  private readonly full: ComplexFft | undefined;
  private readonly twRe: Float64Array;
  private readonly twIm: Float64Array;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;

  constructor(n: number) {
    checkLength(n, 'n');
    this.n = n;
    this.bins = (n >> 1) + 1;
    const even = n % 2 === 0;
    const h = even ? n >> 1 : n;
    if (even) this.half = new ComplexFft(h);
    else this.full = new ComplexFft(n);
    this.zRe = new Float64Array(h);
    this.zIm = new Float64Array(h);
    this.twRe = new Float64Array(even ? h : 0);
    this.twIm = new Float64Array(even ? h : 0);
    if (even) {
      for (let k = 0; k < h; k++) {
        const a = (-2 * Math.PI * k) / n;
        this.twRe[k] = Math.cos(a);
        this.twIm[k] = Math.sin(a);
      }
    }
  }

  /** `input` holds n samples; writes bins 0..floor(n/2) into `re` and `im`. */
  forward(input: Float64Array, re: Float64Array, im: Float64Array): void {
    const { n, zRe, zIm } = this;
    if (this.full) {
      zRe.set(input.subarray(0, n));
      zIm.fill(0);
      this.full.forward(zRe, zIm);
      re.set(zRe.subarray(0, this.bins));
      im.set(zIm.subarray(0, this.bins));
      return;
    }
    const h = n >> 1;
    for (let k = 0; k < h; k++) {
      zRe[k] = input[2 * k];
      zIm[k] = input[2 * k + 1];
    }
    this.half!.forward(zRe, zIm);
    const { twRe, twIm } = this;
    // Split Z into the spectra of even (E) and odd (O) samples: X[k] = E[k] + W^k O[k].
    re[0] = zRe[0] + zIm[0];
    im[0] = 0;
    re[h] = zRe[0] - zIm[0];
    im[h] = 0;
    for (let k = 1; k < h; k++) {
      const ar = zRe[k], ai = zIm[k];
      const br = zRe[h - k], bi = -zIm[h - k];
      const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
      // O = (Z[k] - conj(Z[h-k])) / (2i)
      const or = 0.5 * (ai - bi), oi = -0.5 * (ar - br);
      const wr = twRe[k], wi = twIm[k];
      re[k] = er + (or * wr - oi * wi);
      im[k] = ei + (or * wi + oi * wr);
    }
  }

  /**
   * Inverse of `forward`: bins 0..floor(n/2) to n real samples, scaled 1/n like numpy `irfft`.
   * The imaginary parts of bin 0 (and of bin n/2 for even n) are ignored.
   */
  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
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
      out.set(zRe.subarray(0, n));
      return;
    }
    const h = n >> 1;
    const { twRe, twIm } = this;
    // E[k] = (X[k] + conj(X[h-k])) / 2, O[k] = (X[k] - conj(X[h-k])) / (2 W^k); Z = E + iO.
    for (let k = 0; k < h; k++) {
      const ar = re[k], ai = k === 0 ? 0 : im[k];
      const br = re[h - k], bi = k === 0 ? 0 : -im[h - k];
      const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
      const dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
      // divide by W^k = multiply by conj(W^k)
      const wr = twRe[k], wi = -twIm[k];
      const or = dr * wr - di * wi, oi = dr * wi + di * wr;
      zRe[k] = er - oi;
      zIm[k] = ei + or;
    }
    this.half!.inverse(zRe, zIm);
    for (let k = 0; k < h; k++) {
      out[2 * k] = zRe[k];
      out[2 * k + 1] = zIm[k];
    }
  }
}
