/**
 * One clip in six containers classified with the bundled model: lossless copies give identical
 * verdicts; the lossy ones (mp3, ogg) and the stereo 44.1 kHz 24-bit copy (resampled) the same top
 * genre with every score within 0.15 (measured: mp3 and the 44.1 kHz copy move the scores by up to
 * 0.14, ogg by 0.01; the SVM's probabilities react to small feature changes near its margins).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyFiles } from '../../src/predict/batch.js';
import { classify } from '../../src/predict/classify.js';
import { sharedData } from '../helpers/shared-data.js';

test('wav, au, flac, mp3, ogg and stereo 44.1 kHz copies of a clip get the same verdict', async (t) => {
  const dir = sharedData(t, 'formats');
  if (!dir) return;
  const names = ['wav', 'au', 'flac', 'mp3', 'ogg', 'stereo44k24.wav'].map((ext) => join(dir, `reggae.00000.${ext}`));
  const verdicts = await classifyFiles(names, { jobs: 2, topK: 10 });
  const results = verdicts.map((v) => {
    assert.ok(v.result, `${v.file}: ${v.error?.message}`);
    return v.result;
  });
  const [wav, au, flac, ...rest] = results;
  assert.deepEqual(au.genres, wav.genres);
  assert.deepEqual(flac.genres, wav.genres);
  const score = (r: typeof wav, label: string) => r.genres.find((g) => g.label === label)?.score ?? NaN;
  for (const [i, r] of rest.entries()) {
    assert.equal(r.genres[0].label, wav.genres[0].label, names[3 + i]);
    for (const g of wav.genres) assert.ok(Math.abs(score(r, g.label) - g.score) < 0.15, `${names[3 + i]}: ${g.label} ${score(r, g.label)} vs ${g.score}`);
  }
});

test('a 6-minute MP3 (twelve copies of the clip end to end) is cut into 12 pieces that agree', async (t) => {
  const mp3 = sharedData(t, 'formats', 'reggae.00000.mp3');
  if (!mp3) return;
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-mp3-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const once = await readFile(mp3);
  const long = join(dir, 'six-minutes.mp3');
  await writeFile(long, Buffer.concat(Array.from({ length: 12 }, () => once)));
  const single = await classify(mp3);
  const r = await classify(long);
  assert.ok(r.durationSeconds > 360 && r.durationSeconds < 362, `duration ${r.durationSeconds}`);
  assert.equal(r.pieces.length, 12);
  assert.equal(r.pieces[11].endSeconds, r.durationSeconds, 'the last second joins the last piece');
  const agree = r.pieces.filter((p) => p.genres[0].label === single.genres[0].label).length;
  assert.ok(agree >= 10, `${agree} of 12 pieces agree with the 30 s clip's ${single.genres[0].label}`);
  assert.equal(r.genres[0].label, single.genres[0].label);
});
