/**
 * Data-parallel training: a network without batch norm, with dropout, trained on 1, 2 and 3
 * threads ends with the same weights up to float rounding (the shards' gradients summed are the
 * batch's; each example draws its own dropout mask wherever it is computed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTf, tf } from '../../../../src/models/runtime/backend.js';
import { kinds, NeuralClassifier } from '../../../../src/models/neural/index.js';
import { contourSequences } from '../synthetic.js';
import { networkDefinition } from '../../../../src/models/neural/definitions.js';
import { exampleSeeds, shardGradients } from '../../../../src/models/neural/train/trainer.js';
import { Rng } from '../../../../src/random.js';

test('lstm-sequence with dropout: 1, 2 and 3 threads train to the same weights up to rounding', async () => {
  await initTf('wasm');
  const kind = kinds.find((k) => k.name === 'lstm-sequence')!;
  const train = contourSequences(90, 1, { classes: 3, time: 6, features: 3 });
  const labelSet = ['down', 'flat', 'up'];
  const args = { epochs: 3, batchSize: 15, units: [12, 8], denseUnits: 8, dropout: 0.3, learningRate: 0.01 };
  const weights: Float32Array[][] = [];
  for (const jobs of [1, 2, 3]) {
    const before = tf.memory().numTensors;
    const model = (await kind.fit(train, { args, labelSet, seed: 7, jobs })) as NeuralClassifier;
    weights.push(model.network.params.snapshot());
    assert.equal(model.training!.jobs, jobs);
    model.dispose();
    assert.equal(tf.memory().numTensors, before, `no tensors leaked with ${jobs} threads`);
  }
  let worst = 0;
  let moved = 0;
  for (const other of [weights[1], weights[2]]) {
    other.forEach((w, i) => w.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - weights[0][i][j])))));
  }
  const fresh = (await kind.fit(train, { args: { ...args, epochs: 1 }, labelSet, seed: 8, jobs: 1 })) as NeuralClassifier;
  fresh.network.params.snapshot().forEach((w, i) => w.forEach((v, j) => (moved = Math.max(moved, Math.abs(v - weights[0][i][j])))));
  fresh.dispose();
  assert.ok(worst < 1e-4, `largest weight difference between 1 and 2-3 threads: ${worst}`);
  assert.ok(moved > 100 * worst, `another seed's weights differ by ${moved}: the comparison can fail`);
});

test('a batch computed in passes (examplesPerPass) has the gradients of one pass', async () => {
  await initTf('wasm');
  const def = networkDefinition('lstm-sequence');
  const args = { ...def.defaults, units: [6, 5], denseUnits: 4, dropout: 0.3 };
  const net = def.build(args as never, { inputShape: [6, 3], classes: 3 }, new Rng(1));
  const data = contourSequences(10, 2, { classes: 3, time: 6, features: 3 });
  const x = () => tf.tensor(data.examples.flatMap((e) => e.flatMap((r) => [...r])), [10, 6, 3]);
  const labels = Int32Array.from(data.labels, (l) => ['down', 'flat', 'up'].indexOf(l));
  const weights = tf.ones([3]) as tf.Tensor1D;
  const seeds = exampleSeeds(9, 10);
  const vars = net.params.trainable();
  const whole = shardGradients(net, vars, x(), labels, weights, 10, seeds);
  const parts = shardGradients({ ...net, logits: net.logits, examplesPerPass: 3 }, vars, x(), labels, weights, 10, seeds);
  assert.ok(Math.abs(whole.lossSum - parts.lossSum) < 1e-4 && whole.correct === parts.correct);
  whole.grads.forEach((g, i) => {
    const a = g.dataSync();
    const b = parts.grads[i].dataSync();
    a.forEach((v, j) => assert.ok(Math.abs(v - b[j]) < 1e-5, `grad ${i}[${j}] ${v} vs ${b[j]}`));
  });
  [...whole.grads, ...parts.grads, weights].forEach((t) => t.dispose());
  net.params.dispose();
});
