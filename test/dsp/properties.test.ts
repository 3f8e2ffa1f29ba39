/** Property tests of the spectral features on synthetic signals with known answers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chromaFilterBank,
  chromaStft,
  dctMatrix,
  estimateTuning,
  hzToMel,
  melFilterBank,
  melToHz,
  mfcc,
  powerToDb,
  rms,
  spectralBandwidth,
  spectralCentroid,
  spectralRolloff,
  spectrogram,
  zeroCrossingRate,
} from '../../src/dsp/index.js';

const SR = 22050;
const tone = (hz: number, seconds = 1, amp = 1) => Float32Array.from({ length: Math.round(seconds * SR) }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / SR));

test("a chirp's spectral centroid and rolloff rise frame by frame", () => {
  const n = 3 * SR;
  // Linear sweep 200 Hz -> 6000 Hz.
  const y = Float32Array.from({ length: n }, (_, i) => {
    const t = i / SR;
    return Math.sin(2 * Math.PI * (200 * t + ((6000 - 200) / (2 * 3)) * t * t));
  });
  const c = spectralCentroid(y);
  const r = spectralRolloff(y);
  for (let t = 3; t < c.length - 3; t++) {
    assert.ok(c[t] > c[t - 1], `centroid falls at frame ${t}: ${c[t - 1]} -> ${c[t]}`);
    assert.ok(r[t] >= r[t - 1], `rolloff falls at frame ${t}`);
  }
  // Mid-clip instantaneous frequency 200 + 5800 * 1.5 / 3 = 3100 Hz.
  const mid = Math.floor(c.length / 2);
  assert.ok(Math.abs(c[mid] - 3100) < 30, `centroid ${c[mid]}`);
});

test('a pure tone: centroid at its frequency, narrow bandwidth, rolloff just above it', () => {
  const y = tone(1000);
  const S = spectrogram(y, { nFft: 2048, hopLength: 512 });
  const c = spectralCentroid(S);
  const bw = spectralBandwidth(S, {}, c);
  const r = spectralRolloff(S);
  const t = 10;
  assert.ok(Math.abs(c[t] - 1000) < 1, `centroid ${c[t]}`);
  assert.ok(bw[t] > 0 && bw[t] < 40, `bandwidth ${bw[t]}`);
  assert.ok(r[t] >= 1000 && r[t] < 1000 + 2 * (SR / 2048), `rolloff ${r[t]}`);
  // The same statistics from samples and from the shared spectrogram agree exactly.
  assert.deepEqual(spectralCentroid(y), c);
});

test('zero-crossing rate of a sine is 2 f / sr; RMS is amplitude / sqrt(2)', () => {
  const y = tone(441, 1, 0.8);
  const z = zeroCrossingRate(y);
  const r = rms(y);
  const t = 20;
  assert.ok(Math.abs(z[t] - (2 * 441) / SR) < 1.5 / 2048, `zcr ${z[t]}`);
  assert.ok(Math.abs(r[t] - 0.8 / Math.SQRT2) < 1e-3, `rms ${r[t]}`);
  assert.equal(z.length, 1 + Math.floor(y.length / 512));
});

/** librosa's zero_crossing_rate written out: edge-pad, frame, count sign changes after each frame's first sample. */
function zcrReference(y: Float32Array, frameLength: number, hop: number, center: boolean, thr: number): Float32Array {
  const pad = center ? frameLength >> 1 : 0;
  const x = Float32Array.from({ length: y.length + 2 * pad }, (_, i) => y[Math.min(Math.max(i - pad, 0), y.length - 1)]);
  const neg = (v: number) => (Math.abs(v) <= thr ? false : v < 0 || Object.is(v, -0));
  const frames = 1 + Math.floor((x.length - frameLength) / hop);
  return Float32Array.from({ length: frames }, (_, t) => {
    let count = 0;
    for (let i = t * hop + 1; i < t * hop + frameLength; i++) if (neg(x[i]) !== neg(x[i - 1])) count++;
    return count / frameLength;
  });
}

test("zero-crossing rate equals librosa's definition written out: hop-block counts (frames of whole hops) and running totals (the rest), zeros, -0 and the threshold", () => {
  let s = 3;
  const y = Float32Array.from({ length: 9000 }, (_, i) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const v = s / 2 ** 32 - 0.5;
    return i % 97 === 0 ? 0 : i % 89 === 0 ? -0 : i % 83 === 0 ? 1e-11 * Math.sign(v) : v;
  });
  for (const [frameLength, hop, center] of [[2048, 512, true], [2048, 512, false], [1024, 256, true], [2048, 500, true], [1000, 300, true], [64, 64, true], [8192, 512, true]] as const) {
    for (const yy of [y, y.subarray(0, 700), y.subarray(0, 1)]) {
      if (yy.length + (center ? 2 * (frameLength >> 1) : 0) < frameLength) continue;
      assert.deepEqual(zeroCrossingRate(yy, { frameLength, hopLength: hop, center }), zcrReference(yy, frameLength, hop, center, 1e-10), `${frameLength}/${hop}/${center}, ${yy.length} samples`);
    }
  }
});

test('mel scale: Slaney is linear below 1 kHz, HTK is 2595 log10(1 + f/700); both invert', () => {
  assert.ok(Math.abs(hzToMel(600) - 9) < 1e-12);
  assert.ok(Math.abs(hzToMel(1000) - 15) < 1e-12);
  assert.ok(Math.abs(hzToMel(1000, true) - 2595 * Math.log10(1 + 1000 / 700)) < 1e-9);
  for (const f of [0, 100, 999, 1000, 4000, 11025]) {
    assert.ok(Math.abs(melToHz(hzToMel(f)) - f) < 1e-9);
    assert.ok(Math.abs(melToHz(hzToMel(f, true), true) - f) < 1e-9);
  }
});

test('mel filter bank: triangles with Slaney area normalisation cover the band', () => {
  const fb = melFilterBank(SR, 2048, { nMels: 40 });
  assert.equal(fb.rows, 40);
  assert.equal(fb.bins, 1025);
  const binHz = SR / 2048;
  for (let r = 0; r < fb.rows; r++) {
    assert.ok(fb.end[r] > fb.start[r], `band ${r} is empty`);
    // Area in Hz of a Slaney-normalised triangle is 1 (2 / width * width / 2).
    let area = 0;
    for (let k = fb.start[r]; k < fb.end[r]; k++) area += fb.weights[r * fb.bins + k] * binHz;
    assert.ok(Math.abs(area - 1) < 0.15, `band ${r} area ${area}`);
  }
  // Every bin below fmax belongs to some band.
  const covered = new Uint8Array(fb.bins);
  for (let r = 0; r < fb.rows; r++) for (let k = fb.start[r]; k < fb.end[r]; k++) covered[k] = 1;
  for (let k = 1; k < fb.bins - 1; k++) assert.equal(covered[k], 1, `bin ${k}`);
});

test('power_to_db: 10 log10 with amin and top_db clipping; ref max puts the peak at 0 dB', () => {
  assert.deepEqual(Array.from(powerToDb([1, 10, 100, 0])), [0, 10, 20, -60]);
  assert.deepEqual(Array.from(powerToDb([1, 100, 1e-20], { ref: 'max', topDb: null })), [-20, 0, -120]);
});

test('DCT-II orthonormal matrix is orthogonal', () => {
  const n = 16;
  const m = dctMatrix(n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += m[a * n + j] * m[b * n + j];
      assert.ok(Math.abs(dot - (a === b ? 1 : 0)) < 1e-12);
    }
  }
});

test('MFCC C0 follows loudness: a louder tone has a larger C0, the other coefficients shift less', () => {
  const quiet = mfcc(tone(500, 1, 0.1));
  const loud = mfcc(tone(500, 1, 1));
  const t = 10;
  // 20 dB louder raises every mel band by 20 dB, so C0 rises by 20 * sqrt(128) and the rest stay.
  assert.ok(Math.abs(loud.data[t * 20] - quiet.data[t * 20] - 20 * Math.sqrt(128)) < 1);
  for (let k = 1; k < 20; k++) assert.ok(Math.abs(loud.data[t * 20 + k] - quiet.data[t * 20 + k]) < 0.5);
});

test('chroma of a C major chord peaks at C, E and G; an A440 tone has tuning 0 and a detuned one not', () => {
  const n = 2 * SR;
  const y = Float32Array.from({ length: n }, (_, i) => [261.63, 329.63, 392.0].reduce((s, f) => s + Math.sin((2 * Math.PI * f * i) / SR), 0) / 3);
  const c = chromaStft(y);
  assert.equal(c.bins, 12);
  const t = 20;
  const frame = Array.from(c.data.subarray(t * 12, t * 12 + 12));
  const top3 = frame.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, 3).map((p) => p[1]).sort((a, b) => a - b);
  assert.deepEqual(top3, [0, 4, 7]);
  assert.equal(Math.max(...frame), 1);
  // Parabolic peak interpolation on a Hann power spectrum is biased by a few cents.
  const inTune = estimateTuning(spectrogram(tone(440, 2), {}, 2));
  assert.ok(Math.abs(inTune) <= 0.03, `tuning ${inTune}`);
  // 440 * 2^(0.3/12): 30 cents sharp.
  const sharp = estimateTuning(spectrogram(tone(440 * 2 ** (0.3 / 12), 2), {}, 2));
  assert.ok(Math.abs(sharp - 0.3) <= 0.05, `tuning ${sharp}`);
  const fb = chromaFilterBank(SR, 2048);
  assert.equal(fb.rows, 12);
  assert.equal(fb.bins, 1025);
});
