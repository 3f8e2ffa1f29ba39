/** evaluateNetwork scores every example, also when its last batch holds fewer examples than there are classes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTf, tf } from '../../../../src/models/runtime/backend.js';
import { PackedBatches } from '../../../../src/models/neural/batcher.js';
import { evaluateNetwork } from '../../../../src/models/neural/train/trainer.js';

test('evaluateNetwork: loss and accuracy of a fixed network over batches of 4 with 10 classes', async () => {
  await initTf('wasm');
  // A "network" whose logits are its input: example i says class i % 10 with logit 2.
  const n = 11;
  const packed = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) packed[i * 10 + (i % 10)] = 2;
  const labels = Int32Array.from({ length: n }, (_, i) => (i < 9 ? i % 10 : 0));
  const net = { params: { trainable: () => [], snapshot: () => [], assign: () => undefined }, logits: (x: tf.Tensor) => x as tf.Tensor2D };
  const r = evaluateNetwork(net, new PackedBatches(packed, [10], labels), 4);
  // Right: cross-entropy log(1 + 9 e^-2); wrong (example 9, labelled 0): log(e^2 + 9) - 0.
  const right = Math.log(1 + 9 * Math.exp(-2));
  const wrong = Math.log(Math.exp(2) + 9);
  assert.ok(Math.abs(r.accuracy - 10 / 11) < 1e-9, `accuracy ${r.accuracy}`);
  assert.ok(Math.abs(r.loss - (10 * right + wrong) / 11) < 1e-5, `loss ${r.loss}`);
});
