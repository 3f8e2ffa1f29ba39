/**
 * The training engine's parts against hand-computed numbers: SGD / momentum / Adam / RMSprop
 * updates, global-norm clipping, class weights and the weighted loss, early stopping that
 * restores the best epoch's weights, seeded repeatability, learning curves and progress lines.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { initTf, tf } from '../../../../src/models/runtime/backend.js';
import { PackedBatches, packExamples } from '../../../../src/models/neural/batcher.js';
import { lstmSequenceNetwork, LSTM_SEQUENCE_DEFAULTS } from '../../../../src/models/neural/lstm-sequence.js';
import { clipByGlobalNorm } from '../../../../src/models/neural/train/clip.js';
import { CURVES_JSON, CURVES_SVG } from '../../../../src/models/neural/train/curves.js';
import { EarlyStopping } from '../../../../src/models/neural/train/early-stopping.js';
import { createOptimizer } from '../../../../src/models/neural/train/optimizers.js';
import { formatProgress } from '../../../../src/models/neural/train/progress.js';
import { Rng } from '../../../../src/random.js';
import { classWeightsFor, trainNetwork, TRAIN_DEFAULTS, weightedCrossEntropy, type TrainOptions } from '../../../../src/models/neural/train/trainer.js';
import { contourSequences } from '../synthetic.js';

const near = (a: ArrayLike<number>, b: number[], tol = 1e-5) => b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) <= tol * Math.max(1, Math.abs(v)), `[${i}] ${a[i]} vs ${v}`));

/** Apply gradients g1 then g2 to w0 with optimizer `name`; the resulting weights. */
function twoSteps(name: string, lr: number, momentum = 0): Float32Array {
  const v = tf.variable(tf.tensor([1, -2]));
  const opt = createOptimizer(name, { learningRate: lr, momentum });
  for (const g of [[0.5, -1], [0.25, 2]]) tf.tidy(() => opt.apply([v], [tf.tensor(g)]));
  const out = new Float32Array(v.dataSync());
  opt.dispose();
  v.dispose();
  return out;
}

test('optimizers follow their textbook updates (two steps, by hand)', async () => {
  await initTf();
  near(twoSteps('sgd', 0.1), [1 - 0.1 * 0.75, -2 - 0.1 * 1]);
  // momentum 0.9: v1 = g1, v2 = 0.9 g1 + g2; w -= lr (v1 + v2)
  near(twoSteps('sgd', 0.1, 0.9), [1 - 0.1 * (0.5 + 0.45 + 0.25), -2 - 0.1 * (-1 - 0.9 + 2)]);
  // Adam (beta1 0.9, beta2 0.999, eps 1e-7), written out per step.
  const adam = (w: number, gs: number[], lr: number) => {
    let m = 0;
    let s = 0;
    gs.forEach((g, k) => {
      const t = k + 1;
      m = 0.9 * m + 0.1 * g;
      s = 0.999 * s + 0.001 * g * g;
      w -= ((lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t)) * (m / (Math.sqrt(s) + 1e-7));
    });
    return w;
  };
  near(twoSteps('adam', 0.01), [adam(1, [0.5, 0.25], 0.01), adam(-2, [-1, 2], 0.01)]);
  const rms = (w: number, gs: number[], lr: number) => {
    let a = 0;
    for (const g of gs) {
      a = 0.9 * a + 0.1 * g * g;
      w -= (lr * g) / (Math.sqrt(a) + 1e-7);
    }
    return w;
  };
  near(twoSteps('rmsprop', 0.01), [rms(1, [0.5, 0.25], 0.01), rms(-2, [-1, 2], 0.01)]);
  assert.throws(() => createOptimizer('adagrad', { learningRate: 1 }), /parameter 'optimizer'/);
});

test('global-norm clipping scales all gradients together, only above the threshold', async () => {
  await initTf();
  tf.tidy(() => {
    const grads = [tf.tensor([3, 4]), tf.tensor([12])];
    const clipped = clipByGlobalNorm(grads, 6.5);
    near(clipped.norm.dataSync(), [13]);
    near(clipped.grads[0].dataSync(), [1.5, 2]);
    near(clipped.grads[1].dataSync(), [6]);
    near(clipByGlobalNorm(grads, 20).grads[1].dataSync(), [12]);
  });
});

test('balanced class weights and the weighted cross-entropy', async () => {
  await initTf();
  near(classWeightsFor(Int32Array.from([0, 0, 0, 1]), 3, 'balanced'), [4 / 9, 4 / 3, 0]);
  near(classWeightsFor(Int32Array.from([0, 1]), 2, 'none'), [1, 1]);
  tf.tidy(() => {
    const logits = tf.tensor2d([[0, Math.log(3)], [Math.log(4), 0]]);
    // Row 0 is class 0 (p 1/4, weight 1), row 1 class 1 (p 1/5, weight 2).
    const loss = weightedCrossEntropy(logits, tf.tensor1d([0, 1], 'int32'), tf.tensor1d([1, 2]));
    near(loss.dataSync(), [(-Math.log(0.25) + 2 * -Math.log(0.2)) / 2]);
  });
});

test('early stopping counts epochs without improvement', () => {
  const es = new EarlyStopping('valLoss', 2);
  const seen = [1.0, 0.8, 0.9, 0.85, 0.7].map((v, i) => es.update(i + 1, v));
  assert.deepEqual(seen.map((s) => s.stop), [false, false, false, true, false]);
  assert.equal(es.state.bestEpoch, 5);
  const acc = new EarlyStopping('valAccuracy', 0);
  assert.deepEqual([0.5, 0.4, 0.3].map((v, i) => acc.update(i + 1, v).stop), [false, false, false]);
});

const shape = { classes: 3, time: 6, features: 3 };
const labelSet = ['down', 'flat', 'up'];
function batches(n: number, seed: number, flip = false): PackedBatches {
  const d = contourSequences(n, seed, shape);
  const idx = d.labels.map((l) => labelSet.indexOf(l));
  return new PackedBatches(packExamples(d.examples, [shape.time, shape.features]), [shape.time, shape.features], Int32Array.from(idx, (y) => (flip ? (y + 1) % 3 : y)));
}
const args = { ...LSTM_SEQUENCE_DEFAULTS, units: [8], denseUnits: 8, dropout: 0.2 };
const opts = (o: Partial<TrainOptions>): TrainOptions => ({ ...TRAIN_DEFAULTS, batchSize: 16, learningRate: 0.01, ...o });
const build = (seed: number) => lstmSequenceNetwork.build(args, { inputShape: [shape.time, shape.features], classes: 3 }, new Rng(seed));

test('early stopping stops after `patience` and restores the best epoch weights', async () => {
  await initTf();
  const train = batches(96, 1);
  // Validation labels are rotated: learning the training task makes validation worse, so epoch 1 is best.
  const valid = batches(48, 2, true);
  const a = build(4);
  const res = await trainNetwork(a, train, valid, opts({ epochs: 20, patience: 2 }), { seed: 9, classes: 3, fingerprint: 'x' });
  assert.equal(res.history.length, 3);
  assert.equal(res.stoppedEarly, true);
  assert.equal(res.bestEpoch, 1);
  const b = build(4);
  await trainNetwork(b, train, valid, opts({ epochs: 1, patience: 0 }), { seed: 9, classes: 3, fingerprint: 'x' });
  assert.deepEqual(a.params.snapshot(), b.params.snapshot());
  a.params.dispose();
  b.params.dispose();
});

test('same seed, same weights; another seed, other weights; curves and progress written', async () => {
  await initTf();
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-train-'));
  try {
    const train = batches(64, 5);
    const run = async (seed: number, checkpointDir?: string) => {
      const net = build(seed);
      const lines: string[] = [];
      const before = tf.memory().numTensors;
      const res = await trainNetwork(net, train, batches(30, 6), opts({ epochs: 3 }), { seed, classes: 3, fingerprint: 'y', checkpointDir, onProgress: (p) => lines.push(p.message!) });
      assert.equal(tf.memory().numTensors, before, 'training leaks no tensor');
      const w = net.params.snapshot();
      net.params.dispose();
      return { w, lines, res };
    };
    const a = await run(1, dir);
    const b = await run(1);
    const c = await run(2);
    assert.deepEqual(a.w, b.w);
    assert.notDeepEqual(a.w, c.w);
    assert.equal(a.lines.length, 3);
    assert.match(a.lines[2], /^epoch 3\/3 {2}loss \d+\.\d{4} acc \d\.\d{3} {2}val_loss \d+\.\d{4} val_acc \d\.\d{3} {2}\d+\.\ds {2}ETA 0\.0s$/);
    const curves = JSON.parse(await readFile(join(dir, CURVES_JSON), 'utf8'));
    assert.deepEqual(curves.history.map((r: { loss: number }) => r.loss), a.res.history.map((r) => r.loss));
    const svg = await readFile(join(dir, CURVES_SVG), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal((svg.match(/<polyline/g) ?? []).length, 4);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.equal(formatProgress({ epoch: 2, loss: 0.5, accuracy: 0.75, seconds: 61 }, 10, 3700), 'epoch 2/10  loss 0.5000 acc 0.750  1m1s  ETA 1h1m');
});
