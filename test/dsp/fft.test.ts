import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexFft, RealFft } from '../../src/dsp/fft.js';

/** Deterministic pseudo-random samples in [-1, 1). */
function noise(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Naive O(n^2) DFT of a complex sequence. */
function naiveDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let m = 0; m < n; m++) {
      const a = (-2 * Math.PI * ((k * m) % n)) / n;
      sr += re[m] * Math.cos(a) - im[m] * Math.sin(a);
      si += re[m] * Math.sin(a) + im[m] * Math.cos(a);
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return { re: outRe, im: outIm };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, count = a.length): number {
  let d = 0;
  for (let i = 0; i < count; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

for (const n of [2048, 1000, 551, 1, 2, 3, 4, 8]) {
  test(`RealFft(${n}) equals the naive DFT and inverts to the input`, () => {
    const x = noise(n, n + 7);
    const fft = new RealFft(n);
    assert.equal(fft.bins, Math.floor(n / 2) + 1);
    const re = new Float64Array(fft.bins);
    const im = new Float64Array(fft.bins);
    fft.forward(x, re, im);
    const ref = naiveDft(x, new Float64Array(n));
    // Tolerance scales with the naive DFT's own rounding (about n * eps * |x|).
    const tol = 1e-12 * Math.max(n, 1);
    assert.ok(maxAbsDiff(re, ref.re, fft.bins) < tol, `re differs by ${maxAbsDiff(re, ref.re, fft.bins)}`);
    assert.ok(maxAbsDiff(im, ref.im, fft.bins) < tol, `im differs by ${maxAbsDiff(im, ref.im, fft.bins)}`);
    const back = new Float64Array(n);
    fft.inverse(re, im, back);
    assert.ok(maxAbsDiff(back, x) < 1e-13, `inverse differs by ${maxAbsDiff(back, x)}`);
  });

  test(`ComplexFft(${n}) equals the naive DFT and inverts to the input`, () => {
    const xr = noise(n, 2 * n + 1);
    const xi = noise(n, 3 * n + 5);
    const ref = naiveDft(xr, xi);
    const re = Float64Array.from(xr);
    const im = Float64Array.from(xi);
    const fft = new ComplexFft(n);
    fft.forward(re, im);
    const tol = 1e-12 * Math.max(n, 1);
    assert.ok(maxAbsDiff(re, ref.re) < tol && maxAbsDiff(im, ref.im) < tol);
    fft.inverse(re, im);
    assert.ok(maxAbsDiff(re, xr) < 1e-13 && maxAbsDiff(im, xi) < 1e-13);
  });
}

test('RealFft.inverse ignores the imaginary parts of the DC and Nyquist bins, like numpy irfft', () => {
  const fft = new RealFft(8);
  const re = Float64Array.of(1, 0, 0, 0, 1);
  const out = new Float64Array(8);
  fft.inverse(re, Float64Array.of(5, 0, 0, 0, -3), out);
  // irfft([1,0,0,0,1]) = (1 + (-1)^m) / 8
  assert.deepEqual(Array.from(out, (v) => Math.round(v * 1e12) / 1e12), [0.25, 0, 0.25, 0, 0.25, 0, 0.25, 0]);
});

test('FFT lengths must be positive integers', () => {
  assert.throws(() => new RealFft(0), /parameter 'n'/);
  assert.throws(() => new ComplexFft(2.5), /parameter 'n'/);
});
