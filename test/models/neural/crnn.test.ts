/**
 * S1's CRNNs: each learns a synthetic spectrogram task (stripes vs chirps vs noise bursts) to at
 * least 95 % held-out accuracy with its own architecture at reduced widths (the test budget),
 * without leaking tensors; saved and loaded, it gives the same probabilities; trained on two
 * threads (data-parallel) it reaches the accuracy of one; `models --describe` counts the
 * parameters of the published sizes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTf, tf } from '../../../src/models/runtime/backend.js';
import { kinds, NeuralClassifier } from '../../../src/models/neural/index.js';
import { describeNetwork } from '../../../src/models/neural/describe.js';
import type { ModelKind } from '../../../src/models/registry.js';
import { accuracyOf, PATTERNS, spectrogramPatterns } from './synthetic.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFormatError } from '../../../src/errors.js';

/** A .safetensors file of float32 tensors, written as the format's specification says. */
function safetensors(tensors: Record<string, { shape: number[]; values: Float32Array }>): Uint8Array {
  let offset = 0;
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.values.byteLength] };
    offset += t.values.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of Object.values(tensors)) {
    out.set(new Uint8Array(t.values.buffer), at);
    at += t.values.byteLength;
  }
  return out;
}

const labelSet = [...PATTERNS];
const train = spectrogramPatterns(240, 1);
const valid = spectrogramPatterns(60, 2);
const heldOut = spectrogramPatterns(150, 3);
const fast = { epochs: 8, batchSize: 16, learningRate: 3e-3, patience: 0 };

/** Each kind at reduced widths for a 32-frame x 24-band input (resnet-crnn: 64 x 32); everything else is its default. */
const testArgs: Record<string, Record<string, unknown>> = {
  crnn: { ...fast, filters: [8, 16, 16, 16], poolFreq: [2, 2, 2, 3], poolTime: [2, 2, 2, 2], gruUnits: [16, 16] },
  'crnn-extended': { ...fast, filters: [8, 8, 16, 16, 16], poolFreq: [2, 2, 2, 3, 1], poolTime: [2, 2, 2, 1, 1], gruUnits: [16, 16] },
  'resnet-crnn': { ...fast, widths: [8, 8, 16, 16], gruUnits: [16, 16, 16] },
};
const wide = { frames: 64, bands: 32 };
const sets: Record<string, { train: typeof train; valid: typeof train; heldOut: typeof train }> = {
  crnn: { train, valid, heldOut },
  'crnn-extended': { train, valid, heldOut },
  'resnet-crnn': { train: spectrogramPatterns(240, 1, wide), valid: spectrogramPatterns(60, 2, wide), heldOut: spectrogramPatterns(150, 3, wide) },
};

function kind(name: string): ModelKind {
  const k = kinds.find((x) => x.name === name);
  assert.ok(k, `kind ${name} registered`);
  return k;
}

/** Held-out accuracy of each kind trained on one thread (the data-parallel test compares with it). */
const oneThread: Record<string, number> = {};

for (const name of Object.keys(testArgs)) {
  test(`${name} learns stripes vs chirps vs noise bursts to >= 95 % held-out; save/load gives the same probabilities`, async () => {
    await initTf('wasm');
    const { train, valid, heldOut } = sets[name];
    const before = tf.memory().numTensors;
    const model = (await kind(name).fit(train, { args: testArgs[name], labelSet, seed: 3, valid, jobs: 1 })) as NeuralClassifier;
    const probs = await model.predictProba(heldOut.examples);
    const acc = accuracyOf(probs, heldOut.labels, labelSet);
    assert.ok(acc >= 0.95, `${name} held-out accuracy ${acc}`);
    oneThread[name] = acc;
    const history = model.training!.history;
    assert.ok(history[history.length - 1].loss < history[0].loss, 'training loss falls');
    const saved = await model.serialize();
    const back = await kind(name).restore(saved.args, labelSet, saved.files);
    assert.deepEqual(await back.predictProba(heldOut.examples.slice(0, 20)), probs.slice(0, 20));
    back.dispose?.();
    model.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensors leaked');
  });
}

test('crnn trained on 2 threads (data-parallel) reaches the accuracy of 1 thread', async () => {
  await initTf('wasm');
  const model = await kind('crnn').fit(train, { args: testArgs.crnn, labelSet, seed: 3, valid, jobs: 2 });
  const acc = accuracyOf(await model.predictProba(heldOut.examples), heldOut.labels, labelSet);
  assert.equal((model as NeuralClassifier).training!.jobs, 2);
  model.dispose?.();
  assert.ok(oneThread.crnn >= 0.95, 'the one-thread run came first');
  assert.ok(acc >= 0.95 && Math.abs(acc - oneThread.crnn) <= 0.03, `1 thread ${oneThread.crnn}, 2 threads ${acc}`);
});

test('models --describe: the published CRNN sizes, their parameters and why they differ from S1s figures', async () => {
  const base = await describeNetwork('crnn', {}, [130, 128], 10);
  const conv = base.weights.filter((w) => w.name.startsWith('conv')).reduce((n, w) => n + w.count, 0);
  assert.equal(conv, 369_664, 'the four convolutions alone');
  assert.equal(base.trainable + base.state, 393_678);
  const ext = await describeNetwork('crnn-extended', {}, [130, 128], 10);
  assert.equal(ext.trainable + ext.state, 3_974_606);
  await assert.rejects(describeNetwork('svm-rbf', {}, [4], 10), /not a neural model kind/);
});

test('resnet-crnn loads a torchvision-layout .safetensors trunk, freezes its first six children, and refuses another architecture by layer', async () => {
  await initTf('wasm');
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-pretrained-'));
  try {
    const widths = [4, 4, 8, 8];
    const args = { widths, gruUnits: [4, 4, 4], epochs: 2, batchSize: 8, patience: 0 };
    const data = spectrogramPatterns(24, 9, { frames: 16, bands: 16 });
    // The trunk's tensors in torchvision's names and layouts (conv weights OIHW, conv1 with 3 input channels).
    const probe = (await kind('resnet-crnn').fit(data, { args: { ...args, epochs: 1 }, labelSet, seed: 1, jobs: 1 })) as NeuralClassifier;
    const tensors: Record<string, { shape: number[]; values: Float32Array }> = {};
    let k = 0;
    for (const s of probe.network.params.specs()) {
      if (!/^(conv1|bn1|layer)/.test(s.name)) continue;
      const key = s.name.replace('/kernel', '.weight').replace('/gamma', '.weight').replace('/beta', '.bias').replace('/moving_mean', '.running_mean').replace('/moving_variance', '.running_var');
      const shape = s.shape.length === 4 ? [s.shape[3], s.name === 'conv1/kernel' ? 3 : s.shape[2], s.shape[0], s.shape[1]] : s.shape;
      const n = shape.reduce((a, b) => a * b, 1);
      tensors[key] = { shape, values: Float32Array.from({ length: n }, (_, i) => (/running_var/.test(key) ? 1 + ((i + k) % 5) / 10 : Math.sin(i + k) / 4)) };
      k++;
    }
    probe.dispose();
    const file = join(dir, 'resnet18.safetensors');
    await writeFile(file, safetensors(tensors));
    const model = (await kind('resnet-crnn').fit(data, { args: { ...args, pretrained: file }, labelSet, seed: 1, jobs: 1 })) as NeuralClassifier;
    assert.match(model.training!.initialization!, /trunk from .*resnet18.safetensors/);
    const byName = new Map(model.network.params.specs().map((s, i) => [s.name, model.network.params.snapshot()[i]]));
    // conv1: O=4, I=3, 7x7 summed over I into our [7, 7, 1, 4]; frozen, so unchanged by training.
    const c1 = tensors['conv1.weight'].values;
    const ours = byName.get('conv1/kernel')!;
    for (const [o, y, x] of [[0, 0, 0], [3, 6, 2], [1, 3, 5]]) {
      const want = [0, 1, 2].reduce((sum, i) => sum + c1[((o * 3 + i) * 7 + y) * 7 + x], 0);
      assert.ok(Math.abs(ours[(y * 7 + x) * 4 + o] - want) < 1e-6, `conv1 [${o}, ${y}, ${x}]`);
    }
    const l2 = tensors['layer2.0.conv1.weight'];
    const l2ours = byName.get('layer2.0.conv1/kernel')!;
    assert.equal(l2ours[((1 * 3 + 2) * 4 + 3) * 8 + 5], l2.values[((5 * 4 + 3) * 3 + 1) * 3 + 2], 'layer2 (frozen) OIHW -> HWIO, unchanged');
    const l3 = tensors['layer3.0.conv1.weight'];
    const l3ours = byName.get('layer3.0.conv1/kernel')!;
    // The centre tap of layer3's first convolution (in 4, out 8) sees the image, not only padding.
    assert.notEqual(l3ours[((1 * 3 + 1) * 4 + 3) * 8 + 5], l3.values[((5 * 4 + 3) * 3 + 1) * 3 + 1], 'layer3 is trained');
    model.dispose();
    const random = (await kind('resnet-crnn').fit(data, { args, labelSet, seed: 1, jobs: 1 })) as NeuralClassifier;
    assert.match(random.training!.initialization!, /random \(no pretrained weights/);
    random.dispose();
    // Another architecture: layer3's first convolution with other widths.
    const wrong = { ...tensors, 'layer3.0.conv1.weight': { shape: [16, 8, 3, 3], values: new Float32Array(16 * 8 * 9) } };
    await writeFile(file, safetensors(wrong));
    await assert.rejects(kind('resnet-crnn').fit(data, { args: { ...args, pretrained: file }, labelSet, seed: 1, jobs: 1 }), (e: unknown) => e instanceof ModelFormatError && /'layer3.0.conv1.weight' has shape \[16,8,3,3\].*another architecture/.test(e.message));
    const { ['layer1.1.bn2.running_var']: _gone, ...missing } = tensors;
    await writeFile(file, safetensors(missing));
    await assert.rejects(kind('resnet-crnn').fit(data, { args: { ...args, pretrained: file }, labelSet, seed: 1, jobs: 1 }), /has no 'layer1.1.bn2.running_var'/);
    await writeFile(file, new Uint8Array([1, 2, 3]));
    await assert.rejects(kind('resnet-crnn').fit(data, { args: { ...args, pretrained: file }, labelSet, seed: 1, jobs: 1 }), /is not a safetensors file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a CRNN weights file cut short or a layout with a wrong tensor shape is a ModelFormatError naming the file and the tensor', async () => {
  await initTf('wasm');
  const model = await kind('crnn').fit(train, { args: { ...testArgs.crnn, epochs: 1 }, labelSet, seed: 3, jobs: 1 });
  const saved = await model.serialize();
  model.dispose?.();
  const cut = { ...saved.files, 'weights.bin': saved.files['weights.bin'].subarray(0, 3000) };
  await assert.rejects(kind('crnn').restore(saved.args, labelSet, cut), (e: unknown) => e instanceof ModelFormatError && /weights.bin.*ends inside 'conv2\/kernel'/.test(e.message));
  const layout = JSON.parse(new TextDecoder().decode(saved.files['weights.json']));
  layout.params[4].shape = [3, 3, 1, 9];
  const edited = { ...saved.files, 'weights.json': new TextEncoder().encode(JSON.stringify(layout)) };
  await assert.rejects(kind('crnn').restore(saved.args, labelSet, edited), (e: unknown) => e instanceof ModelFormatError && /weights.json.*'conv1\/kernel' expected shape \[3,3,1,8\]/.test(e.message));
});
