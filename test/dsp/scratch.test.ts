// Reused scratch memory (src/dsp/scratch.ts) must never change results: buffers come back dirty,
// and the `out` parameters must give what a fresh array gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RealFft } from '../../src/dsp/fft.js';
import { harmonicMask } from '../../src/dsp/hpss.js';
import { medianFilterAlongRows, medianFilterDownColumns } from '../../src/dsp/median.js';
import { borrowFloat64, release } from '../../src/dsp/scratch.js';
import { withoutKernels } from '../../src/dsp/wasm.js';
import { istft, istftMasked, paddedWindow, spectrogram, stft } from '../../src/dsp/stft.js';

/** Deterministic noise in [-1, 1). */
function noise(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

test('borrowed buffers are reused after release and distinct while held', () => {
  const a = borrowFloat64(1000);
  const b = borrowFloat64(1000);
  assert.equal(a.length, 1000);
  assert.notEqual(a.buffer, b.buffer);
  release(a, b);
  const c = borrowFloat64(900);
  assert.equal(c.length, 900);
  assert.ok(c.buffer === a.buffer || c.buffer === b.buffer);
  release(c);
});

test('stft with zero padding after a reflect-padded one reads zeros, not stale samples', () => {
  stft(noise(30000, 1).map((v) => v + 5), { nFft: 2048, hopLength: 512, padMode: 'reflect' });
  const y = noise(20000, 2);
  const spec = stft(y, { nFft: 2048, hopLength: 512 });
  // Frame 0 is centred on sample 0: 1024 zeros, then y[0..1024), windowed.
  const frame = new Float64Array(2048);
  const win = paddedWindow('hann', 2048, 2048);
  for (let i = 0; i < 1024; i++) frame[1024 + i] = y[i] * win[1024 + i];
  const fft = new RealFft(2048);
  const re = new Float64Array(fft.bins);
  const im = new Float64Array(fft.bins);
  fft.forward(frame, re, im);
  for (let k = 0; k < fft.bins; k++) {
    assert.ok(Math.abs(spec.re[k] - re[k]) <= 1e-5 * (1 + Math.abs(re[k])), `bin ${k} re`);
    assert.ok(Math.abs(spec.im[k] - im[k]) <= 1e-5 * (1 + Math.abs(im[k])), `bin ${k} im`);
  }
});

test('istft gives the same samples on repeated calls and into a caller buffer', () => {
  const y = noise(25000, 3);
  const spec = stft(y, { nFft: 1024, hopLength: 256 });
  const first = istft(spec, { length: y.length });
  const mask = noise(spec.frames * spec.bins, 4).map((v) => Math.abs(v));
  istftMasked(spec, mask, { length: y.length });
  const out = new Float32Array(y.length).fill(7);
  assert.equal(istftMasked(spec, null, { length: y.length }, out), out);
  assert.deepEqual(out, first);
  let worst = 0;
  for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(first[i] - y[i]));
  assert.ok(worst < 1e-5, `round trip error ${worst}`);
  assert.throws(() => istftMasked(spec, null, { length: y.length }, new Float32Array(5)), /out/);
});

test('median filters and the harmonic mask write into caller buffers exactly as into fresh ones', () => {
  const mag = spectrogram(noise(40000, 5), { nFft: 512, hopLength: 128 }, 1);
  const { frames, bins, data } = mag;
  const along = medianFilterAlongRows(data, frames, bins, 31);
  const into = new Float32Array(data.length).fill(-1);
  assert.deepEqual(medianFilterAlongRows(data, frames, bins, 31, into), along);
  const down = medianFilterDownColumns(data, frames, bins, 31);
  assert.deepEqual(withoutKernels(['median'], () => medianFilterDownColumns(data, frames, bins, 31)), down);
  const mask = harmonicMask(data, frames, bins);
  assert.deepEqual(harmonicMask(data, frames, bins, {}, new Float32Array(data.length).fill(9)), mask);
  assert.throws(() => harmonicMask(data, frames, bins, {}, data), /out/);
});
