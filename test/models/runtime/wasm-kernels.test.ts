/**
 * Gradient kernels missing from tfjs-backend-wasm 4.22 are registered from the cpu backend: a
 * convolution's filter gradient and a gather's gradient (UnsortedSegmentSum) on wasm equal cpu's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTf, tf } from '../../../src/models/runtime/backend.js';
import { WASM_FALLBACK_KERNELS } from '../../../src/models/runtime/wasm-kernels.js';
import { Rng } from '../../../src/random.js';

function gradients(): Float32Array[] {
  return tf.tidy(() => {
    const rng = new Rng(2);
    const x = tf.tensor(Float32Array.from({ length: 2 * 6 * 5 * 3 }, () => rng.normal()), [2, 6, 5, 3]) as tf.Tensor4D;
    const filter = tf.tensor(Float32Array.from({ length: 3 * 3 * 3 * 4 }, () => rng.normal()), [3, 3, 3, 4]) as tf.Tensor4D;
    const dConv = tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, 1, 'same'))))(filter);
    const table = tf.tensor(Float32Array.from({ length: 5 * 3 }, () => rng.normal()), [5, 3]);
    const dGather = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d([0, 2, 2, 4], 'int32')), 2)))(table);
    return [dConv, dGather].map((t) => new Float32Array(t.dataSync()));
  });
}

test('wasm registers the missing gradient kernels and they match the cpu backend', async () => {
  await initTf('cpu');
  const reference = gradients();
  assert.equal(await initTf('wasm'), 'wasm');
  for (const name of ['Conv2DBackpropFilter', 'UnsortedSegmentSum']) {
    assert.ok(WASM_FALLBACK_KERNELS.includes(name));
    assert.ok(tf.getKernel(name, 'wasm'), `${name} registered for wasm`);
  }
  const before = tf.memory().numTensors;
  const got = gradients();
  assert.equal(tf.memory().numTensors, before, 'no tensors leaked');
  got.forEach((g, k) => g.forEach((v, i) => assert.ok(Math.abs(v - reference[k][i]) <= 1e-4 * Math.max(1, Math.abs(reference[k][i])), `grad ${k}[${i}] ${v} vs ${reference[k][i]}`)));
});
