import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getWindow } from '../../src/dsp/window.js';

const round = (w: Float64Array) => Array.from(w, (v) => Math.round(v * 1e12) / 1e12 + 0);

// Values of scipy.signal.get_window(name, 4) (periodic) and get_window(name, 5, fftbins=False).
test('periodic windows match scipy get_window(fftbins=True)', () => {
  assert.deepEqual(round(getWindow('hann', 4)), [0, 0.5, 1, 0.5]);
  assert.deepEqual(round(getWindow('hamming', 4)), [0.08, 0.54, 1, 0.54]);
  assert.deepEqual(round(getWindow('blackman', 4)), [0, 0.34, 1, 0.34]);
  assert.deepEqual(round(getWindow('rectangular', 3)), [1, 1, 1]);
});

test('symmetric windows match scipy get_window(fftbins=False)', () => {
  assert.deepEqual(round(getWindow('hann', 5, false)), [0, 0.5, 1, 0.5, 0]);
  assert.deepEqual(round(getWindow('hamming', 3, false)), [0.08, 1, 0.08]);
});

test('a periodic Hann window of 2048 sums to 1024 and is symmetric about its centre', () => {
  const w = getWindow('hann', 2048);
  assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1024) < 1e-9);
  for (let i = 1; i < 1024; i++) assert.ok(Math.abs(w[i] - w[2048 - i]) < 1e-15);
});

test('degenerate lengths and unknown names', () => {
  assert.deepEqual(Array.from(getWindow('hann', 1)), [1]);
  assert.equal(getWindow('hann', 0).length, 0);
  assert.throws(() => getWindow('kaiser' as 'hann', 8), /unknown window 'kaiser'/);
  assert.throws(() => getWindow('hann', -1), /window length/);
});
