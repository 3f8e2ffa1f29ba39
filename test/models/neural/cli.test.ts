/**
 * The neural kinds through the real `genrekit` binary: train (with --backend, --epochs,
 * --checkpoint, then --resume to more epochs), evaluate and cv on a sequence tensor file; the
 * backend is printed and recorded in the model folder and the reports.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeTensorFile } from '../../../src/data/tensor-file.js';
import { packageVersion } from '../../../src/version.js';
import { projectRoot } from '../../helpers/shared-data.js';
import { contourSequences } from './synthetic.js';

const bin = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const genrekit = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, GENREKIT_BACKEND: '' } });

test('genrekit train / evaluate / cv run the neural kinds, record the backend and resume', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-neural-cli-'));
  try {
    const shape = { classes: 3, time: 6, features: 2 };
    const d = contourSequences(240, 8, shape);
    const data = join(dir, 'contours.gkt');
    writeTensorFile(
      data,
      {
        format: 'genrekit-tensor',
        version: 1,
        dtype: 'float32',
        shape: [d.examples.length, shape.time, shape.features],
        ids: d.examples.map((_, i) => `clip${i}`),
        labels: d.labels,
        groups: d.examples.map((_, i) => `clip${i}`),
        ranges: d.examples.map(() => [0, 1]),
        recipe: { id: 'synthetic', params: {} },
        pieces: null,
        packageVersion,
      },
      Float32Array.from(d.examples.flatMap((seq) => seq.flatMap((row) => [...row]))),
    );
    const out = join(dir, 'model');
    const cp = join(dir, 'checkpoints');
    const common = ['--model', 'lstm', '--data', data, '--split', 'holdout', '--out', out, '--backend', 'wasm', '--checkpoint', cp, '--set', 'units=8', '--set', 'optimizer=adam', '--set', 'learningRate=0.02', '--set', 'batchSize=16', '--set', 'dropout=0'];
    const first = genrekit('train', ...common, '--epochs', '2');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /backend: wasm/);
    assert.match(first.stderr, /epoch 2\/2 {2}loss/);
    const resumed = genrekit('train', ...common, '--epochs', '12', '--resume');
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.doesNotMatch(resumed.stderr, /epoch 2\/12/, 'epochs 1-2 are not run again');
    assert.match(resumed.stderr, /epoch 3\/12/);
    const manifest = JSON.parse(await readFile(join(out, 'genrekit.json'), 'utf8'));
    assert.equal(manifest.model.name, 'lstm');
    assert.equal(manifest.training.neural.backend, 'wasm');
    assert.ok(manifest.training.neural.epochs >= 3 && manifest.training.neural.epochs <= 12);
    for (const f of ['weights.bin', 'weights.json', 'training.json', 'learning-curves.json', 'learning-curves.svg']) assert.ok(manifest.files[f], `${f} in the model folder`);
    assert.ok(existsSync(join(cp, 'checkpoint.bin')));

    const evaluation = genrekit('evaluate', '--model', out, '--data', data, '--json', '--report', join(dir, 'report'));
    assert.equal(evaluation.status, 0, evaluation.stderr);
    assert.match(evaluation.stderr, /backend: wasm/);
    assert.equal(JSON.parse(await readFile(join(dir, 'report', 'report.json'), 'utf8')).backend, 'wasm');
    const metrics = JSON.parse(evaluation.stdout);
    const accuracy = metrics.accuracy ?? metrics.metrics?.accuracy;
    assert.ok(accuracy >= 0.9, `accuracy ${accuracy}`);

    const cv = genrekit('cv', '--model', 'lstm-sequence', '--data', data, '--folds', '3', '--set', 'units=8,8', '--set', 'denseUnits=8', '--set', 'epochs=3', '--json');
    assert.equal(cv.status, 0, cv.stderr);
    assert.match(cv.stderr, /backend: wasm/);
    assert.equal(JSON.parse(cv.stdout).folds.length, 3);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
