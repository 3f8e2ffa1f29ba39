/**
 * The frame-by-frame building blocks (used by `gtzan58` to compute everything in one STFT pass)
 * give exactly what the whole-spectrogram functions give: equality, not a tolerance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromaFilterBank, chromaStft, chromagram } from '../../src/dsp/chroma.js';
import { harmonicMask, harmonicMaskGivenPercussive } from '../../src/dsp/hpss.js';
import { withoutKernels } from '../../src/dsp/wasm.js';
import { LineMedianFilter, medianFilterAlongRows, medianFilterDownColumns, medianFilterLines } from '../../src/dsp/median.js';
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
  const down = medianFilterDownColumns(mag.data, frames, bins, 31);
  const expected = new Float32Array(frames * bins);
  for (let t = 0; t < frames; t++) for (let k = 0; k < bins; k++) expected[k * frames + t] = down[t * bins + k];
  assert.deepEqual(medianFilterLines(magT, bins, frames, 31, new Float32Array(magT.length)), expected);
  assert.deepEqual(medianFilterLines(magT, bins, frames, 31), expected, 'in place');
  assert.throws(() => new LineMedianFilter(0, 31), /length/);
  assert.throws(() => filter.apply(new Float32Array(10), byRow), /line/);
});

test('harmonicMaskGivenPercussive equals harmonicMask, with the median kernel (time median and mask in one pass) and without', () => {
  const mask = harmonicMaskGivenPercussive(mag.data, medianFilterAlongRows(mag.data, frames, bins, 31), frames, bins);
  assert.deepEqual(mask, harmonicMask(mag.data, frames, bins));
  const js = withoutKernels(['median'], () => harmonicMaskGivenPercussive(mag.data, medianFilterAlongRows(mag.data, frames, bins, 31), frames, bins));
  assert.deepEqual(js, mask);
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

