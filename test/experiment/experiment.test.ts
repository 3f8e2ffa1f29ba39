/**
 * `genrekit experiment`: configs are checked before any work (each bad key named), a run on the
 * 30 s table reproduces the S1 classical numbers of reports/s1-classical.md beside the published
 * ones, a rerun redoes nothing, a neural run killed with SIGKILL mid-training then rerun ends with
 * the same report as an unbroken run, and RESULTS.md is written from the reports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { stringify as stringifyYaml } from 'yaml';
import { join } from 'node:path';
import { checkExperimentConfig, loadExperimentConfig } from '../../src/experiment/config.js';
import { runExperiment, type ExperimentEvent } from '../../src/experiment/run.js';
import { experimentMarkdown, writeExperimentReport } from '../../src/experiment/report.js';
import { loadAudio, writeWav } from '../../src/index.js';
import { writeResults } from '../../src/experiment/results.js';
import { ParameterError } from '../../src/errors.js';
import { readFaultFilteredReference, readTenFoldReference, referenceModels } from '../../src/eval/sklearn-reference.js';
import { projectRoot, sharedData } from '../helpers/shared-data.js';

const base = {
  id: 'test-table',
  system: 'S1',
  title: 'test',
  source: 'test',
  metric: 'accuracy',
  data: { table: 'features_30_sec.csv' },
  published: 'random',
  protocols: { random: { split: 'random:80/0/20' } },
  models: [{ name: 'KNN k=1', kind: 'knn', args: { k: 1 }, published: 0.667 }],
};

async function refused(raw: unknown, key: RegExp, message: RegExp): Promise<void> {
  await assert.rejects(checkExperimentConfig(raw, 'bad.json'), (err: unknown) => {
    assert.ok(err instanceof ParameterError, String(err));
    assert.match(err.message, key);
    assert.match(err.message, message);
    return true;
  });
}

test('bad configs are refused before any work, naming the config key', async () => {
  await refused({ ...base, models: [{ name: 'x', kind: 'svm-magic', published: null }] }, /bad\.json: models\.0\.kind/, /svm-magic/);
  await refused({ ...base, models: [{ name: 'x', kind: 'lstm', published: null }] }, /models\.0\.kind/, /takes sequence examples, but the data \(the feature table features_30_sec\.csv\) gives vectors/);
  await refused({ ...base, data: { recipe: 'gtzan58' }, models: [{ name: 'x', kind: 'crnn', published: null }] }, /models\.0\.kind/, /sequence/);
  await refused({ ...base, models: [{ name: 'x', kind: 'knn', args: { neighbours: 3 }, published: null }] }, /models\.0\.args\.neighbours/, /unknown parameter of model 'knn'/);
  await refused({ ...base, models: [{ name: 'x', kind: 'knn', smokeArgs: { k: 'many' }, published: null }] }, /models\.0\.smokeArgs\.k/, /expects a finite number/);
  await refused({ ...base, published: 'song' }, /published/, /'song'/);
  await refused({ ...base, metric: 'auc' }, /metric/, /./);
  await refused({ ...base, data: { recipe: 'nope' } }, /data\.recipe/, /nope/);
  await refused({ ...base, models: [base.models[0], base.models[0]] }, /models\.1\.name/, /two rows/);
  // Every shipped config passes the same checks.
  for (const file of ['s0-spectrogram', 's1-classical-30s', 's1-crnn-3s', 's2-lstm-3s', 's2-mlp-30s', 's3-tree', 's3-single-lstm-6', 's4-indrnn']) {
    const { config } = await loadExperimentConfig(join(projectRoot, 'experiments', `${file}.json`));
    assert.equal(config.id, file);
  }
  const out = mkdtempSync(join(tmpdir(), 'gk-exp-'));
  const { config, kinds } = await checkExperimentConfig(base);
  await assert.rejects(runExperiment({ config, kinds, path: 'x.json' }, { out, data: join(out, 'missing.csv') }), /missing\.csv' does not exist/);
});

test('the S1 classical rows on the 30 s table: ours beside the published, equal to reports/s1-classical.md; a rerun redoes nothing', async (t) => {
  const csv = sharedData(t, 'gtzan', 'features_30_sec.csv');
  if (!csv) return;
  const raw = {
    ...base,
    protocols: { random: { split: 'random:80/0/20' }, 'fault-filtered': { split: 'fault-filtered' } },
    models: [
      { name: 'KNN k=1', kind: 'knn', args: { k: 1 }, published: 0.667 },
      { name: 'logistic regression', kind: 'logreg-multinomial', published: 0.67 },
    ],
  };
  const { config, kinds } = await checkExperimentConfig(raw);
  const out = mkdtempSync(join(tmpdir(), 'gk-exp-'));
  // A split that leaves a genre without test examples is refused before any training.
  const thin = await checkExperimentConfig({ ...raw, protocols: { random: { split: 'random:99/0/1' } } });
  await assert.rejects(runExperiment({ ...thin, path: 'thin.json' }, { out: join(out, 'thin'), data: csv }), /test-table: protocols\.random.*without test examples/);
  assert.ok(!existsSync(join(out, 'thin')));
  const events: ExperimentEvent[] = [];
  const outcome = await runExperiment({ config, kinds, path: 'test.json' }, { out, data: csv, onEvent: (e) => events.push(e) });
  const row = (p: string, m: string) => outcome.protocols.find((x) => x.name === p)!.models.find((x) => x.name === m)!;
  // reports/s1-classical.md, "ours seed 0" and "ours fault-filtered".
  assert.equal((100 * row('random', 'KNN k=1').mean).toFixed(1), '69.0');
  assert.equal((100 * row('random', 'logistic regression').mean).toFixed(1), '71.0');
  assert.equal((100 * row('fault-filtered', 'KNN k=1').mean).toFixed(1), '40.3');
  assert.equal((100 * row('fault-filtered', 'logistic regression').mean).toFixed(1), '53.4');
  assert.equal(row('random', 'KNN k=1').metrics.n, 200);
  const md = readFileSync(writeExperimentReport(out, outcome)[0], 'utf8');
  assert.match(md, /\| KNN k=1 \| `knn` \{"k":1\} \| 66\.7 \| 69\.0 \| \+2\.3 \|/);
  assert.match(md, /moved from `random`/);
  assert.ok(existsSync(join(out, 'confusion-random-knn-k-1.svg')));
  const saved = JSON.parse(readFileSync(join(out, 'split-random.json'), 'utf8'));
  assert.equal(saved.folds[0].test.length, 200);
  assert.equal(saved.grouped, false);
  assert.equal(events.filter((e) => e.type === 'unit' && !e.reused).length, 4);
  // A rerun reads every unit back.
  const again: ExperimentEvent[] = [];
  const second = await runExperiment({ config, kinds, path: 'test.json' }, { out, data: csv, onEvent: (e) => again.push(e) });
  assert.equal(again.filter((e) => e.type === 'unit' && e.reused).length, 4);
  assert.deepEqual(second.protocols, outcome.protocols);
  writeExperimentReport(out, second);
  // New songs: a 61 s metal song and a 30 s blues clip from the dev clips, in a folder per genre,
  // cut into the table's 30 s pieces and classified by each row's first-fold model.
  const dev = sharedData(t, 'gtzan', 'dev-audio');
  if (!dev) return;
  const songsDir = join(out, 'new-songs');
  const metal = (await loadAudio(join(dev, 'metal', 'metal.00002.wav'), { sampleRate: 22050 })).samples;
  const long = new Float32Array(61 * 22050);
  long.set(metal.subarray(0, 30 * 22050));
  long.set(metal.subarray(0, 30 * 22050), 30 * 22050);
  long.set(metal.subarray(0, 22050), 60 * 22050);
  mkdirSync(join(songsDir, 'metal'), { recursive: true });
  mkdirSync(join(songsDir, 'blues'), { recursive: true });
  await writeWav(join(songsDir, 'metal', 'long.wav'), long, 22050);
  await writeWav(join(songsDir, 'blues', 'clip.wav'), (await loadAudio(join(dev, 'blues', 'blues.00000.wav'), { sampleRate: 22050 })).samples, 22050);
  const withSongs = await runExperiment({ config, kinds, path: 'test.json' }, { out, data: csv, newSongs: songsDir, store: join(out, 'store') });
  for (const p of withSongs.protocols) {
    for (const m of p.models) {
      const s = m.newSongs!;
      assert.ok(s && !('error' in s), `${p.name} ${m.name}: ${JSON.stringify(s)}`);
      assert.equal(s.songCount, 2);
      assert.ok(s.pieceCount >= 3, `${s.pieceCount} pieces`);
      assert.ok(s.pieces >= 0 && s.pieces <= 1 && s.songs >= 0 && s.songs <= 1);
    }
  }
  assert.match(experimentMarkdown(withSongs), /\| KNN k=1 \| [\d.]+ % of \d+ \| [\d.]+ % of 2 \|/);
  const results = writeResults([out], join(out, 'RESULTS.md'));
  assert.match(readFileSync(results, 'utf8'), /\| KNN k=1 \| `knn` \| 66\.7 \| 69\.0 \| 40\.3 \| not run \| -- \|/);
});

test('a neural run killed with SIGKILL mid-training, then rerun, ends with the report of an unbroken run', async (t) => {
  const csv = sharedData(t, 'gtzan', 'features_30_sec.csv');
  if (!csv) return;
  const dir = mkdtempSync(join(tmpdir(), 'gk-exp-kill-'));
  const config = join(dir, 'mlp.json');
  writeFileSync(config, JSON.stringify({ ...base, id: 'test-mlp', protocols: { song: { split: 'song:80/10/10' } }, published: 'song', models: [{ name: 'MLP', kind: 'mlp', args: { hidden: [32], epochs: 12, patience: 100, batchSize: 32 }, published: 0.74 }] }));
  const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
  const run = (out: string, killAtEpoch?: number) =>
    new Promise<{ code: number | null; signal: string | null }>((done) => {
      const child = spawn(process.execPath, [cli, 'experiment', config, '--data', csv, '--out', out, '--jobs', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString();
        if (killAtEpoch !== undefined && err.includes(`epoch ${killAtEpoch}/12`)) child.kill('SIGKILL');
      });
      child.on('close', (code, signal) => done({ code, signal }));
    });
  const whole = join(dir, 'whole');
  assert.equal((await run(whole)).code, 0);
  const broken = join(dir, 'broken');
  const killed = await run(broken, 5);
  assert.equal(killed.signal, 'SIGKILL');
  assert.ok(existsSync(join(broken, 'checkpoints', 'song', 'mlp', 'holdout')), 'no checkpoint was left to resume from');
  assert.ok(!existsSync(join(broken, 'report.json')));
  assert.equal((await run(broken)).code, 0);
  const report = (d: string) => JSON.parse(readFileSync(join(d, 'report.json'), 'utf8')).protocols[0].models[0];
  const [a, b] = [report(whole), report(broken)];
  assert.deepEqual(b.folds, a.folds);
  assert.deepEqual(b.metrics.confusion, a.metrics.confusion);
  assert.equal(b.epochs, a.epochs);
  assert.ok(Math.abs(b.lastLoss - a.lastLoss) < 1e-6, `last loss ${b.lastLoss} vs ${a.lastLoss}`);
});

test("S2's LSTM config in smoke mode on the dev clips (song-grouped): the loss falls and the test accuracy beats chance; YAML configs read the same", async (t) => {
  const dev = sharedData(t, 'gtzan', 'dev-audio');
  if (!dev) return;
  const path = join(projectRoot, 'experiments', 's2-lstm-3s.json');
  const experiment = await loadExperimentConfig(path);
  const dir = mkdtempSync(join(tmpdir(), 'gk-exp-s2-'));
  const yamlPath = join(dir, 's2.yaml');
  writeFileSync(yamlPath, stringifyYaml(JSON.parse(readFileSync(path, 'utf8'))));
  assert.deepEqual((await loadExperimentConfig(yamlPath)).config, experiment.config);
  const outcome = await runExperiment(experiment, { out: join(dir, 'run'), smoke: true, protocols: ['song'], store: join(dir, 'store') });
  const m = outcome.protocols[0].models[0];
  t.diagnostic(`lstm-sequence smoke: loss ${m.firstLoss} -> ${m.lastLoss}, test accuracy ${m.metrics.accuracy} on ${m.metrics.n} clips`);
  assert.equal(outcome.data.examples, 50);
  assert.ok(m.lastLoss! < 0.5 * m.firstLoss!, `loss ${m.firstLoss} -> ${m.lastLoss}`);
  assert.ok(m.metrics.accuracy > 0.1, `test accuracy ${m.metrics.accuracy} (chance 0.1)`);
  assert.match(experimentMarkdown(outcome), /SMOKE RUN/);
});

test('experiments/s1-classical-30s.json: every row agrees with scikit-learn 1.2.1 (10 folds by clip mod 10 within 2 points, fault-filtered within 3)', async (t) => {
  const csv = sharedData(t, 'gtzan', 'features_30_sec.csv');
  const tenPath = sharedData(t, 'reference', 'sklearn-gtzan30-10fold.json');
  const ffPath = sharedData(t, 'reference', 'sklearn-gtzan30-fault-filtered.json');
  if (!csv || !tenPath || !ffPath) return;
  const [ten, ff] = [await readTenFoldReference(tenPath), await readFaultFilteredReference(ffPath)];
  const experiment = await loadExperimentConfig(join(projectRoot, 'experiments', 's1-classical-30s.json'));
  const outcome = await runExperiment(experiment, { out: mkdtempSync(join(tmpdir(), 'gk-exp-sk-')), data: csv, protocols: ['song', 'fault-filtered'] });
  let compared = 0;
  for (const p of outcome.protocols) {
    for (const m of p.models) {
      const ref = referenceModels.find((r) => r.kind === m.kind && JSON.stringify(r.args) === JSON.stringify(m.args));
      assert.ok(ref, `${m.name}: no scikit-learn reference`);
      const theirs = p.name === 'song' ? ten.results[ref.key]?.mean_acc : ref.faultFilteredKey ? ff.results_accuracy[ref.faultFilteredKey] : undefined;
      if (theirs === undefined) continue;
      const tolerance = p.name === 'song' ? 0.02 : 0.03;
      t.diagnostic(`${p.name} ${m.name}: ours ${(100 * m.mean).toFixed(1)}, scikit-learn ${(100 * theirs).toFixed(1)}`);
      assert.ok(Math.abs(m.mean - theirs) <= tolerance, `${p.name} ${m.name}: ours ${m.mean}, scikit-learn ${theirs}`);
      assert.equal(m.folds.length, p.name === 'song' ? 10 : 1);
      compared++;
    }
  }
  assert.equal(compared, 11);
});
