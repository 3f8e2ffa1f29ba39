/**
 * The frame-by-frame building blocks (used by `gtzan58` to compute everything in one STFT pass)
 * give exactly what the whole-spectrogram functions give: equality, not a tolerance.
 */
import { withoutKernels } from '../../src/dsp/wasm.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromaFilterBank, chromaStft, chromagram } from '../../src/dsp/chroma.js';
import { harmonicMask, harmonicMaskFromMedians } from '../../src/dsp/hpss.js';
import { LineMedianFilter, medianFilterAlongRows, medianFilterDownColumnsTransposed, medianFilterLines } from '../../src/dsp/median.js';
import { FilterBankFrames, melFilterBank, melSpectrogram } from '../../src/dsp/mel.js';
import { bandwidthOfFrame, centroidOfFrame, rolloffOfFrame, spectralBandwidth, spectralCentroid, spectralRolloff } from '../../src/dsp/spectral.js';
import { fftFrequencies } from '../../src/dsp/mel.js';
import { spectrogram } from '../../src/dsp/stft.js';
import { estimateTuning, TuningEstimator } from '../../src/dsp/tuning.js';
import { seededRandom } from '../../src/random.js';

/** 3 s of a detuned chord (A4 + 30 cents, C#5, E5) over noise, with a click every 0.5 s: peaks, onsets and ties. */
function signal(sr = 22050): Float32Array {
  let s = 12345;
  return Float32Array.from({ length: 3 * sr }, (_, i) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const t = i / sr;
    const f = 440 * 2 ** (0.3 / 12);
    const chord = Math.sin(2 * Math.PI * f * t) + 0.6 * Math.sin(2 * Math.PI * f * 2 ** (4 / 12) * t) + 0.4 * Math.sin(2 * Math.PI * f * 2 ** (7 / 12) * t);
    const click = i % (sr / 2) < 40 ? 0.8 : 0;
    return 0.2 * chord + click + 0.01 * (s / 2 ** 32 - 0.5);
  });
}

const sr = 22050;
const y = signal(sr);
const mag = spectrogram(y, { nFft: 2048 }, 1);
const power = spectrogram(y, { nFft: 2048 }, 2);
const { frames, bins } = mag;

test('LineMedianFilter row by row equals medianFilterAlongRows; medianFilterLines equals the transposed time median', () => {
  const filter = new LineMedianFilter(bins, 31);
  const byRow = new Float32Array(frames * bins);
  for (let t = 0; t < frames; t++) filter.apply(mag.data.subarray(t * bins, (t + 1) * bins), byRow, t * bins);
  assert.deepEqual(byRow, medianFilterAlongRows(mag.data, frames, bins, 31));

  const magT = new Float32Array(frames * bins);
  for (let t = 0; t < frames; t++) for (let k = 0; k < bins; k++) magT[k * frames + t] = mag.data[t * bins + k];
  const expected = medianFilterDownColumnsTransposed(mag.data, frames, bins, 31);
  assert.deepEqual(medianFilterLines(magT, bins, frames, 31, new Float32Array(magT.length)), expected);
  assert.deepEqual(medianFilterLines(magT, bins, frames, 31), expected, 'in place');
  assert.throws(() => new LineMedianFilter(0, 31), /length/);
  assert.throws(() => filter.apply(new Float32Array(10), byRow), /line/);
});

test('harmonicMaskFromMedians equals harmonicMask', () => {
  const harmT = medianFilterDownColumnsTransposed(mag.data, frames, bins, 31);
  const perc = medianFilterAlongRows(mag.data, frames, bins, 31);
  const mask = harmonicMaskFromMedians(harmT, perc, frames, bins);
  assert.deepEqual(mask, harmonicMask(mag.data, frames, bins));
  // The detuned chord is harmonic, the clicks percussive: the mask is not trivial.
  const mean = mask.reduce((a, b) => a + b, 0) / mask.length;
  assert.ok(mean > 0.2 && mean < 0.8, `mean mask ${mean}`);
});

test('TuningEstimator frame by frame equals estimateTuning, and finds the +30 cent detuning', () => {
  const estimator = new TuningEstimator(2048, bins, { sr });
  for (let t = 0; t < frames; t++) estimator.addFrame(power.data, t * bins);
  const tuning = estimator.estimate();
  assert.equal(tuning, estimateTuning(power, { sr }));
  // piptrack on 10.8 Hz bins: the estimate lands within a few hundredths of a chroma bin.
  assert.ok(Math.abs(tuning - 0.3) <= 0.05, `tuning ${tuning}`);
});

test('chromagram with the tuning given equals chromaStft estimating it', () => {
  const tuning = estimateTuning(power, { sr });
  assert.deepEqual(chromagram(power, sr, { tuning }), chromaStft(power, { sr }));
});

test('FilterBankFrames frame by frame equals melSpectrogram on the stored spectrogram', () => {
  const fb = melFilterBank(sr, 2048);
  const frameWise = new FilterBankFrames(fb);
  const out = new Float32Array(frames * fb.rows);
  for (let t = 0; t < frames; t++) frameWise.apply(power.data, t * bins, out, t * fb.rows);
  assert.deepEqual(out, melSpectrogram(power, { sr }, fb).data);
});

test('centroid, bandwidth and roll-off per frame equal the whole-spectrogram functions', () => {
  const freq = fftFrequencies(sr, 2048);
  const centroid = spectralCentroid(mag, { sr });
  const bandwidth = spectralBandwidth(mag, { sr }, centroid);
  const rolloff = spectralRolloff(mag, { sr });
  for (let t = 0; t < frames; t++) {
    assert.equal(Math.fround(centroidOfFrame(mag.data, t * bins, bins, freq)), centroid[t]);
    assert.equal(Math.fround(bandwidthOfFrame(mag.data, t * bins, bins, freq, centroid[t], 2, true)), bandwidth[t]);
    assert.equal(Math.fround(rolloffOfFrame(mag.data, t * bins, bins, freq, 0.85)), rolloff[t]);
  }
});

test('chromagram in the WebAssembly kernel equals the JavaScript bit for bit (n_fft 512 to 4096, 12 and 24 classes, silent frames)', () => {
  const rnd = seededRandom(99);
  for (const [nFft, nChroma, frames] of [
    [2048, 12, 130],
    [4096, 24, 70],
    [512, 12, 3],
  ] as const) {
    const bins = nFft / 2 + 1;
    const data = Float32Array.from({ length: frames * bins }, (_, i) => (Math.floor(i / bins) % 17 === 5 ? 0 : rnd() ** 4));
    const spec = { frames, bins, nFft, power: 2, data };
    const wasm = chromagram(spec, 22050, { tuning: -0.13, nChroma });
    const js = withoutKernels(['chroma'], () => chromagram(spec, 22050, { tuning: -0.13, nChroma }));
    assert.ok(Buffer.from(wasm.data.buffer).equals(Buffer.from(js.data.buffer)), `n_fft ${nFft}, ${nChroma} classes`);
  }
});

test('chromaFilterBank built in the WebAssembly kernel equals the JavaScript bit for bit (tunings, sizes, classes, no octave weighting, base A)', () => {
  for (const [sr, nFft, options] of [
    [22050, 2048, { tuning: 0 }],
    [22050, 2048, { tuning: -0.37 }],
    [44100, 4096, { tuning: 0.21, nChroma: 24 }],
    [8000, 512, { tuning: 0.05, octwidth: null, baseC: false }],
    [16000, 1024, { nChroma: 7, ctroct: 4 }],
  ] as const) {
    const wasm = chromaFilterBank(sr, nFft, options);
    const js = withoutKernels(['chroma'], () => chromaFilterBank(sr, nFft, options));
    const what = `${sr} Hz, n_fft ${nFft}, ${JSON.stringify(options)}`;
    assert.ok(Buffer.from(wasm.weights.buffer, wasm.weights.byteOffset, wasm.weights.byteLength).equals(Buffer.from(js.weights.buffer, js.weights.byteOffset, js.weights.byteLength)), what);
    assert.deepEqual([...wasm.start], [...js.start], what);
    assert.deepEqual([...wasm.end], [...js.end], what);
  }
});

test('the tuning estimate in the WebAssembly kernel equals the JavaScript (even and odd peak counts, ties, no pitched peak)', () => {
  const rnd = seededRandom(5);
  for (const [frames, bins, zeroEvery] of [
    [200, 1025, 0],
    [37, 1025, 3],
    [1, 513, 0],
    [50, 1025, 1],
  ] as const) {
    const a = new TuningEstimator(2 * (bins - 1), bins);
    const data = Float32Array.from({ length: frames * bins }, (_, i) => (zeroEvery && Math.floor(i / bins) % zeroEvery === 0 ? 0 : Math.round(rnd() * 8) / 8));
    for (let t = 0; t < frames; t++) a.addFrame(data, t * bins);
    assert.ok(Object.is(a.estimate(), withoutKernels(['tuning'], () => a.estimate())), `${frames} frames of ${bins}`);
  }
  const none = new TuningEstimator(2048, 1025);
  none.addFrame(new Float32Array(1025), 0);
  assert.equal(none.estimate(), 0);
  assert.equal(withoutKernels(['tuning'], () => none.estimate()), 0);
});
