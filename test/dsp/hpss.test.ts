/**
 * HPSS parity with librosa 0.9.2 `effects.hpss(y)` on reference/signals.json.gz (first 4096
 * samples of each part, max |ours - ref| / max |ref| <= 1e-3), and its defining properties.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hpssMasks, hpssWaveforms } from '../../src/dsp/hpss.js';
import { magnitude, stft } from '../../src/dsp/stft.js';
import { sharedData } from '../helpers/shared-data.js';
import { loadReference, relativeError, toMatrix } from './reference.js';
import { referenceSignals } from './reference-signals.js';
import { loadReferenceClip } from './reference-clips.js';

const KEYS = { harmonic: 'hpss_harmonic[first_4096_samples]', percussive: 'hpss_percussive[first_4096_samples]' } as const;
const TOLERANCE = 1e-3;

test('hpssWaveforms matches librosa.effects.hpss on every reference signal (rel. error <= 1e-3)', async (t) => {
  const path = sharedData(t, 'reference', 'signals.json.gz');
  if (!path) return;
  const signals = await referenceSignals(loadReference(path), loadReferenceClip);
  assert.ok(signals.length >= 3);
  for (const s of signals) {
    const { harmonic, percussive } = hpssWaveforms(s.samples);
    assert.equal(harmonic.length, s.samples.length);
    assert.equal(percussive.length, s.samples.length);
    for (const [part, ours] of [['harmonic', harmonic], ['percussive', percussive]] as const) {
      const ref = toMatrix(s.arrays[KEYS[part]]).data;
      const err = relativeError(ours.subarray(0, ref.length), ref);
      t.diagnostic(`${s.name} ${part}: rel. error ${err.toExponential(2)}`);
      assert.ok(err <= TOLERANCE, `${s.name} ${part}: rel. error ${err}`);
    }
  }
});

/** A steady 440 Hz tone plus a click every 0.25 s, at 22050 Hz. */
function toneWithClicks(seconds: number): { y: Float32Array; tone: Float32Array } {
  const sr = 22050;
  const n = Math.round(seconds * sr);
  const tone = Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / sr));
  const y = Float32Array.from(tone);
  for (let c = Math.round(0.1 * sr); c < n; c += Math.round(0.25 * sr)) y[c] += 1;
  return { y, tone };
}

test('a steady tone goes to the harmonic part and clicks to the percussive part; parts sum to the input', () => {
  const { y, tone } = toneWithClicks(2);
  const { harmonic, percussive } = hpssWaveforms(y);
  let sumErr = 0;
  let toneErr = 0;
  let toneEnergy = 0;
  for (let i = 0; i < y.length; i++) {
    sumErr = Math.max(sumErr, Math.abs(harmonic[i] + percussive[i] - y[i]));
    toneErr += (harmonic[i] - tone[i]) ** 2;
    toneEnergy += tone[i] ** 2;
  }
  assert.ok(sumErr < 1e-5, `harmonic + percussive differs from y by ${sumErr}`);
  assert.ok(toneErr / toneEnergy < 0.05, `harmonic part differs from the tone by ${toneErr / toneEnergy} of its energy`);
  const click = Math.round(0.1 * 22050) + Math.round(0.25 * 22050);
  assert.ok(percussive[click] > 0.5, `percussive part at a click is ${percussive[click]}`);
});

test('soft masks use power 2 and split silent bins evenly', () => {
  const y = new Float32Array(22050);
  y.fill(0, 0, 11025);
  for (let i = 11025; i < y.length; i++) y[i] = Math.sin(i * 0.3);
  const spec = stft(y);
  const masks = hpssMasks(magnitude(spec), spec.frames, spec.bins);
  for (let i = 0; i < masks.harmonic.length; i++) assert.ok(Math.abs(masks.harmonic[i] + masks.percussive[i] - 1) < 1e-6);
  // The first frames see only the zero padding and silence: both masks are 0.5 there.
  assert.equal(masks.harmonic[0], 0.5);
  const hard = hpssMasks(magnitude(spec), spec.frames, spec.bins, { power: Infinity, margin: 2 });
  assert.ok(hard.harmonic.every((v) => v === 0 || v === 1));
});
