/**
 * genrekit's wasm convolution kernels (im2col + SIMD GEMM, conv-kernels.ts) against the cpu
 * backend's: the forward pass and both gradients on random shapes with odd sizes, 1 to 9
 * channels in, 'same', 'valid' and explicit padding, strides 1 and 2, 1x1 to 7x7 filters.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTf, tf } from '../../../src/models/runtime/backend.js';
import { convModule } from '../../../src/models/runtime/conv-kernels.js';
import { Rng } from '../../../src/random.js';

interface Case {
  x: number[];
  f: number[];
  stride: number | [number, number];
  pad: 'same' | 'valid' | number;
}

const CASES: Case[] = [
  { x: [2, 7, 5, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [3, 9, 11, 1], f: [3, 3, 1, 5], stride: 1, pad: 'valid' },
  { x: [1, 13, 10, 9], f: [5, 3, 9, 10], stride: 1, pad: 'same' },
  { x: [2, 15, 12, 4], f: [7, 7, 4, 8], stride: 2, pad: 'same' },
  { x: [2, 11, 9, 6], f: [3, 3, 6, 7], stride: [2, 1], pad: 'valid' },
  { x: [1, 8, 8, 17], f: [1, 1, 17, 3], stride: 2, pad: 'same' },
  { x: [2, 6, 7, 2], f: [3, 3, 2, 9], stride: 1, pad: 1 },
];

function run(c: Case, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const rng = new Rng(seed);
    const rand = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
    const x = rand(c.x) as tf.Tensor4D;
    const f = rand(c.f) as tf.Tensor4D;
    const y = tf.conv2d(x, f, c.stride, c.pad);
    const weight = rand(y.shape);
    const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), weight));
    const [dx, df] = tf.grads(loss)([x, f]);
    return [y, dx, df].map((t) => new Float32Array(t.dataSync()));
  });
}

test('the wasm convolution kernels give the cpu backend forward pass and gradients', async (t) => {
  if (!convModule()) return t.skip('conv.wasm was not built');
  await initTf('cpu');
  const reference = CASES.map((c, i) => run(c, i + 1));
  assert.equal(await initTf('wasm'), 'wasm');
  for (const name of ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']) assert.ok((tf.getKernel(name, 'wasm') as { genrekit?: boolean }).genrekit, `${name} is genrekit's on wasm`);
  const before = tf.memory().numTensors;
  CASES.forEach((c, i) => {
    const got = run(c, i + 1);
    ['forward', 'input gradient', 'filter gradient'].forEach((what, k) => {
      assert.equal(got[k].length, reference[i][k].length);
      let worst = 0;
      got[k].forEach((v, j) => (worst = Math.max(worst, Math.abs(v - reference[i][k][j]) / Math.max(1, Math.abs(reference[i][k][j])))));
      assert.ok(worst < 2e-5, `case ${i} (${JSON.stringify(c)}) ${what}: relative error ${worst}`);
    });
  });
  assert.equal(tf.memory().numTensors, before, 'no tensors leaked');
});
