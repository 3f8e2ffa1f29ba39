/**
 * Ogg Opus through ogg-opus-decoder (libopus): the committed fixture (2.5 s of the stereo test
 * chord at 48 kHz, 96 kbit/s, see test/fixtures/audio/make-chord-opus.mjs) decodes gapless to
 * exactly its 120000 frames per channel, within 25 dB SNR of the samples it was made from, and
 * loads at any rate like every other format.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAudio } from '../../src/audio/load.js';
import { classify } from '../../src/predict/classify.js';
import { projectRoot } from '../helpers/shared-data.js';
import { chord } from './chord.js';

const fixture = join(projectRoot, 'test/fixtures/audio/chord.opus');

function snrDb(got: Float32Array, want: (i: number) => number): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < got.length; i++) {
    signal += want(i) ** 2;
    noise += (got[i] - want(i)) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

test('Ogg Opus decodes gapless at 48 kHz, close to its source', async () => {
  const a = await loadAudio(fixture, { sampleRate: null, mono: false });
  assert.equal(a.format, 'ogg');
  assert.equal(a.codec, 'opus');
  assert.equal(a.sampleRate, 48000);
  assert.equal(a.channels, 2);
  assert.equal(a.channelData[0].length, 120000, 'pre-skip and end padding trimmed: exactly the 2.5 s encoded');
  const ref = chord(48000, 2.5);
  for (let c = 0; c < 2; c++) {
    const snr = snrDb(a.channelData[c], (i) => ref[2 * i + c]);
    assert.ok(snr > 25, `channel ${c}: SNR ${snr.toFixed(1)} dB`);
  }
});

test('Ogg Opus loads mono at 22050 Hz from a path or from bytes, and classifies', async () => {
  const fromPath = await loadAudio(fixture);
  const fromBytes = await loadAudio(await readFile(fixture));
  assert.equal(fromPath.sampleRate, 22050);
  assert.equal(fromPath.samples.length, 55125);
  assert.deepEqual(fromBytes.samples, fromPath.samples);
  const r = await classify(fixture);
  assert.equal(r.durationSeconds, 2.5);
  assert.ok(r.genres[0].score > 0 && r.genres[0].score <= 1);
});
