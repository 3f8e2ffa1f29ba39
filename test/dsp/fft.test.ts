import { test } from 'node:test';
import { withoutKernels } from '../../src/dsp/wasm.js';
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

test('the WebAssembly power-of-two real transforms are built, and give the JavaScript ones bit for bit (forward with and without window, inverse, windowed overlap-add; radix-2 and radix-4 first passes)', () => {
  assert.ok(new RealFft(2048).inWasm, 'dist/src/dsp/stft.wasm is missing: `npm run build` compiles it with AssemblyScript');
  assert.equal(withoutKernels(['fft'], () => new RealFft(2048)).inWasm, false);
  assert.equal(new RealFft(6).inWasm, false, 'a half length that is not a power of two runs in JavaScript');
  const same = (a: Float64Array, b: Float64Array, what: string) => assert.ok(Buffer.from(a.buffer).equals(Buffer.from(b.buffer)), what);
  for (const n of [8, 16, 64, 512, 1024, 2048, 4096, 8192]) {
    const wasm = new RealFft(n);
    const js = withoutKernels(['fft'], () => new RealFft(n));
    assert.ok(wasm.inWasm, `n = ${n}`);
    const bins = n / 2 + 1;
    const signal = noise(3 * n, n);
    const window = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    for (const w of [window, null]) {
      const [r1, i1, r2, i2] = [0, 1, 2, 3].map(() => new Float64Array(bins));
      wasm.forwardWindowed(signal, n - 3, w, r1, i1);
      js.forwardWindowed(signal, n - 3, w, r2, i2);
      same(r1, r2, `forward re, n = ${n}, window ${w !== null}`);
      same(i1, i2, `forward im, n = ${n}, window ${w !== null}`);
      const [t1, t2] = [signal.slice(), signal.slice()];
      wasm.inverseWindowedAdd(r1, i1, window, t1, 5);
      js.inverseWindowedAdd(r2, i2, window, t2, 5);
      same(t1, t2, `overlap-add, n = ${n}`);
      const [o1, o2] = [new Float64Array(n), new Float64Array(n)];
      wasm.inverse(r1, i1, o1);
      js.inverse(r2, i2, o2);
      same(o1, o2, `inverse, n = ${n}`);
    }
  }
  // The inverse of the forward transform gives the signal back (the kernel is a transform, not just a copy of the JavaScript's output).
  const x = noise(2048, 9);
  const [re, im, back] = [new Float64Array(1025), new Float64Array(1025), new Float64Array(2048)];
  const fft = new RealFft(2048);
  fft.forward(x, re, im);
  fft.inverse(re, im, back);
  let worst = 0;
  for (let i = 0; i < 2048; i++) worst = Math.max(worst, Math.abs(back[i] - x[i]));
  assert.ok(worst < 1e-12, `round trip error ${worst}`);
});
