/**
 * Every neural kind survives save -> load -> predict with identical probabilities (weights are
 * stored as float32 bytes, so equality is exact), through the registry like any model; a folder
 * whose weights do not fit the model's arguments is a ModelFormatError naming the folder.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resealModelFolder } from '../../helpers/model-folder.js';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelFormatError } from '../../../src/errors.js';
import { loadModel, saveModel } from '../../../src/models/io.js';
import { sha256 } from '../../../src/models/manifest.js';
import { kinds } from '../../../src/models/neural/index.js';
import { initTf, tf } from '../../../src/models/runtime/backend.js';
import { contourSequences } from './synthetic.js';

const data = contourSequences(64, 4, { classes: 3, time: 6, features: 3 });
const labelSet = ['down', 'flat', 'up'];
const small: Record<string, Record<string, unknown>> = {
  mlp: { hidden: [8] },
  'simple-rnn': { units: 6 },
  lstm: { units: 6 },
  'lstm-attention': { units: 6 },
  'lstm-sequence': { units: [6, 5], denseUnits: 4 },
  hierarchical: { units: [6], tree: { name: 'root', children: ['flat', { name: 'moving', children: ['up', 'down'] }] } },
  'ind-rnn': { units: 6, layers: 2 },
  crnn: { filters: [4, 4, 4, 4], poolFreq: [1, 1, 1, 3], poolTime: [1, 2, 1, 1], gruUnits: [4, 3] },
  'resnet-crnn': { widths: [4, 4, 4, 4], gruUnits: [4, 3, 3] },
  'crnn-extended': { filters: [4, 4, 4, 4, 4], poolFreq: [1, 1, 1, 3, 1], poolTime: [1, 2, 1, 1, 1], gruUnits: [4, 3] },
};
const input = { recipe: { id: 'synthetic', params: {} }, sampleRate: 22050, pieceSeconds: 30, columns: null, shape: [4] };

for (const kind of kinds) {
  test(`${kind.name}: save, load, predict gives identical probabilities`, async () => {
    await initTf();
    const dir = await mkdtemp(join(tmpdir(), 'genrekit-neural-'));
    try {
      const model = await kind.fit(data, { args: { ...small[kind.name], epochs: 2, batchSize: 16 }, labelSet, seed: 3 });
      const before = await model.predictProba(data.examples);
      await saveModel(join(dir, 'm'), model, { input });
      model.dispose();
      const tensors = tf.memory().numTensors;
      const { classifier, manifest } = await loadModel(join(dir, 'm'));
      assert.equal(manifest.model.name, kind.name);
      const after = await classifier.predictProba(data.examples);
      assert.deepEqual(after, before);
      classifier.dispose();
      assert.equal(tf.memory().numTensors, tensors, 'load + predict + dispose leaks no tensor');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('a folder whose weight layout does not match its arguments is a ModelFormatError', async () => {
  await initTf();
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-neural-'));
  try {
    const lstm = kinds.find((k) => k.name === 'lstm')!;
    const model = await lstm.fit(data, { args: { units: 6, epochs: 1 }, labelSet, seed: 3 });
    await saveModel(join(dir, 'm'), model, { input });
    model.dispose();
    // Hand-edit the arguments (as a folder from another version would differ) and fix the checksum-free manifest field.
    const path = join(dir, 'm', 'genrekit.json');
    const manifest = JSON.parse(await readFile(path, 'utf8'));
    manifest.model.args.units = 7;
    await writeFile(path, JSON.stringify(manifest));
    await resealModelFolder(join(dir, 'm'));
    await assert.rejects(loadModel(join(dir, 'm')), (err: unknown) => err instanceof ModelFormatError && /weight layout does not match/.test(err.message) && err.message.includes(join(dir, 'm')));
    // A truncated weights file is caught by the manifest checksum.
    const weights = join(dir, 'm', 'weights.bin');
    const bytes = await readFile(weights);
    await writeFile(weights, bytes.subarray(0, 8));
    await resealModelFolder(join(dir, 'm'));
    assert.notEqual(sha256(bytes.subarray(0, 8)), manifest.files['weights.bin']);
    await assert.rejects(loadModel(join(dir, 'm')), ModelFormatError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
