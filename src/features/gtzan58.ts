/**
 * `gtzan58`: the GTZAN feature-table row of a clip (the `length` column and the 57 statistics of
 * `gtzan/features_30_sec.csv`, same names and order), computed as librosa 0.9.2 does with its
 * defaults at 22050 Hz (see `reference/generate.py`): mean and population variance over every
 * value of chroma_stft, rms, spectral centroid / bandwidth / rolloff, zero-crossing rate, the
 * HPSS harmonic and percussive waveforms, 20 MFCCs (per coefficient), and the tempo.
 *
 * Where librosa computes the STFT once per statistic, this computes it once (n_fft 2048, hop 512,
 * Hann, centred, zero padding) and shares it: its magnitude feeds centroid, bandwidth, rolloff
 * and HPSS, its power feeds chroma and the mel spectrogram, whose dB values feed both the MFCCs
 * and the onset strength behind the tempo (librosa computes that same dB mel twice). HPSS uses a
 * sliding-window median and one inverse STFT: the percussive waveform is y minus the harmonic
 * one, since the soft masks sum to 1 and the inverse STFT of the unmasked STFT is y.
 */
import { ParameterError } from '../errors.js';
import { chromaStft } from '../dsp/chroma.js';
import { powerToDb } from '../dsp/db.js';
import { harmonicMask } from '../dsp/hpss.js';
import { melFilterBank, melSpectrogram } from '../dsp/mel.js';
import { mfccFromLogMel } from '../dsp/mfcc.js';
import { onsetStrengthFromSpectrogram } from '../dsp/onset.js';
import { rms } from '../dsp/rms.js';
import { borrowFloat32, release } from '../dsp/scratch.js';
import { spectralBandwidth, spectralCentroid, spectralRolloff } from '../dsp/spectral.js';
import { forEachStftFrame, frameCount, istftMasked, type Spectrogram, type Spectrum } from '../dsp/stft.js';
import { estimateTempo } from '../dsp/tempo.js';
import { zeroCrossingRate } from '../dsp/zcr.js';
import type { FilterBank } from '../dsp/frame-matrix.js';
import { resolveParams } from './params.js';
import type { FeatureMatrix, Recipe, RecipeFactory } from './recipe.js';

/** The statistics in CSV order, without `length` (57 names). */
export const GTZAN57_NAMES: readonly string[] = [
  ...['chroma_stft', 'rms', 'spectral_centroid', 'spectral_bandwidth', 'rolloff', 'zero_crossing_rate', 'harmony', 'perceptr'].flatMap((n) => [
    `${n}_mean`,
    `${n}_var`,
  ]),
  'tempo',
  ...Array.from({ length: 20 }, (_, i) => [`mfcc${i + 1}_mean`, `mfcc${i + 1}_var`]).flat(),
];

/** `length` (samples) then the 57 statistics: the CSV columns between `filename` and `label`. */
export const GTZAN58_NAMES: readonly string[] = ['length', ...GTZAN57_NAMES];

export interface Gtzan58Params {
  /** Sample rate the samples are at, Hz (the CSV uses 22050). Default 22050. */
  sampleRate: number;
}

/** Defaults of the `gtzan58` recipe. */
export const GTZAN58_DEFAULTS: Readonly<Gtzan58Params> = { sampleRate: 22050 };

const N_FFT = 2048;
const HOP = 512;
const N_MFCC = 20;

/** Mean and population variance of every value, accumulated in Float64. */
function meanVar(x: ArrayLike<number>): [number, number] {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    sq += d * d;
  }
  return [mean, sq / n];
}

/**
 * `meanVar` of h and of y - h (the harmonic and percussive waveforms) in two passes over both,
 * without building y - h; each sum runs in the same order as `meanVar`'s.
 */
function harmonicPercussiveStats(y: Float32Array, h: Float32Array): [number, number, number, number] {
  const n = y.length;
  let sumH = 0;
  let sumP = 0;
  for (let j = 0; j < n; j++) {
    sumH += h[j];
    sumP += y[j] - h[j];
  }
  const meanH = sumH / n;
  const meanP = sumP / n;
  let sqH = 0;
  let sqP = 0;
  for (let j = 0; j < n; j++) {
    const dh = h[j] - meanH;
    const dp = y[j] - h[j] - meanP;
    sqH += dh * dh;
    sqP += dp * dp;
  }
  return [meanH, sqH / n, meanP, sqP / n];
}

/**
 * The shared STFT: complex values, magnitude and power, frames x 1025 bins, frame-major, in
 * borrowed scratch memory (`gtzan58Statistics` releases it once the statistics are taken).
 */
function sharedStft(y: Float32Array): { spec: Spectrum; mag: Spectrogram; power: Spectrogram } {
  const options = { nFft: N_FFT, hopLength: HOP };
  const frames = frameCount(y.length, options);
  const bins = N_FFT / 2 + 1;
  const n = frames * bins;
  const spec: Spectrum = { frames, bins, re: borrowFloat32(n), im: borrowFloat32(n) };
  const magData = borrowFloat32(n);
  const powData = borrowFloat32(n);
  forEachStftFrame(y, options, (t, fr, fi) => {
    const base = t * bins;
    spec.re.set(fr, base);
    spec.im.set(fi, base);
    for (let k = 0; k < bins; k++) {
      const p = fr[k] * fr[k] + fi[k] * fi[k];
      powData[base + k] = p;
      magData[base + k] = Math.sqrt(p);
    }
  });
  return {
    spec,
    mag: { frames, bins, nFft: N_FFT, power: 1, data: magData },
    power: { frames, bins, nFft: N_FFT, power: 2, data: powData },
  };
}

/**
 * The harmonic waveform of HPSS (kernel 31, power 2, margin 1): the masked STFT, inverted, in
 * borrowed scratch memory.
 */
function harmonicWaveform(spec: Spectrum, mag: Spectrogram, length: number): Float32Array {
  const mask = harmonicMask(mag.data, mag.frames, mag.bins, {}, borrowFloat32(mag.data.length));
  const harmony = istftMasked(spec, mask, { nFft: N_FFT, hopLength: HOP, length }, borrowFloat32(length));
  release(mask);
  return harmony;
}

/**
 * The 58 values of a GTZAN CSV row (`GTZAN58_NAMES` order) for mono samples at `sampleRate`.
 * `melBank` may pass a cached 128-band mel filter bank for (sampleRate, 2048).
 * Throws ParameterError for a signal shorter than 1024 samples (one STFT frame with padding).
 */
export function gtzan58Statistics(y: Float32Array, sampleRate = GTZAN58_DEFAULTS.sampleRate, melBank?: FilterBank): Float64Array {
  if (!(sampleRate > 0)) throw new ParameterError('sampleRate', `must be positive, got ${sampleRate}`);
  if (y.length < N_FFT / 2) throw new ParameterError('samples', `need at least ${N_FFT / 2} samples, got ${y.length}`);
  const sr = sampleRate;
  const { spec, mag, power } = sharedStft(y);
  const out = new Float64Array(58);
  let i = 0;
  const put = (x: ArrayLike<number>): void => {
    const [m, v] = meanVar(x);
    out[i++] = m;
    out[i++] = v;
  };
  out[i++] = y.length;
  put(chromaStft(power, { sr }).data);
  put(rms(y));
  const centroid = spectralCentroid(mag, { sr });
  put(centroid);
  put(spectralBandwidth(mag, { sr }, centroid));
  put(spectralRolloff(mag, { sr }));
  put(zeroCrossingRate(y));
  const harmony = harmonicWaveform(spec, mag, y.length);
  out.set(harmonicPercussiveStats(y, harmony), i);
  i += 4;
  release(harmony, spec.re, spec.im, mag.data);
  const mel = melSpectrogram(power, { sr }, melBank ?? melFilterBank(sr, N_FFT));
  release(power.data);
  const logMel = { frames: mel.frames, bins: mel.bins, data: powerToDb(mel.data) };
  out[i++] = estimateTempo(onsetStrengthFromSpectrogram(logMel.data, logMel.frames, logMel.bins, { nFft: N_FFT, hopLength: HOP }), {
    sampleRate: sr,
    hopLength: HOP,
  });
  const mfcc = mfccFromLogMel(logMel, N_MFCC);
  const column = new Float32Array(mfcc.frames);
  for (let c = 0; c < N_MFCC; c++) put(copyColumn(mfcc.data, N_MFCC, c, column));
  return out;
}

/**
 * Column c of a frames x width frame-major matrix into `column`. A function of its own so the
 * loop does not make V8 replace `gtzan58Statistics` on the stack (and deoptimise and recompile
 * it) on every clip.
 */
function copyColumn(data: Float32Array, width: number, c: number, column: Float32Array): Float32Array {
  for (let t = 0; t < column.length; t++) column[t] = data[t * width + c];
  return column;
}

function resolve(params: Partial<Gtzan58Params> = {}): Gtzan58Params {
  const p = resolveParams('gtzan58', GTZAN58_DEFAULTS, params);
  if (!(Number.isFinite(p.sampleRate) && p.sampleRate > 0)) throw new ParameterError('sampleRate', `must be a positive number of Hz, got ${p.sampleRate}`);
  return p;
}

/**
 * The `gtzan58` recipe: output shape [58], named by `GTZAN58_NAMES` (`length` first). Models on
 * the 57 statistics drop column 0.
 */
export const gtzan58: RecipeFactory<Gtzan58Params> = {
  id: 'gtzan58',
  description: 'GTZAN feature-table row: length + 57 librosa statistics (chroma, rms, spectral shape, zcr, HPSS, tempo, 20 MFCC means and variances)',
  defaults: GTZAN58_DEFAULTS,
  create(params?: Partial<Gtzan58Params>): Recipe<Gtzan58Params> {
    const p = resolve(params);
    const melBank = melFilterBank(p.sampleRate, N_FFT);
    return {
      id: 'gtzan58',
      params: p,
      sampleRate: p.sampleRate,
      outputShape: () => [58],
      compute(samples: Float32Array): FeatureMatrix {
        return { data: Float32Array.from(gtzan58Statistics(samples, p.sampleRate, melBank)), shape: [58], names: [...GTZAN58_NAMES] };
      },
    };
  },
};
