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
