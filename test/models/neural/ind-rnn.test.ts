/**
 * S4's deep IndRNN: with batch normalisation after every layer (the paper's stacking) the first
 * loss of 5 layers stays near chance whatever the depth, where without it each layer multiplied
 * the scale and five layers started at a loss of 1e5; and the network's gradient, through the
 * recurrences and the normalisations, matches central finite differences.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTf, tf } from '../../../src/models/runtime/backend.js';
import { IND_RNN_DEFAULTS, indRnnKind, indRnnNetwork, type IndRnnArgs } from '../../../src/models/neural/ind-rnn.js';
import { NeuralClassifier } from '../../../src/models/neural/neural-kind.js';
import { Rng } from '../../../src/random.js';

function gaussian(rng: Rng, shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng.next())), a = 2 * Math.PI * rng.next();
    v[i] = r * Math.cos(a);
    if (i + 1 < n) v[i + 1] = r * Math.sin(a);
  }
  return tf.tensor(v, shape);
}

/** Mean softmax cross-entropy of the network's logits for `labels` (one-hot), in training mode. */
function loss(net: ReturnType<typeof indRnnNetwork.build>, x: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(labels, net.logits(x, { training: true })) as tf.Scalar;
}

test('5 IndRNN layers: the first loss stays near chance with batch norm, and explodes without it', async () => {
  await initTf('cpu');
  const first = (layers: number, batchNorm: boolean) =>
    tf.tidy(() => {
      const rng = new Rng(3);
      const args: IndRnnArgs = { ...IND_RNN_DEFAULTS, layers, batchNorm, dropout: 0 };
      const net = indRnnNetwork.build(args, { inputShape: [120, 40], classes: 10 }, rng);
      const x = gaussian(rng, [32, 120, 40]);
      const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32'), 10);
      const value = loss(net, x, labels).dataSync()[0];
      net.params.dispose();
      return value;
    });
  const withNorm = [1, 3, 5].map((l) => first(l, true));
  const without = [1, 3, 5].map((l) => first(l, false));
  // Chance is ln 10 = 2.30.
  for (const v of withNorm) assert.ok(v < 6, `with batch norm: first losses ${withNorm}`);
  assert.ok(without[2] > 100 * withNorm[2], `without batch norm: first losses ${without} (with: ${withNorm})`);
});

test("the IndRNN network's gradient matches central differences, through recurrence and batch norm", async (t) => {
  await initTf('cpu');
  const rng = new Rng(7);
  const args: IndRnnArgs = { ...IND_RNN_DEFAULTS, layers: 2, units: 3, batchNorm: true, dropout: 0 };
  const net = indRnnNetwork.build(args, { inputShape: [5, 4], classes: 3 }, rng);
  const x = gaussian(rng, [6, 5, 4]);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
  const trainable = net.params.trainable();
  const { grads } = tf.variableGrads(() => loss(net, x, labels), trainable);
  const at = () => tf.tidy(() => loss(net, x, labels).dataSync()[0]);
  let checked = 0;
  let worst = 0;
  for (const v of trainable) {
    const analytic = grads[v.name].dataSync();
    const values = v.dataSync().slice();
    for (let i = 0; i < values.length; i++) {
      // Small enough that no ReLU or batch statistic changes side within the step (1e-2 crossed one).
      const h = 1e-3;
      const set = (d: number) => {
        const w = values.slice();
        w[i] += d;
        v.assign(tf.tensor(w, v.shape));
      };
      set(h);
      const up = at();
      set(-h);
      const down = at();
      set(0);
      const numeric = (up - down) / (2 * h);
      const err = Math.abs(numeric - analytic[i]) / Math.max(0.05, Math.abs(numeric) + Math.abs(analytic[i]));
      worst = Math.max(worst, err);
      checked++;
    }
  }
  assert.equal(checked, 57, `checked ${checked} weights`);
  t.diagnostic(`worst relative difference ${worst.toExponential(2)} over ${checked} weights`);
  assert.ok(worst < 0.03, `worst relative difference ${worst} over ${checked} weights`);
  tf.dispose([x, labels, ...Object.values(grads)]);
  net.params.dispose();
});

test('training keeps every recurrent weight within |u| <= 2^(1/T), as the paper bounds them', async () => {
  await initTf('cpu');
  const rng = new Rng(2);
  const time = 6;
  const examples = Array.from({ length: 64 }, (_, i) => Array.from({ length: time }, (_, t) => Float32Array.from({ length: 3 }, (_, f) => (f === i % 2 ? 1 : 0) * (t + 1) + 0.1 * rng.next())));
  const labels = examples.map((_, i) => (i % 2 ? 'b' : 'a'));
  // Adam's steps of about 0.5 per weight take u out of range within a few updates.
  const model = (await indRnnKind.fit({ examples, labels }, { args: { layers: 2, units: 4, epochs: 3, batchSize: 8, optimizer: 'adam', learningRate: 0.5, dropout: 0 }, labelSet: ['a', 'b'], seed: 1 })) as NeuralClassifier;
  const bound = Math.pow(2, 1 / time);
  const specs = model.network.params.specs();
  const recurrent = model.network.params.list().filter((_, i) => specs[i].name.endsWith('/recurrent'));
  assert.equal(recurrent.length, 2);
  const largest = Math.max(...recurrent.flatMap((v) => Array.from(v.dataSync(), Math.abs)));
  assert.ok(largest <= bound + 1e-6, `largest |u| ${largest}, bound ${bound}`);
  assert.ok(largest > 0.99 * bound, `largest |u| ${largest}: the step did not reach the bound, so the test shows nothing`);
  model.dispose();
});
