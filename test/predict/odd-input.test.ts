/**
 * Long and odd input through the whole pipeline (audio file -> pieces -> gtzan58 -> model -> verdict)
 * with a model trained here on synthetic "genres": a 6-minute file, a 2-second file, a stereo
 * 48 kHz file, silence. Audio is generated into a temp folder, never committed.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '../../src/audio/index.js';
import { loadModel } from '../../src/models/io.js';
import { classify } from '../../src/predict/classify.js';
import type { GenreModel } from '../../src/predict/genre-model.js';
import { concat, saveSynthModel, synthGenre, trainSynthModel } from './synth.js';

const SR = 22050;
let dir: string;
let model: GenreModel;

async function writeWav(name: string, channels: Float32Array[], sampleRate: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, encodeWav(channels, sampleRate));
  return path;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genrekit-predict-'));
  model = await trainSynthModel();
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a 6-minute file: 36 pieces of 10 s, each piece and the song verdict right', async () => {
  // 4 minutes of `low`, then 2 minutes of `bright` (unseen seeds).
  const path = await writeWav('six-minutes.wav', [concat(synthGenre('low', 240, SR, 11), synthGenre('bright', 120, SR, 12))], SR);
  const r = await classify(path, { model, topK: 2 });
  assert.equal(r.pieces.length, 36);
  assert.ok(Math.abs(r.durationSeconds - 360) < 1e-3);
  assert.deepEqual([r.pieces[35].startSeconds, r.pieces[35].endSeconds], [350, 360]);
  const wrong = r.pieces.filter((p, i) => p.genres[0].label !== (i < 24 ? 'low' : 'bright'));
  assert.equal(wrong.length, 0, `pieces classified wrongly: ${wrong.map((p) => p.startSeconds).join(', ')}`);
  assert.equal(r.genres[0].label, 'low');
  assert.ok(r.genres[0].score > 0.6 && r.genres[0].score < 0.7, `mean score of low ${r.genres[0].score} should be near 24/36`);
  assert.equal(r.short, false);
  assert.equal(r.silent, false);
  const vote = await classify(path, { model, aggregate: 'vote' });
  assert.deepEqual(vote.genres.map((g) => [g.label, +g.score.toFixed(6)]), [['low', +(24 / 36).toFixed(6)], ['bright', +(12 / 36).toFixed(6)]]);
  assert.ok(Math.abs(vote.certainty - Math.log10(2)) < 1e-9);
});

test('a 2-second file is classified as one short piece, flagged with a warning', async () => {
  const path = await writeWav('two-seconds.wav', [synthGenre('bright', 2, SR, 21)], SR);
  const r = await classify(path, { model });
  assert.equal(r.pieces.length, 1);
  assert.deepEqual([r.pieces[0].startSeconds, r.pieces[0].endSeconds, r.pieces[0].short], [0, 2, true]);
  assert.equal(r.short, true);
  assert.match(r.warnings.join(' '), /shorter than the model's 10 s pieces/);
  assert.equal(r.genres[0].label, 'bright');
});

test('a stereo 48 kHz file is mixed to mono, resampled and cut by the model rate', async () => {
  const left = synthGenre('bright', 25, 48000, 31);
  const path = await writeWav('stereo48k.wav', [left, left.map((x) => 0.8 * x)], 48000);
  const r = await classify(path, { model });
  assert.ok(Math.abs(r.durationSeconds - 25) < 1e-3, `duration ${r.durationSeconds}`);
  // 25 s = two whole pieces and a 5 s rest (half a piece): the rest becomes the last 10 s.
  assert.deepEqual(r.pieces.map((p) => [p.startSeconds, p.endSeconds]), [[0, 10], [10, 20], [15, 25]]);
  assert.ok(r.pieces.every((p) => p.genres[0].label === 'bright'));
  assert.equal(r.genres[0].label, 'bright');
});

test('silence: finite features, every piece flagged silent, the verdict flagged', async () => {
  const zeros = new Float32Array(30 * SR);
  const f = model.recipe.compute(zeros.subarray(0, 10 * SR));
  assert.ok(f.data.every(Number.isFinite), 'gtzan58 of silence must be finite');
  const r = await classify(await writeWav('silence.wav', [zeros], SR), { model });
  assert.equal(r.pieces.length, 3);
  assert.ok(r.pieces.every((p) => p.silent && p.levelDb === -120));
  assert.equal(r.silent, true);
  assert.match(r.warnings.join(' '), /silent/);
  assert.ok(r.genres.every((g) => Number.isFinite(g.score)));
  assert.ok(Math.abs(r.genres.reduce((a, g) => a + g.score, 0) - 1) < 1e-5);
});

test('silent pieces are left out of the verdict when the song has music', async () => {
  const path = await writeWav('silent-intro.wav', [concat(new Float32Array(20 * SR), synthGenre('low', 30, SR, 41))], SR);
  const r = await classify(path, { model, aggregate: 'vote' });
  assert.deepEqual(r.pieces.map((p) => p.silent), [true, true, false, false, false]);
  assert.equal(r.silent, false);
  assert.deepEqual(r.genres.map((g) => [g.label, g.score]), [['low', 1], ['bright', 0]]);
});

test('bytes give the same verdict as the path; bad options are ParameterErrors', async () => {
  const path = await writeWav('bytes.wav', [synthGenre('low', 12, SR, 51)], SR);
  const a = await classify(path, { model });
  const b = await classify(new Uint8Array(await readFile(path)), { model });
  assert.deepEqual(b, a);
  await assert.rejects(classify(path, { model, topK: 0 }), { name: 'ParameterError' });
  await assert.rejects(classify(path, { model, pieceSeconds: -1 }), { name: 'ParameterError' });
  await assert.rejects(classify(join(dir, 'missing.wav'), { model }), { name: 'AudioDecodeError' });
});

test('audio shorter than one analysis frame is an error naming the file, not a bad option', async () => {
  const path = await writeWav('blip.wav', [synthGenre('bright', 0.01, SR, 71)], SR);
  await assert.rejects(classify(path, { model }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'AUDIO_TOO_SHORT');
    assert.match(err.message, /blip\.wav.*22[01] samples \(0\.010 s\)/);
    return true;
  });
});

test('a model folder, a model from loadModel and the in-memory model give the same verdict', async () => {
  const modelDir = join(dir, 'model');
  await saveSynthModel(model, modelDir);
  const path = await writeWav('three-ways.wav', [synthGenre('low', 25, SR, 81)], SR);
  const inMemory = await classify(path, { model });
  assert.deepEqual(await classify(path, { model: modelDir }), inMemory);
  assert.deepEqual(await classify(path, { model: await loadModel(modelDir) }), inMemory);
  assert.equal(inMemory.genres[0].label, 'low');
});
