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
import { defaultModelDir, verifyChecksums } from '../../src/predict/default-model.js';
import { loadClassifier } from '../../src/predict/genre-model.js';
import { describeModel } from '../../src/predict/model-info.js';
import { projectRoot } from '../helpers/shared-data.js';

const GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];

test('the bundled model loads with its checksums and records its training and both protocols', async () => {
  assert.deepEqual(await verifyChecksums(defaultModelDir), ['REPORT.md', 'classical.json', 'genrekit.json', 'report.json']);
  const model = await loadClassifier();
  assert.equal(await loadClassifier(), model, 'loaded once, then cached');
  assert.deepEqual(model.classifier.labels, GENRES);
  assert.equal(model.recipe.id, 'gtzan58');
  assert.equal(model.pieceSeconds, 30);
  assert.deepEqual(model.featureNames, GTZAN57_NAMES);
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
