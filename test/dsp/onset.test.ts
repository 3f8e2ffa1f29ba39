/**
 * Onset strength parity with librosa 0.9.2 `onset.onset_strength(y=y, sr=sr)` on
 * reference/signals.json.gz (max |ours - ref| / max |ref| <= 1e-3), and its alignment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onsetStrength, onsetStrengthFromSpectrogram } from '../../src/dsp/onset.js';
import { sharedData } from '../helpers/shared-data.js';
import { loadReference, relativeError, toMatrix } from './reference.js';
import { referenceSignals } from './reference-signals.js';
import { loadReferenceClip } from './reference-clips.js';

test('onsetStrength matches librosa.onset.onset_strength on every reference signal (rel. error <= 1e-3)', async (t) => {
  const path = sharedData(t, 'reference', 'signals.json.gz');
  if (!path) return;
  const signals = await referenceSignals(loadReference(path), loadReferenceClip);
  for (const s of signals) {
    const ours = onsetStrength(s.samples, { sr: s.sr });
    const ref = toMatrix(s.arrays['onset_strength']).data;
    const err = relativeError(ours, ref);
    t.diagnostic(`${s.name}: rel. error ${err.toExponential(2)}`);
    assert.ok(err <= 1e-3, `${s.name}: rel. error ${err}`);
  }
});

test('onset envelope is the mean positive increase, delayed by lag + nFft / (2 hop) frames', () => {
  // 4 frames x 2 bands: increases (+2, -1), (0, +4), (-3, +1).
  const spec = Float32Array.of(0, 5, 2, 4, 2, 8, -1, 9);
  const env = onsetStrengthFromSpectrogram(spec, 4, 2, { nFft: 2048, hopLength: 512 });
  assert.deepEqual(Array.from(env), [0, 0, 0, 1]);
  const uncentred = onsetStrengthFromSpectrogram(spec, 4, 2, { center: false });
  assert.deepEqual(Array.from(uncentred), [0, 1, 2, 0.5]);
  const lag2 = onsetStrengthFromSpectrogram(spec, 4, 2, { center: false, lag: 2 });
  // frame 2 - frame 0: (2, 3) -> 2.5; frame 3 - frame 1: (-3, 5) -> 2.5
  assert.deepEqual(Array.from(lag2), [0, 0, 2.5, 2.5]);
});

test('maxSize compares with the maximum over neighbouring bands (superflux)', () => {
  // 2 frames x 3 bands; the reference of band b is max over bands b-1..b+1 (reflect at edges).
  const spec = Float32Array.of(1, 4, 2, 3, 5, 6);
  const env = onsetStrengthFromSpectrogram(spec, 2, 3, { center: false, maxSize: 3 });
  // refs: (4, 4, 4); increases (3-4, 5-4, 6-4) -> positive (0, 1, 2) -> mean 1.
  assert.deepEqual(Array.from(env), [0, 1]);
});
