/**
 * Properties of the scattering transform (there is no librosa reference): the filter banks cover
 * the band, energy is approximately preserved across orders, S1 barely changes under shifts much
 * smaller than T, and the averaging window has the configured width.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scatteringFilterBank, scatteringTransform, SCATTERING_DEFAULTS } from '../../src/dsp/scattering.js';
import { littlewoodPaley } from '../../src/dsp/scattering-filters.js';

const SR = SCATTERING_DEFAULTS.sampleRate;
const HOP = SCATTERING_DEFAULTS.hopLength;

function lpRange(fLo: number, fHi: number, log: boolean, which: 'first' | 'second'): { min: number; max: number } {
  const bank = scatteringFilterBank();
  let min = Infinity;
  let max = -Infinity;
  const steps = 50000;
  for (let i = 0; i <= steps; i++) {
    const f = log ? fLo * (fHi / fLo) ** (i / steps) : fLo + ((fHi - fLo) * i) / steps;
    const v = littlewoodPaley(f, bank[which], bank.phiSigmaHz);
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { min, max };
}

test('first-order bank covers [fMin, sr/2]: Littlewood-Paley sum between 0.5 and 1', (t) => {
  const { min, max } = lpRange(SCATTERING_DEFAULTS.fMinHz, SR / 2, true, 'first');
  t.diagnostic(`first order: LP in [${min.toFixed(3)}, ${max.toFixed(6)}] over [${SCATTERING_DEFAULTS.fMinHz}, ${SR / 2}] Hz`);
  assert.ok(min >= 0.5 && max <= 1 + 1e-6, `LP in [${min}, ${max}]`);
  const bank = scatteringFilterBank();
  // Q1 = 8 per octave: 8 centres in the top octave.
  assert.equal(bank.first.filter((w) => w.centerHz > SR / 4).length, 8);
});

test('second-order bank with phi covers [0, sr/2]: LP between 0.5 and ~1', (t) => {
  const { min, max } = lpRange(0, SR / 2, false, 'second');
  t.diagnostic(`second order with phi: LP in [${min.toFixed(3)}, ${max.toFixed(4)}] over [0, ${SR / 2}] Hz`);
  assert.ok(min >= 0.5 && max <= 1.01, `LP in [${min}, ${max}]`);
});

/** Deterministic noise in [-1, 1). */
function noise(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Sum over interior frames of the squared coefficients, per frame, and the frames used. */
function interiorEnergy(data: Float32Array, frames: number, width: number, skip: number): number {
  let e = 0;
  for (let t = skip; t < frames - skip; t++) for (let i = 0; i < width; i++) e += data[t * width + i] ** 2;
  return e / (frames - 2 * skip);
}

test('energy: a steady tone keeps LP(f0) of its power in S1 and next to none in S2', (t) => {
  const n = 12 * HOP;
  const f0 = 440;
  const x = Float32Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * f0 * i) / SR));
  const r = scatteringTransform(x);
  const bank = r.bank;
  const e1 = interiorEnergy(r.s1, r.frames, bank.first.length, 3);
  const e2 = interiorEnergy(r.s2, r.frames, bank.paths.length, 3);
  const expected = littlewoodPaley(f0, bank.first, bank.phiSigmaHz) * 0.5;
  t.diagnostic(`440 Hz tone: S1 keeps ${(e1 / 0.5).toFixed(4)} of the power (LP ${(expected / 0.5).toFixed(4)}), S2 ${(e2 / 0.5).toExponential(2)}`);
  assert.ok(Math.abs(e1 / expected - 1) < 0.02, `S1 power ${e1}, expected ${expected}`);
  assert.ok(e2 < 0.01 * e1, `S2 power ${e2} vs S1 ${e1}`);
});

test('energy: an amplitude-modulated tone moves its modulation energy to S2; orders together keep 50-100 %', (t) => {
  const n = 16 * HOP;
  const x = Float32Array.from({ length: n }, (_, i) => (1 + 0.8 * Math.cos((2 * Math.PI * 4 * i) / SR)) * Math.cos((2 * Math.PI * 1000 * i) / SR));
  let power = 0;
  for (const v of x) power += v * v;
  power /= n;
  const r = scatteringTransform(x);
  const e1 = interiorEnergy(r.s1, r.frames, r.bank.first.length, 3) / power;
  const e2 = interiorEnergy(r.s2, r.frames, r.bank.paths.length, 3) / power;
  t.diagnostic(`AM tone: S1 keeps ${e1.toFixed(3)} of the power, S2 ${e2.toFixed(3)}, together ${(e1 + e2).toFixed(3)}`);
  assert.ok(e2 > 0.1, `S2 keeps ${e2} of the power`);
  assert.ok(e1 + e2 > 0.5 && e1 + e2 <= 1.0, `S1 + S2 keep ${e1 + e2} (S1 ${e1}, S2 ${e2})`);
});

function relativeDifference(a: Float32Array, b: Float32Array, frames: number, width: number, skip: number): number {
  let d = 0;
  let e = 0;
  for (let t = skip; t < frames - skip; t++) {
    for (let i = 0; i < width; i++) {
      d += (a[t * width + i] - b[t * width + i]) ** 2;
      e += a[t * width + i] ** 2;
    }
  }
  return Math.sqrt(d / e);
}

test('S1 is nearly invariant to a shift much smaller than T, not to a shift of T', (t) => {
  const n = 20 * HOP;
  const base = noise(n + 2 * SR, 5);
  // Noise bursts with a slowly varying envelope (events every ~0.37 s).
  const sig = (shift: number): Float32Array =>
    Float32Array.from({ length: n }, (_, i) => {
      const j = i - shift + SR;
      return base[j] * (0.2 + Math.max(0, Math.sin((2 * Math.PI * j) / (0.37 * SR))) ** 4);
    });
  const r0 = scatteringTransform(sig(0));
  const width = r0.bank.first.length;
  const small = relativeDifference(r0.s1, scatteringTransform(sig(16)).s1, r0.frames, width, 3);
  const large = relativeDifference(r0.s1, scatteringTransform(sig(Math.round(0.74 * SR * 0.25))).s1, r0.frames, width, 3);
  t.diagnostic(`relative change of S1: 1 ms shift ${small.toExponential(2)}, T/4 shift ${large.toExponential(2)}`);
  assert.ok(small < 0.03, `1 ms shift changes S1 by ${small}`);
  assert.ok(large > 5 * small, `T/4 shift changes S1 by ${large}, 1 ms by ${small}`);
});

test('averaging scale: the response to a click spreads over frames with standard deviation T / 4', (t) => {
  for (const [averagingSeconds, hopLength] of [
    [0.74, 4096],
    [0.37, 1024],
  ] as const) {
    const n = 64 * hopLength;
    const click = 32 * hopLength;
    const x = new Float32Array(n);
    x[click] = 1;
    const r = scatteringTransform(x, { averagingSeconds, hopLength });
    const width = r.bank.first.length;
    // The channel nearest 1 kHz: its wavelet is far shorter than phi. (The top wavelet, cut at
    // the Nyquist frequency, has slowly decaying tails.)
    const ch = r.bank.first.reduce((best, wv, i) => (Math.abs(wv.centerHz - 1000) < Math.abs(r.bank.first[best].centerHz - 1000) ? i : best), 0);
    let w = 0;
    let m1 = 0;
    let m2 = 0;
    for (let f = 0; f < r.frames; f++) {
      const v = r.s1[f * width + ch];
      const dt = f * hopLength - click;
      w += v;
      m1 += v * dt;
      m2 += v * dt * dt;
    }
    const std = Math.sqrt(m2 / w - (m1 / w) ** 2) / SR;
    t.diagnostic(`T = ${averagingSeconds} s: click response std ${std.toFixed(4)} s (T/4 = ${(averagingSeconds / 4).toFixed(4)} s)`);
    assert.ok(Math.abs(std / (averagingSeconds / 4) - 1) < 0.02, `T=${averagingSeconds}: std ${std} s, expected ${averagingSeconds / 4} s`);
  }
});
