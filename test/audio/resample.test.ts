/**
 * The resampler against (1) a numpy transcription of resampy's kaiser_best resampler
 * (fixtures/resampy_kaiser_best.py wrote fixtures/resampy-kaiser-best.json), (2) the librosa
 * reference arrays in ../shared/data/reference/signals.json.gz, (3) analytic sines.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { ParameterError } from '../../src/errors.js';
import { resample, resampledLength } from '../../src/audio/index.js';
import { projectRoot, sharedData } from '../helpers/shared-data.js';
import { maxAbsDiff } from './helpers.js';

interface SignalsFile {
  signals: Record<string, { samples?: number[]; sr: number; arrays: Record<string, number[]> }>;
}

function readSignals(path: string): SignalsFile {
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as SignalsFile;
}

test('matches a numpy transcription of resampy kaiser_best to float32 precision (tolerance 1e-6)', (t) => {
  const path = sharedData(t, 'reference', 'signals.json.gz');
  if (!path) return;
  const fixture = JSON.parse(readFileSync(join(projectRoot, 'test', 'audio', 'fixtures', 'resampy-kaiser-best.json'), 'utf8')) as {
    sr: number;
    resampled: Record<string, number[]>;
  };
  const input = Float32Array.from(readSignals(path).signals['white_noise_0.1_3s'].samples!.slice(0, 2205));
  for (const [rate, expected] of Object.entries(fixture.resampled)) {
    const actual = resample(input, fixture.sr, Number(rate));
    assert.equal(actual.length, expected.length, `length at ${rate} Hz`);
    const err = maxAbsDiff(actual, expected);
    t.diagnostic(`22050 -> ${rate} Hz: max abs difference ${err.toExponential(2)}`);
    assert.ok(err < 1e-6, `22050 -> ${rate}: ${err}`);
  }
});

// resampy 0.4 re-tuned 'kaiser_best' (50 zeros, precision 13, beta 12.9846, rolloff 0.917347);
// the older table (64 zeros, rolloff 0.9476) misses these arrays by up to 3e-2 on white noise.
test('parity with librosa.resample reference arrays (tolerance 1e-3)', (t) => {
  const path = sharedData(t, 'reference', 'signals.json.gz');
  if (!path) return;
  let worst = 0;
  for (const [name, signal] of Object.entries(readSignals(path).signals)) {
    if (!signal.samples) continue;
    const x = Float32Array.from(signal.samples);
    for (const rate of [16000, 4000]) {
      const expected = signal.arrays[`resample_to_${rate}[first_4096_samples]`];
      const err = maxAbsDiff(resample(x, signal.sr, rate), expected);
      t.diagnostic(`${name} -> ${rate} Hz: max abs difference ${err.toExponential(3)}`);
      worst = Math.max(worst, err);
    }
  }
  assert.ok(worst <= 1e-3, `worst max abs difference ${worst}`);
});

test('output length is ceil(n * to / from), equal rates copy, bad rates are ParameterErrors', () => {
  const x = new Float32Array(66150).fill(0.25);
  assert.equal(resample(x, 22050, 4000).length, 12000);
  assert.equal(resample(x.subarray(0, 1001), 22050, 16000).length, Math.ceil((1001 * 16000) / 22050));
  assert.equal(resampledLength(1001, 22050, 16000), 727);
  const same = resample(x, 22050, 22050);
  assert.notEqual(same, x);
  assert.deepEqual(same, x);
  assert.throws(() => resample(x, 0, 16000), ParameterError);
  assert.throws(() => resample(x, 22050, -1), ParameterError);
  assert.throws(() => resample(x.subarray(0, 2), 22050, 4000), ParameterError);
});

test('band-limited sines keep frequency and phase; gain within resampy kaiser_best tolerance', () => {
  const sine = (rate: number, hz: number, n: number) => Float32Array.from({ length: n }, (_, i) => 0.8 * Math.sin((2 * Math.PI * hz * i) / rate));
  // resampy steps through its filter table in whole entries (int(scale * 512)), which stretches
  // the kernel when downsampling to a rate that does not divide evenly: the gain wobbles
  // between 1 and 512 * scale / int(512 * scale) (1.0096 for 22050 -> 4000, 1.0014 for 16000).
  const cases: Array<[from: number, to: number, hz: number, tolerance: number]> = [
    [22050, 4000, 440, 0.8 * 0.0096 + 1e-3],
    [22050, 16000, 3000, 0.8 * 0.0014 + 1e-3],
    [8000, 22050, 1000, 1e-3],
    [44100, 22050, 5000, 1e-3],
  ];
  for (const [from, to, hz, tolerance] of cases) {
    const y = resample(sine(from, hz, from), from, to);
    // Skip 0.1 s at each end, where the filter reaches past the signal.
    const err = maxAbsDiff(y, sine(to, hz, y.length), Math.round(to / 10), y.length - Math.round(to / 10));
    assert.ok(err < tolerance, `${from} -> ${to} Hz, ${hz} Hz sine: ${err} >= ${tolerance}`);
  }
});

test('content above the new Nyquist frequency is removed (below -60 dB)', () => {
  const x = Float32Array.from({ length: 22050 }, (_, i) => Math.sin((2 * Math.PI * 3000 * i) / 22050));
  const y = resample(x, 22050, 4000);
  const inner = y.subarray(400, y.length - 400);
  const peak = inner.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(peak < 1e-3, `3 kHz tone leaks through a 4 kHz resampler at ${peak}`);
});
