/**
 * Whole-clip training for frame-based recipes, from the command line, on real GTZAN clips: S3's
 * `hierarchical` on `mfcc` and S4's `ind-rnn` on `scattering`, with no `--piece` (ten dev clips,
 * one per genre, through a manifest CSV; GTZAN's 30.013 s clips become 30 s pieces). Each model
 * records its input contract and classifies a dev clip, a 61 s song and a 4 s song through
 * `genrekit classify --model`, every piece at the model's shape. Tiny networks and few epochs:
 * this checks the pipeline, not accuracy.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadAudio } from '../../src/audio/load.js';
import { writeWav } from '../../src/audio/wav-writer.js';
import { projectRoot, sharedData } from '../helpers/shared-data.js';

const bin = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];

const cases = [
  { model: 'hierarchical', recipe: 'mfcc', shape: [1292, 13], set: ['units=4,4', 'epochs=2'] },
  { model: 'ind-rnn', recipe: 'scattering', shape: [118, 519], set: ['units=8', 'layers=2', 'epochs=3', 'learningRate=0.001', 'clipNorm=1', 'dropout=0'] },
];

test('genrekit train --recipe mfcc / scattering on whole GTZAN clips, no --piece; the models classify a dev clip, 61 s and 4 s', async (t) => {
  const dev = sharedData(t, 'gtzan', 'dev-audio');
  if (!dev) return;
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-whole-clip-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const manifest = join(dir, 'ten.csv');
  await writeFile(manifest, 'path,label\n' + GENRES.map((g) => `${join(dev, g, `${g}.00000.wav`)},${g}\n`).join(''));
  const a = await loadAudio(join(dev, 'metal', 'metal.00002.wav'));
  const b = await loadAudio(join(dev, 'rock', 'rock.00003.wav'));
  const song61 = new Float32Array(61 * 22050);
  song61.set(a.samples.subarray(0, 30 * 22050));
  song61.set(b.samples.subarray(0, 31 * 22050), 30 * 22050);
  await writeWav(join(dir, 'song61.wav'), song61, 22050);
  await writeWav(join(dir, 'song4.wav'), b.samples.subarray(0, 4 * 22050), 22050);
  const clip = join(dev, 'jazz', 'jazz.00001.wav');

  for (const c of cases) {
    const out = join(dir, c.model);
    const train = spawnSync(process.execPath, [bin, 'train', '--model', c.model, '--recipe', c.recipe, '--data', manifest, '--store', join(dir, 'store'), '--out', out, ...c.set.flatMap((s) => ['--set', s])], { encoding: 'utf8' });
    assert.equal(train.status, 0, train.stderr);
    const input = JSON.parse(await readFile(join(out, 'genrekit.json'), 'utf8')).input;
    assert.equal(input.recipe.id, c.recipe);
    assert.equal(input.pieceSeconds, 30, 'the clip length: the median duration, rounded down to 0.1 s');
    assert.deepEqual(input.shape, c.shape);
    const run = spawnSync(process.execPath, [bin, 'classify', '--model', out, '--json', '--jobs', '1', clip, join(dir, 'song61.wav'), join(dir, 'song4.wav')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const verdicts = JSON.parse(run.stdout) as Array<{ genres: Array<{ label: string }>; pieces: Array<{ startSeconds: number; endSeconds: number }>; short: boolean; error?: unknown }>;
    assert.ok(verdicts.every((v) => !v.error && v.genres.length === 3 && GENRES.includes(v.genres[0].label)), run.stdout);
    assert.deepEqual(verdicts[0].pieces.map((p) => [p.startSeconds, +p.endSeconds.toFixed(3)]), [[0, 30]], 'a 30.013 s clip is one 30 s piece');
    assert.deepEqual(verdicts[1].pieces.map((p) => [p.startSeconds, p.endSeconds]), [[0, 30], [30, 60], [31, 61]], '61 s: two pieces and the last 30 s');
    assert.equal(verdicts[2].short, true);
  }
});
