/**
 * The fused batch norm (training mode) and max-pool kernels, on wasm and cpu, give the plain tf
 * ops' outputs, batch statistics and gradients on the cpu backend, on odd shapes with leftover
 * rows and columns in the pools. (The reference is cpu's: tfjs-backend-wasm 4.22's own
 * MaxPoolGrad misplaces the gradient of one window of the [3, 9, 7, 5] case with 2 x 3 pools.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTf, tf } from '../../../src/models/runtime/backend.js';
import { setFusedKernels } from '../../../src/models/runtime/fused.js';
import { batchNorm, batchNormParams } from '../../../src/models/neural/layers/batch-norm.js';
import { maxPool } from '../../../src/models/neural/layers/max-pool.js';
import { ParamStore } from '../../../src/models/neural/params.js';
import { Rng } from '../../../src/random.js';

function run(shape: number[], pool: [number, number]): Float32Array[] {
  const rng = new Rng(4);
  const store = new ParamStore();
  const C = shape[3];
  const w = batchNormParams(store, 'bn', C);
  tf.tidy(() => {
    w.gamma.assign(tf.tensor1d(Float32Array.from({ length: C }, () => 1 + rng.normal() / 3)));
    w.beta.assign(tf.tensor1d(Float32Array.from({ length: C }, () => rng.normal())));
  });
  const out = tf.tidy(() => {
    const x = tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 3 * rng.normal() + 1), shape as [number, number, number, number]) as tf.Tensor4D;
    const f = (xx: tf.Tensor) => maxPool(batchNorm(xx as tf.Tensor4D, w, { training: true }), pool, { training: true });
    const y = f(x);
    const weight = tf.tensor(Float32Array.from({ length: y.size }, () => rng.normal()), y.shape);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(x), weight)) as tf.Scalar, [w.gamma, w.beta]);
    const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(f(xx), weight)))(x);
    return [y, value, grads[w.gamma.name], grads[w.beta.name], dx, w.movingMean, w.movingVariance].map((t) => new Float32Array(t.dataSync()));
  });
  store.dispose();
  return out;
}

const CASES = [[[3, 9, 7, 5], [2, 3]], [[2, 8, 13, 16], [4, 2]], [[1, 5, 5, 3], [1, 1]], [[2, 20, 17, 8], [2, 2]]] as Array<[number[], [number, number]]>;

for (const backend of ['wasm', 'cpu'] as const) {
  test(`${backend}: fused batch norm and max-pool equal the plain ops on cpu (values, statistics, gradients)`, async () => {
    await initTf('cpu');
    setFusedKernels(false);
    const reference = CASES.map(([shape, pool]) => run(shape, pool));
    setFusedKernels(true);
    await initTf(backend);
    for (const [n, [shape, pool]] of CASES.entries()) {
      const plain = reference[n];
      const before = tf.memory().numTensors;
      const fused = run(shape, pool);
      assert.equal(tf.memory().numTensors, before, 'no tensors leaked');
      ['output', 'loss', 'd gamma', 'd beta', 'd x', 'moving mean', 'moving variance'].forEach((what, k) => {
        assert.equal(fused[k].length, plain[k].length, what);
        fused[k].forEach((v, i) => assert.ok(Math.abs(v - plain[k][i]) <= 2e-4 * Math.max(1, Math.abs(plain[k][i])), `${JSON.stringify(shape)} ${what}[${i}]: ${v} vs ${plain[k][i]}`));
      });
    }
  });
}
