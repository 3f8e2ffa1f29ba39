/**
 * One clip in six containers classified with the bundled model: lossless copies give identical
 * verdicts; the lossy ones (mp3, ogg) and the stereo 44.1 kHz 24-bit copy (resampled) the same top
 * genre with every score within 0.15 (measured: mp3 and the 44.1 kHz copy move the scores by up to
 * 0.14, ogg by 0.01; the SVM's probabilities react to small feature changes near its margins).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { classifyFiles } from '../../src/predict/batch.js';
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
