/**
 * Tempo parity with librosa 0.9.2 `beat.tempo(y=y, sr=sr)` on reference/signals.json.gz (within
 * 1 BPM), the tempogram's definition, and recovery of the tempo of a click track.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateTempo, tempoFrequencies, tempogram, tempoOfAudio, tempoWindowFrames } from '../../src/dsp/tempo.js';
import { sharedData } from '../helpers/shared-data.js';
import { loadReference, toMatrix } from './reference.js';
import { referenceSignals } from './reference-signals.js';
import { loadReferenceClip } from './reference-clips.js';

test('tempoOfAudio matches librosa.beat.tempo on every reference signal (within 1 BPM)', async (t) => {
  const path = sharedData(t, 'reference', 'signals.json.gz');
  if (!path) return;
  const signals = await referenceSignals(loadReference(path), loadReferenceClip);
  for (const s of signals) {
    const ours = tempoOfAudio(s.samples, { sampleRate: s.sr });
    const ref = toMatrix(s.arrays['tempo']).data[0];
    t.diagnostic(`${s.name}: ours ${ours.toFixed(4)} BPM, librosa ${ref} BPM`);
    assert.ok(Math.abs(ours - ref) <= 1, `${s.name}: ${ours} vs ${ref}`);
  }
});

test('tempo window is floor(floor(8 s * sr) / hop) frames and lags map to BPM', () => {
  assert.equal(tempoWindowFrames(), 344);
  const bpm = tempoFrequencies(4, 22050, 512);
  assert.equal(bpm[0], Infinity);
  assert.ok(Math.abs(bpm[2] - (60 * 22050) / 1024) < 1e-9);
});

test('tempogram rows are autocorrelations normalised to 1 at lag 0', () => {
  const env = Float32Array.from({ length: 200 }, (_, i) => (i % 20 === 0 ? 1 : 0.1));
  const tg = tempogram(env, { winLength: 64 });
  assert.equal(tg.frames, 200);
  for (let t = 0; t < tg.frames; t++) assert.ok(Math.abs(tg.data[t * 64] - 1) < 1e-6);
  // A period of 20 frames shows as a peak at lag 20 in the middle of the signal.
  const mid = 100 * 64;
  assert.ok(tg.data[mid + 20] > tg.data[mid + 10] && tg.data[mid + 20] > tg.data[mid + 30]);
});

test('estimateTempo equals the argmax of the prior-weighted time-averaged tempogram (librosa tempo)', () => {
  // An envelope with two competing periodicities and a decaying trend.
  const frames = 900;
  const env = Float32Array.from({ length: frames }, (_, t) => (t % 23 === 0 ? 1 : 0) + (t % 37 === 0 ? 0.8 : 0) + 0.3 * Math.exp(-t / 300));
  const winLength = tempoWindowFrames();
  const tg = tempogram(env, { winLength });
  const bpms = tempoFrequencies(winLength, 22050, 512);
  let best = 0;
  let bestScore = -Infinity;
  for (let l = 1; l < winLength; l++) {
    if (!(bpms[l] < 320)) continue;
    let mean = 0;
    for (let t = 0; t < tg.frames; t++) mean += tg.data[t * winLength + l];
    mean /= tg.frames;
    const score = Math.log1p(1e6 * mean) - 0.5 * (Math.log2(bpms[l]) - Math.log2(120)) ** 2;
    if (score > bestScore) [best, bestScore] = [l, score];
  }
  assert.equal(estimateTempo(env), bpms[best]);
});

test('a click track at 100 BPM is estimated at 100 BPM within one lag step', () => {
  const sr = 22050;
  const hop = 512;
  // Onset envelope with a pulse every 0.6 s (100 BPM), 30 s long.
  const frames = Math.floor((30 * sr) / hop);
  const env = new Float32Array(frames);
  for (let beat = 0; beat * 0.6 < 29.5; beat++) env[Math.round((beat * 0.6 * sr) / hop)] = 1;
  const bpm = estimateTempo(env, { sampleRate: sr, hopLength: hop });
  const lag = (60 * sr) / (hop * bpm);
  assert.ok(Math.abs(lag - (0.6 * sr) / hop) <= 1, `estimated ${bpm} BPM (lag ${lag})`);
});
