/**
 * The fused kernels (LSTM step, IndRNN recurrence, Adam update, wasm matmul transpose fix) must
 * give the same values and gradients as the same computation in plain tf ops, on every backend
 * they run on. Tolerance 1e-5 relative to the largest magnitude (float32, different summation order).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTf, tf } from '../../../src/models/runtime/backend.js';
import { setFusedKernels } from '../../../src/models/runtime/fused.js';
import { setTransposeFix } from '../../../src/models/runtime/matmul-transpose.js';
import { indRnn, indRnnParams } from '../../../src/models/neural/layers/ind-rnn.js';
import { lstm, lstmOps, lstmParams } from '../../../src/models/neural/layers/lstm.js';
import { ParamStore } from '../../../src/models/neural/params.js';
import { createOptimizer } from '../../../src/models/neural/train/optimizers.js';
import { fastExp, fastSigmoid, fastTanh } from '../../../src/models/runtime/fast-math.js';
import { Rng } from '../../../src/random.js';

function close(a: Float32Array, b: Float32Array, what: string, tol = 1e-5): void {
  assert.equal(a.length, b.length, `${what}: length`);
  let scale = 1e-6;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * scale, `${what}[${i}]: ${a[i]} vs ${b[i]} (scale ${scale})`);
}

function randomInput(rng: Rng, shape: [number, number, number]): tf.Tensor3D {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape) as tf.Tensor3D;
}

/** Value and gradients (weights and input) of sum(out * fixed random weights) under fused or plain kernels. */
function lstmGrads(fused: boolean, withCell: boolean): Float32Array[] {
  setFusedKernels(fused);
  try {
    const rng = new Rng(3);
    const store = new ParamStore();
    const w = lstmParams(store, 'l', 5, 6, rng);
    const x = randomInput(rng, [3, 4, 5]);
    const mixH = randomInput(rng, [3, 4, 6]);
    const mixC = tf.tensor(Float32Array.from({ length: 18 }, () => rng.normal()), [3, 6]);
    const f = (xx: tf.Tensor) => {
      const out = fused ? lstm(xx as tf.Tensor3D, w) : lstmOps(xx as tf.Tensor3D, w);
      const s = tf.sum(tf.mul(out.sequence, mixH));
      return (withCell ? tf.add(s, tf.sum(tf.mul(out.lastCell!, mixC))) : s) as tf.Scalar;
    };
    const { value, grads } = tf.variableGrads(() => f(x), store.list());
    const dx = tf.grad(f)(x);
    const out = [value, ...store.list().map((v) => grads[v.name]), dx].map((t) => new Float32Array(t.dataSync()));
    tf.dispose([value, dx, x, mixH, mixC, ...Object.values(grads)]);
    store.dispose();
    return out;
  } finally {
    setFusedKernels(true);
  }
}

for (const backend of ['wasm', 'cpu'] as const) {
  test(`fused LSTM equals plain ops, values and gradients (${backend})`, async () => {
    assert.equal(await initTf(backend), backend);
    const before = tf.memory().numTensors;
    for (const withCell of [false, true]) {
      const a = lstmGrads(true, withCell);
      const b = lstmGrads(false, withCell);
      ['loss', 'dKernel', 'dRecurrent', 'dBias', 'dInput'].forEach((name, i) => close(a[i], b[i], `${name}${withCell ? ' (with cell)' : ''}`));
    }
    assert.equal(tf.memory().numTensors, before, 'no tensors leaked');
  });

  test(`fused IndRNN equals plain ops, values and gradients (${backend})`, async () => {
    await initTf(backend);
    const run = (fused: boolean) => {
      setFusedKernels(fused);
      try {
        const rng = new Rng(5);
        const store = new ParamStore();
        const w = indRnnParams(store, 'i', 4, 7, rng);
        const x = randomInput(rng, [3, 6, 4]);
        const mix = randomInput(rng, [3, 6, 7]);
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(indRnn(x, w).sequence, mix)) as tf.Scalar, store.list());
        const out = [value, ...store.list().map((v) => grads[v.name])].map((t) => new Float32Array(t.dataSync()));
        tf.dispose([value, x, mix, ...Object.values(grads)]);
        store.dispose();
        return out;
      } finally {
        setFusedKernels(true);
      }
    };
    const a = run(true);
    const b = run(false);
    ['loss', 'dKernel', 'dRecurrent', 'dBias'].forEach((name, i) => close(a[i], b[i], name));
  });

  test(`fused Adam update equals the op-by-op update over 3 steps (${backend})`, async () => {
    await initTf(backend);
    const run = (fused: boolean) => {
      setFusedKernels(fused);
      try {
        const v = tf.variable(tf.tensor([0.5, -1, 2, 0.1]));
        const opt = createOptimizer('adam', { learningRate: 0.1 });
        for (const g of [[1, -2, 0.5, 0], [0.3, 0.3, -1, 2], [-1, 1, 1, -1]]) tf.tidy(() => opt.apply([v], [tf.tensor(g)]));
        const out = [new Float32Array(v.dataSync()), ...opt.getState()];
        opt.dispose();
        v.dispose();
        return out;
      } finally {
        setFusedKernels(true);
      }
    };
    const a = run(true);
    const b = run(false);
    a.forEach((arr, i) => close(arr, b[i], `state ${i}`, 1e-6));
  });
}

test('wasm matmul with transposed operands: the transpose fix gives the cpu result', async () => {
  const rng = new Rng(9);
  const A = Float32Array.from({ length: 6 * 4 }, () => rng.normal());
  const B = Float32Array.from({ length: 6 * 5 }, () => rng.normal());
  const product = () => tf.tidy(() => new Float32Array(tf.matMul(tf.tensor(A, [6, 4]), tf.tensor(B, [6, 5]), true, false).dataSync()));
  await initTf('cpu');
  const reference = product();
  await initTf('wasm');
  const fixed = product();
  setTransposeFix(false);
  const plain = product();
  setTransposeFix(true);
  close(fixed, reference, 'fixed');
  close(plain, reference, 'plain');
});

test('fast exp / sigmoid / tanh agree with Math to 1e-8 relative over float32 range', () => {
  const rng = new Rng(4);
  for (let n = 0; n < 20000; n++) {
    const x = rng.next() * 176 - 88;
    assert.ok(Math.abs(fastExp(x) / Math.exp(x) - 1) < 1e-8, `exp(${x})`);
    const y = rng.next() * 40 - 20;
    assert.ok(Math.abs(fastTanh(y) - Math.tanh(y)) < 1e-8, `tanh(${y})`);
    assert.ok(Math.abs(fastSigmoid(y) - 1 / (1 + Math.exp(-y))) < 1e-8, `sigmoid(${y})`);
  }
  assert.equal(fastTanh(1000), 1);
  assert.equal(fastTanh(-1000), -1);
  assert.equal(fastSigmoid(-1000) < 1e-37, true);
});
