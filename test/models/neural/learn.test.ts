/**
 * Every neural model learns a task carried only by a pattern over time (a contour that rises,
 * falls, stays flat or wobbles, from a random start, plus a noise feature) to >= 95 % held-out
 * accuracy, without leaking tensors. Tiny networks and a few epochs keep each fit to seconds.
 * Also: attention weights sum to 1 over time; the hierarchical tree is scored end to end.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTf, tf } from '../../../src/models/runtime/backend.js';
import { attentionWeights, HierarchicalClassifier, kinds, NeuralClassifier } from '../../../src/models/neural/index.js';
import type { ModelKind } from '../../../src/models/registry.js';
import { accuracyOf, contourSequences } from './synthetic.js';

const shape = { classes: 4, time: 8, features: 2 };
const train = contourSequences(600, 1, shape);
const valid = contourSequences(120, 2, shape);
const heldOut = contourSequences(300, 3, shape);
const labelSet = ['down', 'flat', 'up', 'wobble'];
const fast = { epochs: 30, batchSize: 32, optimizer: 'adam', learningRate: 0.01, dropout: 0 };

/** Small sizes of each model for the test; everything else is the model's default. */
const testArgs: Record<string, Record<string, unknown>> = {
  mlp: { ...fast, hidden: [32] },
  'simple-rnn': { ...fast, units: 16, clipNorm: 5 },
  lstm: { ...fast, units: 16 },
  'lstm-attention': { ...fast, units: 16 },
  'lstm-sequence': { ...fast, units: [16, 16], denseUnits: 16, dropout: 0.1 },
  hierarchical: { ...fast, units: [16], tree: { name: 'root', children: [{ name: 'moving', children: ['up', 'down'] }, { name: 'still', children: ['flat', 'wobble'] }] } },
  'ind-rnn': { ...fast, units: 16, learningRate: 0.003, clipNorm: 1 },
};
// Five stacked ReLU recurrences overfit the noise feature of 600 examples; twice the data steadies them.
const bigTrain = contourSequences(1200, 1, shape);

function kind(name: string): ModelKind {
  const k = kinds.find((x) => x.name === name);
  assert.ok(k, `kind ${name} registered`);
  return k;
}

test('the neural family registers all ten kinds', () => {
  // The CRNNs learn spectrograms, not contours: crnn.test.ts.
  assert.deepEqual(kinds.map((k) => k.name).sort(), [...Object.keys(testArgs), 'crnn', 'crnn-extended', 'resnet-crnn'].sort());
  for (const k of kinds) assert.equal(k.family, 'neural');
});

for (const name of Object.keys(testArgs)) {
  test(`${name} learns the contour task to >= 95 % held-out accuracy, no tensor leaks`, async () => {
    await initTf();
    const before = tf.memory().numTensors;
    const model = await kind(name).fit(name === 'ind-rnn' ? bigTrain : train, { args: testArgs[name], labelSet, seed: 11, valid });
    const acc = accuracyOf(await model.predictProba(heldOut.examples), heldOut.labels, model.labels);
    assert.ok(acc >= 0.95, `${name}: held-out accuracy ${acc}`);
    model.dispose();
    assert.equal(tf.memory().numTensors, before, `${name}: tensors leaked`);
  });
}

test('lstm-attention: attention weights are a distribution over time steps', async () => {
  await initTf();
  const model = (await kind('lstm-attention').fit(train, { args: { ...testArgs['lstm-attention'], epochs: 3 }, labelSet, seed: 1 })) as NeuralClassifier;
  const before = tf.memory().numTensors;
  const alpha = await attentionWeights(model, heldOut.examples.slice(0, 50));
  assert.equal(tf.memory().numTensors, before, 'no tensors leaked');
  for (const a of alpha) {
    assert.equal(a.length, shape.time);
    assert.ok(Math.abs(a.reduce((s, v) => s + v, 0) - 1) < 1e-5);
    assert.ok(a.every((v) => v >= 0));
  }
  model.dispose();
});

test('hierarchical: S3 tree of 7 LSTMs by default; accuracy is measured end to end on walked predictions', async () => {
  await initTf();
  const k = kind('hierarchical');
  const tree = k.defaults.tree as { name: string };
  assert.equal(tree.name, 'lstm1');
  const model = (await k.fit(train, { args: testArgs.hierarchical, labelSet, seed: 11, valid })) as HierarchicalClassifier;
  const probs = await model.predictProba(heldOut.examples);
  // Greedy walk: each row is non-zero only on the leaves of the last node walked.
  for (const p of probs) assert.equal(p.filter((v) => v > 0).length <= 2, true);
  const endToEnd = accuracyOf(probs, heldOut.labels, model.labels);
  assert.ok(endToEnd >= 0.95, `end-to-end accuracy ${endToEnd}`);
  assert.deepEqual(Object.keys(model.training ?? {}), ['root', 'moving', 'still']);
  // Each node's own accuracy, on the examples of its genres: the root sees every example, each
  // child only its two genres; a walk is right only where every node on its path is.
  const nodes = model.nodeAccuracies(heldOut.examples, heldOut.labels);
  assert.deepEqual(nodes.map((n) => [n.node, n.total]), [['root', 300], ['moving', heldOut.labels.filter((l) => l === 'up' || l === 'down').length], ['still', heldOut.labels.filter((l) => l === 'flat' || l === 'wobble').length]]);
  for (const n of nodes) assert.ok(n.correct / n.total >= endToEnd - 1e-9, `${n.node}: ${n.correct} / ${n.total} below the end-to-end ${endToEnd}`);
  model.dispose();
  // The soft walk: each genre gets the product of the node probabilities on its path; rows sum to 1.
  const soft = (await k.fit(train, { args: { ...testArgs.hierarchical, routing: 'product', epochs: 2 }, labelSet, seed: 1 })) as HierarchicalClassifier;
  for (const p of await soft.predictProba(heldOut.examples.slice(0, 20))) assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  soft.dispose();
});

test('neural kinds refuse unknown arguments and bad values by name', async () => {
  await assert.rejects(kind('lstm').fit(train, { args: { unitz: 3 }, labelSet, seed: 1 }), /parameter 'unitz'.*unknown parameter of model 'lstm'/);
  await assert.rejects(kind('lstm').fit(train, { args: { dropout: 1.5 }, labelSet, seed: 1 }), /parameter 'dropout'/);
  await assert.rejects(kind('lstm').fit({ examples: [new Float32Array(3)], labels: ['up'] }, { args: {}, labelSet, seed: 1 }), /takes sequences/);
  await assert.rejects(kind('hierarchical').fit(train, { args: { tree: { name: 'r', children: ['up', 'down'] } }, labelSet, seed: 1 }), /parameter 'tree': the tree has no place for flat, wobble/);
});
