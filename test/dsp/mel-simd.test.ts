import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binPairs, melFilterBank, melFromSamples } from '../../src/dsp/mel.js';
import { simdMelFrames } from '../../src/dsp/mel-simd.js';
import { frameCount, resolveStftOptions, type StftOptions } from '../../src/dsp/stft.js';
import { withoutKernels } from '../../src/dsp/wasm.js';
import { seededRandom } from '../../src/random.js';
import { relativeError } from './reference.js';

/** A decaying chirp over noise: a wide dynamic range across frames and bins. */
function signal(length: number, seed = 1): Float32Array {
  const rng = seededRandom(seed);
  return Float32Array.from({ length }, (_, i) => 0.8 * Math.exp(-i / 40000) * Math.sin(0.002 * i + 1e-7 * i * i) + 0.01 * (rng() - 0.5));
}

/** The kernel's mel energies beside the Float64 frame-by-frame path's, for the same bank. */
function both(y: Float32Array, stft: Partial<StftOptions>, sr: number, nMels: number, power: number): { simd: Float32Array; f64: Float32Array } {
  const o = resolveStftOptions(stft);
  const bank = melFilterBank(sr, o.nFft, { nMels });
  const simd = simdMelFrames(y, o, frameCount(y.length, o), power, { pairs: binPairs(bank)!, rows: bank.rows });
  assert.ok(simd, `the SIMD kernel runs nFft ${o.nFft}`);
  const f64 = withoutKernels(['spectrum'], () => melFromSamples(y, stft, power, bank)).data;
  // melFromSamples itself takes the kernel when it may.
  assert.deepEqual(melFromSamples(y, stft, power, bank).data, simd);
  return { simd, f64 };
}

test('the SIMD mel spectrogram equals the Float64 one within 2e-6 of its peak: both first passes, odd frame counts, windows, padding, power 1 and 2', () => {
  const cases: [string, Partial<StftOptions>, number, number, number, number][] = [
    // name, options, samples, sr, nMels, power
    ['librosa default', { nFft: 2048, hopLength: 512 }, 66150, 22050, 128, 2],
    ['S1 melspec (radix-4 first)', { nFft: 2048, hopLength: 256 }, 22050, 22050, 192, 2],
    ['radix-2 first, 1 frame', { nFft: 1024, center: false }, 1024, 16000, 64, 2],
    ['2 frames', { nFft: 512, hopLength: 300, center: false }, 812, 16000, 40, 2],
    ['3 frames, reflect', { nFft: 4096, hopLength: 1000, padMode: 'reflect' }, 2500, 44100, 96, 2],
    ['5 frames, short window', { nFft: 64, hopLength: 16, winLength: 40, window: 'hamming' }, 70, 8000, 8, 2],
    ['energy (power 1)', { nFft: 2048, hopLength: 512 }, 30000, 22050, 128, 1],
  ];
  for (const [name, stft, length, sr, nMels, power] of cases) {
    const { simd, f64 } = both(signal(length), stft, sr, nMels, power);
    const err = relativeError(simd, f64);
    assert.ok(err < 2e-6, `${name}: relative error ${err}`);
  }
});

test('a signal longer than the kernel holds at once goes through in chunks with the same values', () => {
  // 1.1 M samples at hop 64: 17,188 frames, more than one chunk of the kernel's 2^20 samples.
  const { simd, f64 } = both(signal(1_100_000, 7), { nFft: 2048, hopLength: 64 }, 22050, 32, 2);
  assert.ok(relativeError(simd, f64) < 2e-6);
});

test('nFft that the kernel does not take falls back to the Float64 path', () => {
  const y = signal(5000);
  const bank = melFilterBank(22050, 551, { nMels: 40 });
  const pairs = binPairs(bank)!;
  const o = resolveStftOptions({ nFft: 551, hopLength: 512 });
  assert.equal(simdMelFrames(y, o, frameCount(y.length, o), 2, { pairs, rows: 40 }), null);
  const o16 = resolveStftOptions({ nFft: 16 });
  assert.equal(simdMelFrames(y, o16, frameCount(y.length, o16), 2, { pairs: binPairs(melFilterBank(22050, 16, { nMels: 2 }))!, rows: 2 }), null);
  assert.equal(simdMelFrames(y, resolveStftOptions({}), frameCount(y.length, {}), 3, { pairs: binPairs(melFilterBank(22050, 2048))!, rows: 128 }), null);
});
