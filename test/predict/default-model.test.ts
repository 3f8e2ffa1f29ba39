/**
 * The bundled model: it loads offline from models/default with every checksum verified, records
 * what it was trained on, and a copy with one edited byte is refused. `genrekit demo` runs on it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GTZAN57_NAMES } from '../../src/features/gtzan58.js';
import { defaultModelDir } from '../../src/predict/default-model.js';
import { verifyChecksums } from '../../src/models/folder.js';
import { loadClassifier } from '../../src/predict/genre-model.js';
import { classifySamples, resolveOptions } from '../../src/predict/classify.js';
import { describeModel } from '../../src/predict/model-info.js';
import { projectRoot } from '../helpers/shared-data.js';

const GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];

test('the bundled model loads with its checksums and records its training and both protocols', async () => {
  assert.deepEqual(await verifyChecksums(defaultModelDir), ['REPORT.md', 'classical.json', 'genrekit.json', 'report.json']);
  const model = await loadClassifier();
  assert.equal(await loadClassifier(), model, 'loaded once, then cached');
  assert.deepEqual(model.classifier.labels, GENRES);
  assert.equal(model.recipe.id, 'gtzan58');
  assert.equal(model.input.pieceSeconds, 30);
  assert.deepEqual(model.input.columns, GTZAN57_NAMES);
  assert.deepEqual(model.input.shape, [57]);
  assert.equal(model.manifest?.formatVersion, 2);
  const info = await describeModel();
  assert.match(String(info.manifest.training?.command), /^genrekit train --model \S+ .*--data \.\.\/shared\/data\/gtzan\/features_30_sec\.csv/);
  assert.equal(info.manifest.training?.trainExamples, 1000);
  const protocols = info.accuracy.map((a) => a.protocol).join(' | ');
  assert.match(protocols, /mod 10.*\|.*fault-filtered/);
  // The report's 10-fold number is the best of the candidates it lists (how the kind was chosen).
  const report = JSON.parse(await readFile(join(defaultModelDir, 'report.json'), 'utf8')) as { tenFold: { accuracy: number }; candidates: { accuracy: number }[] };
  assert.equal(report.tenFold.accuracy, Math.max(...report.candidates.map((c) => c.accuracy)));
});

test('a copy of the bundled model with one edited byte is refused, naming the file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-model-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(defaultModelDir, dir, { recursive: true });
  const path = join(dir, 'genrekit.json');
  await writeFile(path, (await readFile(path, 'utf8')).replace('"blues"', '"bluez"'));
  await assert.rejects(verifyChecksums(dir), { name: 'ModelFormatError', message: /checksum mismatch for 'genrekit\.json'/ });
  await assert.rejects(describeModel(dir), { name: 'ModelFormatError' });
});

test('a model folder of format 1 (the bundled model as it shipped before the input contract) still loads, upgraded', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-model-v1-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(defaultModelDir, dir, { recursive: true });
  for (const name of ['genrekit.json', 'SHA256SUMS']) await cp(join(projectRoot, 'test', 'fixtures', 'model-v1', name), join(dir, name));
  const raw = JSON.parse(await readFile(join(dir, 'genrekit.json'), 'utf8'));
  assert.equal(raw.formatVersion, 1);
  assert.equal(raw.input, undefined);
  const v1 = await loadClassifier(dir);
  const v2 = await loadClassifier();
  assert.deepEqual(v1.input, v2.input, 'the same input contract, derived from the recipe and training.featureNames');
  const clip = new Float32Array(22050 * 31).map((_, i) => 0.3 * Math.sin(i * 0.05) + 0.1 * Math.sin(i * 0.31));
  const [a, b] = await Promise.all([classifySamples(clip, 22050, await resolveOptions({ model: v1 }), 'v1'), classifySamples(clip, 22050, await resolveOptions({ model: v2 }), 'v2')]);
  assert.deepEqual(a.genres, b.genres);
});

test('genrekit demo classifies a synthesised clip end to end with the bundled model', () => {
  const r = spawnSync(process.execPath, [join(projectRoot, 'dist', 'src', 'cli', 'main.js'), 'demo', '--seconds', '12', '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { durationSeconds: number; genres: { label: string; score: number }[]; pieces: { short: boolean }[]; short: boolean };
  assert.equal(out.durationSeconds, 12);
  assert.equal(out.pieces.length, 1);
  assert.equal(out.short, true);
  assert.equal(out.genres.length, 3);
  assert.ok(out.genres.every((g) => GENRES.includes(g.label)));
  assert.ok(out.genres[0].score >= out.genres[1].score && out.genres[1].score >= out.genres[2].score);
});
