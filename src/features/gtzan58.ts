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
import { kernelEnabled } from '../dsp/wasm.js';
import { ParameterError } from '../errors.js';
import { chromagram } from '../dsp/chroma.js';
import { powerToDb } from '../dsp/db.js';
import { harmonicMaskGivenPercussive } from '../dsp/hpss.js';
import { LineMedianFilter } from '../dsp/median.js';
import { fftFrequencies, FilterBankFrames, melFilterBank } from '../dsp/mel.js';
import { mfccFromLogMel } from '../dsp/mfcc.js';
import { onsetStrengthFromSpectrogram } from '../dsp/onset.js';
import { rms, rmsFromBlockSums } from '../dsp/rms.js';
import { borrowFloat32, release } from '../dsp/scratch.js';
import { bandwidthOfFrame, centroidOfFrame, rolloffOfFrame } from '../dsp/spectral.js';
import { forEachStftFrame, frameCount, istftMasked, type Spectrogram, type Spectrum } from '../dsp/stft.js';
import { estimateTempo } from '../dsp/tempo.js';
import { TuningEstimator } from '../dsp/tuning.js';
import { zeroCrossingRate } from '../dsp/zcr.js';
import type { FilterBank } from '../dsp/frame-matrix.js';
import { gtzanFramesInWasm, melStatisticsInWasm } from './gtzan58-frames.js';
import { resolveParams } from '../params.js';
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
const MEL_BANDS = 128;
/** HPSS median kernel, frames and bins (librosa's default). */
const HPSS_KERNEL = 31;
/** spectral_rolloff's default roll_percent. */
const ROLL_PERCENT = 0.85;

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
 * Mean and population variance of h and of y - h (the harmonic and percussive waveforms) in one
 * pass over both, without building y - h: Float64 sums of the values and of their squares
 * (variance = mean of squares - squared mean; for audio the mean is far smaller than the spread,
 * so this loses nothing a Float64 two-pass sum would keep at Float32 output precision).
 */
function harmonicPercussiveStats(y: Float32Array, h: Float32Array): [number, number, number, number] {
  const n = y.length;
  const sums = new Float64Array(4);
  sumsOfHarmonicPercussive(y, h, sums);
  const meanH = sums[0] / n;
  const meanP = sums[2] / n;
  return [meanH, Math.max(sums[1] / n - meanH * meanH, 0), meanP, Math.max(sums[3] / n - meanP * meanP, 0)];
}

/** sums = [sum h, sum h^2, sum (y - h), sum (y - h)^2]. A function of its own: V8 optimises it once, with the feedback of a whole call. */
function sumsOfHarmonicPercussive(y: Float32Array, h: Float32Array, sums: Float64Array): void {
  let sumH = 0;
  let sqH = 0;
  let sumP = 0;
  let sqP = 0;
  for (let j = 0; j < y.length; j++) {
    const hj = h[j];
    const pj = y[j] - hj;
    sumH += hj;
    sqH += hj * hj;
    sumP += pj;
    sqP += pj * pj;
  }
  sums[0] = sumH;
  sums[1] = sqH;
  sums[2] = sumP;
  sums[3] = sqP;
}

/** What one pass over the STFT frames leaves for the statistics that need every frame at once. */
interface SpectralPass {
  /** The complex STFT, frames x 1025 (for the inverse STFT of the harmonic part). */
  spec: Spectrum;
  /** |STFT|^2, frames x 1025 (for the chromagram, once the tuning is known). */
  power: Spectrogram;
  /** |STFT|, frames x 1025 (for the time median of HPSS). */
  mag: Float32Array;
  /** The frequency median (31 bins) of |STFT|, frames x 1025 (HPSS's percussive estimate). */
  percMedian: Float32Array;
  centroid: Float32Array;
  bandwidth: Float32Array;
  rolloff: Float32Array;
  /** 128-band mel power spectrogram, frames x 128. */
  mel: Float32Array;
  /** librosa `estimate_tuning` of the power spectrogram, fractions of a chroma bin. */
  tuning: number;
  /**
   * Filled when the WebAssembly pass also gives rms (frame length n_fft, hop, centred with zeros,
   * as librosa's defaults for n_fft 2048, hop 512): the sums of squares of each hop of padded
   * samples, frames - 1 + n_fft / hop of them (`rmsFromBlockSums` finishes it).
   */
  rmsBlocks?: Float64Array;
}

/**
 * One STFT (n_fft 2048, hop 512, Hann, centred, zero padding) shared by every statistic: while
 * each frame is in cache it yields the spectral shape values, the mel bands, the tuning peaks and
 * the frequency median, so only the arrays needed later are stored (in borrowed scratch memory,
 * which `gtzan58Statistics` releases). One pass instead of seven over 5 MB arrays: less memory
 * traffic, which is what two workers on two cores compete for.
 */
function spectralPass(y: Float32Array, sr: number, melBank: FilterBank): SpectralPass {
  const options = { nFft: N_FFT, hopLength: HOP };
  const frames = frameCount(y.length, options);
  const bins = N_FFT / 2 + 1;
  const n = frames * bins;
  const spec: Spectrum = { frames, bins, re: borrowFloat32(n), im: borrowFloat32(n) };
  const power = borrowFloat32(n);
  const mag = borrowFloat32(n);
  const percMedian = borrowFloat32(n);
  const centroid = new Float32Array(frames);
  const bandwidth = new Float32Array(frames);
  const rolloff = new Float32Array(frames);
  const mel = new Float32Array(frames * melBank.rows);
  const freq = fftFrequencies(sr, N_FFT);
  const magRow = new Float32Array(bins);
  const tuning = new TuningEstimator(N_FFT, bins, { sr });
  const melFrames = new FilterBankFrames(melBank);
  const freqMedian = new LineMedianFilter(bins, HPSS_KERNEL);
  const state: FrameState = { spec, power, mag, percMedian, centroid, bandwidth, rolloff, mel, freq, magRow, tuning, melFrames, freqMedian, frames, melRows: melBank.rows };
  if (!kernelEnabled('frames') || !gtzanFramesInWasm(y, N_FFT, HOP, melBank, ROLL_PERCENT, HPSS_KERNEL, state)) forEachStftFrame(y, options, (t, fr, fi) => visitFrame(state, t, fr, fi));
  return {
    spec,
    power: { frames, bins, nFft: N_FFT, power: 2, data: power },
    mag,
    percMedian,
    centroid,
    bandwidth,
    rolloff,
    mel,
    tuning: tuning.estimate(),
    rmsBlocks: state.rmsBlocks,
  };
}

/** What `visitFrame` (or the WebAssembly pass, gtzan58-frames.ts) fills, frame by frame: the arrays of `SpectralPass`, and its tools. */
export interface FrameState extends Omit<SpectralPass, 'power' | 'tuning'> {
  power: Float32Array;
  /** Frequencies of the bins, Hz. */
  freq: Float64Array;
  /** Scratch: this frame's magnitudes. */
  magRow: Float32Array;
  tuning: TuningEstimator;
  melFrames: FilterBankFrames;
  freqMedian: LineMedianFilter;
  frames: number;
  melRows: number;
}

/**
 * Everything `spectralPass` takes from frame t (bins fr + i fi). A module-level function rather
 * than the closure given to forEachStftFrame, so that V8 compiles it once for all clips.
 */
function visitFrame(s: FrameState, t: number, fr: Float64Array, fi: Float64Array): void {
  const bins = s.magRow.length;
  const base = t * bins;
  s.spec.re.set(fr, base);
  s.spec.im.set(fi, base);
  powerAndMagnitude(fr, fi, s.power, base, s.magRow, s.mag);
  s.centroid[t] = centroidOfFrame(s.magRow, 0, bins, s.freq);
  // spectral_bandwidth reads the centroid as librosa stores it, in float32.
  s.bandwidth[t] = bandwidthOfFrame(s.magRow, 0, bins, s.freq, s.centroid[t], 2, true);
  s.rolloff[t] = rolloffOfFrame(s.magRow, 0, bins, s.freq, ROLL_PERCENT);
  s.tuning.addFrame(s.power, base);
  s.melFrames.apply(s.power, base, s.mel, t * s.melRows);
  s.freqMedian.apply(s.magRow, s.percMedian, base);
}

/** One frame's power into power[base ..] and magnitude into `magRow` and mag[base ..]. */
function powerAndMagnitude(fr: Float64Array, fi: Float64Array, power: Float32Array, base: number, magRow: Float32Array, mag: Float32Array): void {
  for (let k = 0; k < magRow.length; k++) {
    const p = fr[k] * fr[k] + fi[k] * fi[k];
    power[base + k] = p;
    const m = Math.sqrt(p);
    magRow[k] = m;
    mag[base + k] = m;
  }
}

/**
 * The harmonic waveform of HPSS (kernel 31, power 2, margin 1): the time median of the
 * magnitudes, the soft mask against the frequency median (written over it), the masked STFT
 * inverted into borrowed scratch memory.
 */
function harmonicWaveform(pass: SpectralPass, length: number): Float32Array {
  const { spec, mag, percMedian } = pass;
  const mask = harmonicMaskGivenPercussive(mag, percMedian, spec.frames, spec.bins, { kernelSize: HPSS_KERNEL });
  return istftMasked(spec, mask, { nFft: N_FFT, hopLength: HOP, length }, borrowFloat32(length));
}

/**
 * The 58 values of a GTZAN CSV row (`GTZAN58_NAMES` order) for mono samples at `sampleRate`.
 * `melBank` may pass a cached 128-band mel filter bank for (sampleRate, 2048). The pass over the
 * STFT frames, the chroma filtering, the inverse STFT and the tempo's window sums run in the
 * WebAssembly kernels when they are built (the same values bit for bit; `withoutKernels` in
 * dsp/wasm.ts switches them off for comparison), else in JavaScript.
 * Throws ParameterError for a signal shorter than 1024 samples (one STFT frame with padding).
 */
export function gtzan58Statistics(y: Float32Array, sampleRate = GTZAN58_DEFAULTS.sampleRate, melBank?: FilterBank): Float64Array {
  if (!(sampleRate > 0)) throw new ParameterError('sampleRate', `must be positive, got ${sampleRate}`);
  if (y.length < N_FFT / 2) throw new ParameterError('samples', `need at least ${N_FFT / 2} samples, got ${y.length}`);
  const sr = sampleRate;
  const pass = spectralPass(y, sr, melBank ?? melFilterBank(sr, N_FFT));
  const out = new Float64Array(58);
  let i = 0;
  const put = (x: ArrayLike<number>): void => {
    const [m, v] = meanVar(x);
    out[i++] = m;
    out[i++] = v;
  };
  out[i++] = y.length;
  put(chromagram(pass.power, sr, { tuning: pass.tuning }).data);
  put(pass.rmsBlocks ? rmsFromBlockSums(pass.rmsBlocks, N_FFT / HOP, N_FFT) : rms(y));
  put(pass.centroid);
  put(pass.bandwidth);
  put(pass.rolloff);
  put(zeroCrossingRate(y));
  const harmony = harmonicWaveform(pass, y.length);
  out.set(harmonicPercussiveStats(y, harmony), i);
  i += 4;
  release(harmony, pass.spec.re, pass.spec.im, pass.power.data, pass.mag, pass.percMedian);
  const frames = pass.spec.frames;
  const tempoOptions = { sampleRate: sr, hopLength: HOP };
  const inWasm = kernelEnabled('melStats') ? melStatisticsInWasm(pass.mel, frames, MEL_BANDS, N_MFCC, N_FFT, HOP) : null;
  if (inWasm) {
    out[i++] = estimateTempo(inWasm.onsetEnvelope, tempoOptions);
    out.set(inWasm.mfccStats, i);
    return out;
  }
  const logMel = { frames, bins: MEL_BANDS, data: powerToDb(pass.mel) };
  out[i++] = estimateTempo(onsetStrengthFromSpectrogram(logMel.data, logMel.frames, logMel.bins, { nFft: N_FFT, hopLength: HOP }), tempoOptions);
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
  const p = resolveParams("recipe 'gtzan58'", GTZAN58_DEFAULTS, params);
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
