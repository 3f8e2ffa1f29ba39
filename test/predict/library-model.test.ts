/**
 * A model trained and saved through the library alone (no CLI) classifies audio: a GTZAN-style
 * classical model on `gtzan58` features of an audio dataset reads 57 of the recipe's 58 outputs
 * (`length` is metadata), and its saved input contract says so, so `classify` feeds it the same
 * 57 columns (the 57-vs-58 case that a hand-written manifest got wrong).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeWav } from '../../src/audio/wav-writer.js';
import { saveTrainedModel, trainOnSplit } from '../../src/eval/evaluate.js';
import { loadDatasetFeatures } from '../../src/eval/labelled-data.js';
import { GTZAN57_NAMES } from '../../src/features/gtzan58.js';
import { getModelKind } from '../../src/models/registry.js';
import { classify } from '../../src/predict/classify.js';
import { synthGenre } from './synth.js';

test('a classical model trained and saved with the library alone reads 57 gtzan58 columns and classifies songs right', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-library-model-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const genre of ['bright', 'low'] as const) {
    await mkdir(join(dir, 'data', genre), { recursive: true });
    for (let seed = 1; seed <= 4; seed++) await writeWav(join(dir, 'data', genre, `${genre}${seed}.wav`), synthGenre(genre, 8, 22050, seed), 22050);
  }
  const data = await loadDatasetFeatures(join(dir, 'data'), { recipe: 'gtzan58', store: join(dir, 'store'), jobs: 1 });
  assert.deepEqual(data.featureNames, [...GTZAN57_NAMES]);
  const result = await trainOnSplit(await getModelKind('logreg-multinomial'), data, undefined, { seed: 1 });
  const manifest = await saveTrainedModel(join(dir, 'model'), result, data);
  assert.deepEqual(manifest.input.columns, [...GTZAN57_NAMES]);
  assert.deepEqual(manifest.input.shape, [57]);
  assert.equal(manifest.input.pieceSeconds, 8);
  for (const [genre, seconds, seed] of [['low', 20, 11], ['bright', 5, 12], ['low', 61, 13]] as const) {
    const r = await classify({ samples: synthGenre(genre, seconds, 44100, seed), sampleRate: 44100 }, { model: join(dir, 'model') });
    assert.equal(r.genres[0].label, genre, `${seconds} s of ${genre}: ${JSON.stringify(r.genres)}`);
    assert.ok(r.genres[0].score > 0.9, `${seconds} s of ${genre}: ${r.genres[0].score}`);
  }
});
