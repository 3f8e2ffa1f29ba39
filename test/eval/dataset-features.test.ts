/**
 * Training straight from an audio dataset: features are computed through the feature store
 * (`loadDatasetFeatures`, `genrekit train --data <folder> --recipe <id>`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDatasetFeatures } from '../../src/eval/labelled-data.js';
import { projectRoot } from '../helpers/shared-data.js';
import { tone, writeWav } from '../data/wav-fixture.js';

/** A folder-per-label dataset: `low` tones near 200 Hz and `high` tones near 2 kHz, 2 s each. */
function toneDataset(): string {
  const root = mkdtempSync(join(tmpdir(), 'gk-dataset-'));
  for (const [label, base] of [['low', 200], ['high', 2000]] as const) {
    mkdirSync(join(root, label));
    for (let i = 0; i < 4; i++) writeWav(join(root, label, `${label}${i}.wav`), tone(base * (1 + 0.05 * i), 2));
  }
  return root;
}

test('loadDatasetFeatures computes a recipe over a folder dataset once and drops the length column', async () => {
  const root = toneDataset();
  const store = join(root, '..', `${root.split('/').pop()}-store`);
  try {
    const data = await loadDatasetFeatures(root, { recipe: 'gtzan58', store, jobs: 1 });
    assert.equal(data.examples.length, 8);
    assert.equal(data.input, 'vector');
    assert.deepEqual(data.labelSet, ['high', 'low']);
    assert.equal(data.featureNames?.length, 57);
    assert.equal(data.featureNames?.[0], 'chroma_stft_mean');
    assert.equal((data.examples[0] as Float32Array).length, 57);
    // The centroid column tells the tones apart: ~200 Hz against ~2 kHz.
    const c = data.featureNames!.indexOf('spectral_centroid_mean');
    data.examples.forEach((x, i) => {
      const hz = (x as Float32Array)[c];
      assert.ok(data.labels[i] === 'low' ? hz < 600 : hz > 1500, `${data.ids[i]}: centroid ${hz} Hz`);
    });
    const entries = readdirSync(store).length;
    const again = await loadDatasetFeatures(root, { recipe: 'gtzan58', store, jobs: 1 });
    assert.deepEqual(again.examples, data.examples);
    assert.equal(readdirSync(store).length, entries, 'the second run reads the store, adds nothing');
    const pieces = await loadDatasetFeatures(root, { recipe: 'featureSequence', params: { pieceSeconds: 0.5 }, store, jobs: 1 });
    assert.equal(pieces.input, 'sequence');
    assert.equal((pieces.examples[0] as Float32Array[]).length, 4);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(store, { recursive: true, force: true });
  }
});

test('genrekit train and evaluate take an audio dataset folder with --recipe', () => {
  const root = toneDataset();
  const work = mkdtempSync(join(tmpdir(), 'gk-train-ds-'));
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(projectRoot, 'dist', 'src', 'cli', 'main.js'), ...args], { encoding: 'utf8' });
  try {
    const missing = cli('train', '--model', 'knn', '--data', root, '--out', join(work, 'm'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /audio dataset folder: give --recipe/);
    const trained = cli('train', '--model', 'knn', '--set', 'k=1', '--data', root, '--recipe', 'gtzan58', '--store', join(work, 'store'), '--jobs', '1', '--out', join(work, 'm'));
    assert.equal(trained.status, 0, trained.stderr);
    const evaluated = cli('evaluate', '--model', join(work, 'm'), '--data', root, '--store', join(work, 'store'), '--json');
    assert.equal(evaluated.status, 0, evaluated.stderr);
    assert.equal((JSON.parse(evaluated.stdout) as { metrics: { accuracy: number } }).metrics.accuracy, 1);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
});
