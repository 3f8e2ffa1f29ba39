import { test } from 'node:test';
import { withoutKernels } from '../../src/dsp/wasm.js';
import assert from 'node:assert/strict';
import { frameCount, istft, istftMasked, magnitude, spectrogram, stft } from '../../src/dsp/stft.js';
import { sharedData } from '../helpers/shared-data.js';
import { loadReference, relativeError, relativeErrorTransposed } from './reference.js';
import { referenceSignals } from './reference-signals.js';
import { loadReferenceClip } from './reference-clips.js';
import { seededRandom } from '../../src/random.js';

const STFT_KEY = 'stft_abs[n_fft=2048,hop=512,hann,center=True]';

test('stft magnitude matches librosa 0.9.2 (max rel. error <= 1e-4)', async (t) => {
  const path = sharedData(t, 'reference', 'signals.json.gz');
  if (!path) return;
  for (const { name, samples, arrays } of await referenceSignals(loadReference(path), loadReferenceClip)) {
    const spec = stft(samples, { nFft: 2048, hopLength: 512 });
    const err = relativeErrorTransposed(magnitude(spec), spec.frames, spec.bins, arrays[STFT_KEY]);
    t.diagnostic(`${name} ${STFT_KEY}: ${err.toExponential(2)}`);
    assert.ok(err <= 1e-4, `${name}: ${err}`);
    const direct = spectrogram(samples, { nFft: 2048, hopLength: 512 }, 1);
    assert.ok(relativeErrorTransposed(direct.data, direct.frames, direct.bins, arrays[STFT_KEY]) <= 1e-4);
  }
});

test('a 440 Hz sine peaks in bin round(440 * nFft / sr)', () => {
  const sr = 22050;
  const y = Float32Array.from({ length: sr }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / sr));
  for (const nFft of [2048, 1024, 551]) {
    const s = spectrogram(y, { nFft, hopLength: 512 });
    const t = Math.floor(s.frames / 2);
    let best = 0;
    for (let k = 1; k < s.bins; k++) if (s.data[t * s.bins + k] > s.data[t * s.bins + best]) best = k;
    assert.equal(best, Math.round((440 * nFft) / sr), `nFft ${nFft}`);
  }
});

test('istft(stft(y)) gives y back', () => {
  const y = Float32Array.from({ length: 10000 }, (_, i) => Math.sin(i * 0.01) * Math.cos(i * 0.0007) + ((i * 7919) % 13) / 50);
  for (const [nFft, hop, center] of [[2048, 512, true], [1024, 256, false], [512, 128, true]] as const) {
    const spec = stft(y, { nFft, hopLength: hop, center });
    const back = istft(spec, { hopLength: hop, center, length: y.length });
    assert.equal(back.length, y.length);
    // Without centring, the first and last nFft - hop samples lack full window overlap; compare the middle.
    const lo = center ? 0 : nFft;
    const hi = center ? y.length : spec.frames * hop;
    let err = 0;
    for (let i = lo; i < hi; i++) err = Math.max(err, Math.abs(back[i] - y[i]));
    assert.ok(err < 1e-5, `nFft ${nFft}: ${err}`);
  }
});

test('frame counts follow librosa: 1 + floor((n + 2 * floor(nFft/2) - nFft) / hop) when centred', () => {
  assert.equal(frameCount(66150, { nFft: 2048, hopLength: 512 }), 130);
  assert.equal(frameCount(20000, { nFft: 1024, hopLength: 903, center: false }), 22);
  assert.equal(frameCount(661500, { nFft: 2048, hopLength: 256 }), 2584);
  assert.throws(() => frameCount(100, { nFft: 1024, center: false }), /parameter 'nFft'/);
});

test('reflect padding mirrors the signal without repeating the edge sample', () => {
  const y = Float32Array.from({ length: 64 }, (_, i) => (i % 5) - 2);
  const spec = stft(y, { nFft: 8, hopLength: 8, padMode: 'reflect', window: 'rectangular' });
  // Frame 0 covers padded samples -4..3 = y[4], y[3], y[2], y[1], y[0], y[1], y[2], y[3]; its sum is bin 0.
  assert.equal(spec.re[0], y[4] + 2 * (y[3] + y[2] + y[1]) + y[0]);
  const zeros = stft(y, { nFft: 8, hopLength: 8, window: 'rectangular' });
  assert.equal(zeros.re[0], y[0] + y[1] + y[2] + y[3]);
});

test('the inverse STFT in the Float32 SIMD kernel equals the Float64 JavaScript within 2e-6 of the peak (masks, lengths, hops, both first passes)', () => {
  const uniform = seededRandom(4242);
  const rnd = (): number => uniform() - 0.5;
  for (const [n, nFft, hop, length] of [
    [22050 * 3 + 17, 2048, 512, undefined],
    [22050 * 3 + 17, 2048, 512, 22050 * 3 + 17],
    [5000, 1024, 256, 4000],
    [300, 512, 128, undefined],
    [40000, 2048, 2048, undefined],
    [9000, 256, 100, 9100],
  ] as const) {
    const y = Float32Array.from({ length: n }, rnd);
    const spec = stft(y, { nFft, hopLength: hop });
    const mask = Float32Array.from({ length: spec.frames * spec.bins }, () => rnd() + 0.5);
    for (const m of [mask, null]) {
      const options = { nFft, hopLength: hop, length };
      const wasm = istftMasked(spec, m, options);
      const js = withoutKernels(['spectrum', 'fft'], () => istftMasked(spec, m, options));
      const err = relativeError(wasm, js);
      const name = `n ${n}, nFft ${nFft}, hop ${hop}, length ${length}, mask ${m !== null}`;
      assert.ok(err <= 2e-6, `${name}: ${err}`);
      // Frames a whole nFft apart barely overlap: the window sum nears 0 between them, and the
      // Float64 path runs (the same values), as it does for a signal too short for a stretch where
      // the sum repeats; else the kernel ran (the values differ a little).
      if (hop === nFft) assert.equal(err, 0, name);
      else if (n >= 4 * nFft) assert.ok(err > 0, `${name}: the kernel ran (else this compared the JavaScript with itself)`);
    }
  }
});
