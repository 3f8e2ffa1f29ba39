/** `genrekit train / evaluate / cv / grid` run as the real binary on a small synthetic feature table. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { featureTableColumns, writeFeatureTable } from '../../src/data/feature-table.js';
import { projectRoot } from '../helpers/shared-data.js';

const bin = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
let dir = '';
let csv = '';

function genrekit(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genrekit-cli-'));
  csv = join(dir, 'features.csv');
  // Three genres x 10 clips; genre g lifts features g, g+3, g+6, ... well clear of the noise.
  const genres = ['blues', 'jazz', 'rock'];
  const rows = [];
  for (let clip = 0; clip < 10; clip++) {
    for (const [g, genre] of genres.entries()) {
      const features = featureTableColumns.map((_, j) => (j % 3 === g ? 5 : 0) + Math.sin(7 * clip + 3 * j + g) + 100 * j);
      rows.push({ filename: `${genre}.${String(clip).padStart(5, '0')}.wav`, length: 661794, features, label: genre });
    }
  }
  writeFeatureTable(csv, rows);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('train records command, protocol, recipe and test metrics; evaluate reloads it', async () => {
  const out = join(dir, 'model');
  const t = genrekit('train', '--model', 'svm-rbf', '--data', csv, '--split', 'mod5', '--set', 'C=10', '--out', out);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /test accuracy 100\.0 %/);
  const manifest = JSON.parse(await readFile(join(out, 'genrekit.json'), 'utf8'));
  assert.equal(manifest.model.name, 'svm-rbf');
  assert.equal(manifest.model.args.C, 10);
  assert.match(manifest.training.command, /^genrekit train --model svm-rbf .* --set C=10 --out /);
  assert.match(manifest.training.protocol, /5 folds by clip number mod 5/);
  assert.equal(manifest.training.trainExamples, 24);
  assert.deepEqual(manifest.input.columns, [...featureTableColumns]);
  assert.deepEqual(manifest.input.shape, [featureTableColumns.length]);
  assert.deepEqual(manifest.input.recipe, { id: 'gtzan58', params: { sampleRate: 22050 } });
  assert.equal(manifest.input.pieceSeconds, 30);
  assert.equal(manifest.formatVersion, 2);
  assert.equal(manifest.metrics.accuracy, 1);
  assert.ok(manifest.files['REPORT.md']);

  const e = genrekit('evaluate', '--model', out, '--data', csv, '--json');
  assert.equal(e.code, 0, e.err);
  const result = JSON.parse(e.out);
  assert.equal(result.metrics.n, 30);
  assert.equal(result.metrics.accuracy, 1);
});

test('cv prints per-fold accuracy with mean and std and writes a report; grid reports the chosen arguments', async () => {
  const report = join(dir, 'cv-report');
  const c = genrekit('cv', '--model', 'knn', '--data', csv, '--folds', 'mod5', '--set', 'k=1', '--json', '--report', report);
  assert.equal(c.code, 0, c.err);
  const cv = JSON.parse(c.out);
  assert.equal(cv.folds.length, 5);
  assert.equal(cv.mean, 1);
  assert.equal(cv.std, 0);
  const md = await readFile(join(report, 'report.md'), 'utf8');
  assert.match(md, /protocol: 5 folds by clip number mod 5/);
  assert.match(md, /\| fold5 \| 24 \| 6 \| 100\.0 \|/);
  assert.match(await readFile(join(report, 'confusion.svg'), 'utf8'), /^<svg/);
  const g = genrekit('grid', '--model', 'knn', '--data', csv, '--split', 'mod5', '--grid', 'k=1,3', '--inner-k', '2', '--json');
  assert.equal(g.code, 0, g.err);
  const grid = JSON.parse(g.out);
  assert.equal(grid.folds.length, 5);
  assert.deepEqual(grid.folds[0].candidates.map((x: { args: unknown }) => x.args), [{ k: 1 }, { k: 3 }]);
  assert.equal(grid.mean, 1);
});

test('bad input: a broken CSV names row and column; unknown kinds and arguments are clear errors', async () => {
  const text = await readFile(csv, 'utf8');
  const bad = join(dir, 'bad.csv');
  const lines = text.split('\r\n');
  lines[4] = lines[4].replace(/,(-?[\d.]+),/, ',abc,');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(bad, lines.join('\r\n'));
  const r = genrekit('cv', '--model', 'knn', '--data', bad);
  assert.equal(r.code, 1);
  assert.match(r.err, /bad\.csv \(row 5, column 'length'\): 'abc' is not a number/);
  const u = genrekit('cv', '--model', 'svm-rbff', '--data', csv);
  assert.equal(u.code, 1);
  assert.match(u.err, /unknown model kind 'svm-rbff'; known kinds: .*svm-rbf/);
  const a = genrekit('cv', '--model', 'knn', '--data', csv, '--set', 'neighbours=3');
  assert.equal(a.code, 1);
  assert.match(a.err, /parameter 'neighbours': unknown parameter of model 'knn'; known: k/);
  const h = genrekit('train', '--help');
  assert.equal(h.code, 0);
  assert.match(h.out, /svm-rbf +C=1 gamma="scale" degree=3 coef0=0/);
});
