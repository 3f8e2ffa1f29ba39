/** Loading labelled examples (feature table and tensor file, vectors and sequences) and resolving splits over them. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ParameterError } from '../../src/errors.js';
import { featureTableColumns, writeFeatureTable } from '../../src/data/feature-table.js';
import { saveSplit, kFoldSplit } from '../../src/data/splits.js';
import { writeTensorFile } from '../../src/data/tensor-file.js';
import { checkCompatible, checkInput, foldsOf, loadLabelledData, protocolOf, resolveSplit } from '../../src/eval/labelled-data.js';
import { kinds } from '../../src/models/classical/index.js';
import { packageVersion } from '../../src/version.js';

test('a 3 s feature table: piece ids, song groups, 3 s pieces, gtzan58 recipe, clip-level splits carried to pieces', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-ld-'));
  try {
    const rows = [];
    for (const genre of ['blues', 'rock']) {
      for (let clip = 0; clip < 4; clip++) {
        for (let piece = 0; piece < 3; piece++) {
          rows.push({ filename: `${genre}.${String(clip).padStart(5, '0')}.${piece}.wav`, length: 66149, features: featureTableColumns.map((_, j) => j + clip), label: genre });
        }
      }
    }
    const csv = join(dir, 'f3.csv');
    writeFeatureTable(csv, rows);
    const data = await loadLabelledData(csv);
    assert.equal(data.examples.length, 24);
    assert.equal(data.ids[4], 'blues.00001.1');
    assert.equal(data.groups[4], 'blues.00001');
    assert.deepEqual(data.recipe, { id: 'gtzan58', params: { sampleRate: 22050 }, pieceSeconds: 3 });
    assert.equal(data.input, 'vector');
    const mod2 = foldsOf(resolveSplit('mod2', data), data, true);
    assert.equal(mod2.length, 2);
    assert.ok(mod2[0].test.every((i) => data.ids[i].split('.')[1].endsWith('0') || data.ids[i].split('.')[1].endsWith('2')));
    // A song-grouped K-fold saved as JSON and read back: no song straddles train and test.
    const path = join(dir, 'split.json');
    saveSplit(path, kFoldSplit(data.ids.map((id, i) => ({ id, label: data.labels[i], group: data.groups[i] })), { k: 2, seed: 1 }));
    const folds = foldsOf(resolveSplit(path, data), data, true);
    for (const f of folds) {
      const trainSongs = new Set(f.train.map((i) => data.groups[i]));
      assert.ok(f.test.every((i) => !trainSongs.has(data.groups[i])));
    }
    assert.match(protocolOf(resolveSplit('kfold2', data), data, true), /2-fold, stratified, song-grouped, seed 0; 24 examples/);
    assert.throws(() => resolveSplit('bogus', data), ParameterError);
    // A 30 s gtzan58 model scores 3 s pieces with a warning; a model on other features is refused.
    const input = { recipe: { id: 'gtzan58', params: {} }, sampleRate: 22050, pieceSeconds: 30, columns: [...featureTableColumns], shape: [57] };
    assert.deepEqual(checkCompatible(input, data), [
      `the model was trained on 30 s pieces, '${csv}' holds 3 s pieces`,
    ]);
    assert.throws(() => checkCompatible({ ...input, recipe: { id: 'melspec', params: {} }, columns: null }, data), /holds 'gtzan58' features but the model was trained on 'melspec'/);
    assert.throws(() => checkCompatible({ ...input, columns: ['tempo'], shape: [1] }, data), /feature columns .* differ/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a rank-3 tensor file gives sequences; vector models refuse them unless they flatten them, as the classical kinds do', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-ld-'));
  try {
    const path = join(dir, 'seq.gkt');
    const n = 4;
    const data = Float32Array.from({ length: n * 10 * 3 }, (_, i) => i);
    writeTensorFile(path, {
      format: 'genrekit-tensor',
      version: 1,
      dtype: 'float32',
      shape: [n, 10, 3],
      ids: ['a.00000', 'a.00001', 'b.00000', 'b.00001'],
      labels: ['a', 'a', 'b', 'b'],
      groups: ['a.00000', 'a.00001', 'b.00000', 'b.00001'],
      ranges: Array.from({ length: n }, () => [0, 30] as [number, number]),
      recipe: { id: 'featureSequence', params: {} },
      pieces: null,
      packageVersion,
    }, data);
    const d = await loadLabelledData(path);
    assert.equal(d.input, 'sequence');
    const first = d.examples[1] as Float32Array[];
    assert.equal(first.length, 10);
    assert.deepEqual([...first[2]], [36, 37, 38]);
    assert.throws(() => checkInput({ ...kinds[0], flattensSequences: false }, d), /takes vector examples but .* holds sequences/);
    // The classical kinds flatten sequences time-major (S0's baselines on 22 x 513 spectrograms).
    const knn = kinds.find((k) => k.name === 'knn')!;
    assert.doesNotThrow(() => checkInput(knn, d));
    const model = await knn.fit(d, { args: { k: 1 }, labelSet: d.labelSet, seed: 0 });
    const probs = await model.predictProba(d.examples);
    probs.forEach((p, i) => assert.equal(d.labelSet[p.indexOf(Math.max(...p))], d.labels[i], `1-NN gives example ${i} its own label`));
    // A query with another number of values is refused.
    await assert.rejects(model.predictProba([Array.from({ length: 4 }, () => new Float32Array(6))]), /example 0 has 24 values, expected 30/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('train --split holdout on too few songs per genre: an error naming the split, not a run without metrics', async () => {
  const { trainOnSplit } = await import('../../src/eval/evaluate.js');
  const ids = ['a.00000.0', 'a.00000.1', 'a.00001.0', 'b.00000.0', 'b.00001.0', 'b.00001.1'];
  const d = {
    ids,
    groups: ids.map((i) => i.slice(0, 7)),
    labels: ids.map((i) => i[0]),
    labelSet: ['a', 'b'],
    examples: ids.map((_, k) => Float32Array.from([k, 1])),
    source: 'tiny',
    recipe: { id: 'test', params: {}, pieceSeconds: 3 },
    input: 'vector' as const,
  };
  const split = resolveSplit('holdout', d, { seed: 1 });
  assert.equal(split.folds[0].test.length, 0, 'two songs per genre leave the test set empty');
  const knn = kinds.find((k) => k.name === 'knn')!;
  await assert.rejects(trainOnSplit(knn, d, split, { args: { k: 1 } }), (e: unknown) => e instanceof ParameterError && /fold 'holdout' of .* leaves no test examples in tiny/.test(e.message));
});
