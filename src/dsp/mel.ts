/**
 * Mel scale, mel filter banks and mel spectrograms, as librosa 0.9.2 (`hz_to_mel`,
 * `mel_frequencies`, `filters.mel`, `feature.melspectrogram`).
 */
import { ParameterError } from '../errors.js';
import { applyFilterBank, sparseFilterBank, type FilterBank, type FrameMatrix } from './frame-matrix.js';
import { keepClassAlive } from './scratch.js';
import { forEachStftFrame, frameCount, resolveStftOptions, spectrogramOf, type Spectrogram, type StftOptions } from './stft.js';
import { simdMelFrames } from './mel-simd.js';

// Slaney's Auditory Toolbox scale: linear below 1 kHz, logarithmic above.
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOGSTEP = Math.log(6.4) / 27;

/** Hz to mel: Slaney (default) or HTK (2595 log10(1 + f/700)). */
export function hzToMel(hz: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + hz / 700);
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP : hz / F_SP;
}

/** Mel to Hz, the inverse of `hzToMel`. */
export function melToHz(mel: number, htk = false): number {
  if (htk) return 700 * (10 ** (mel / 2595) - 1);
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** numpy.linspace(start, stop, num) with endpoint: start + i * step, the last point exactly stop. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** `n` frequencies in Hz evenly spaced on the mel scale from fmin to fmax (librosa `mel_frequencies`). */
export function melFrequencies(n: number, fmin: number, fmax: number, htk = false): Float64Array {
  return linspace(hzToMel(fmin, htk), hzToMel(fmax, htk), n).map((m) => melToHz(m, htk));
}

/** Centre frequency in Hz of each FFT bin, k * sr / nFft for k = 0..floor(nFft/2) (numpy `rfftfreq`). */
export function fftFrequencies(sr: number, nFft: number): Float64Array {
  const bins = (nFft >> 1) + 1;
  const val = 1 / (nFft * (1 / sr));
  return Float64Array.from({ length: bins }, (_, k) => k * val);
}

export interface MelFilterOptions {
  /** Number of mel bands (>= 1). Default 128. */
  nMels: number;
  /** Lowest band edge in Hz. Default 0. */
  fmin: number;
  /** Highest band edge in Hz; undefined means sr / 2. Default undefined. */
  fmax?: number;
  /** HTK mel scale instead of Slaney's. Default false. */
  htk: boolean;
  /** 'slaney' divides each triangle by its width in Hz (constant energy per band); null leaves peaks at 1. Default 'slaney'. */
  norm: 'slaney' | null;
}

/** Defaults of `melFilterBank` (librosa 0.9.2 `filters.mel`). */
export const MEL_FILTER_DEFAULTS: MelFilterOptions = { nMels: 128, fmin: 0, fmax: undefined, htk: false, norm: 'slaney' };

/**
 * Triangular mel filters over the floor(nFft/2)+1 FFT bins: nMels x bins weights (float32, like
 * librosa) with the nonzero range of each row, so that applying it skips the zeros.
 */
export function melFilterBank(sr: number, nFft: number, options: Partial<MelFilterOptions> = {}): FilterBank {
  const o = { ...MEL_FILTER_DEFAULTS, ...options };
  if (!(sr > 0)) throw new ParameterError('sr', `must be positive, got ${sr}`);
  if (!Number.isInteger(o.nMels) || o.nMels < 1) throw new ParameterError('nMels', `must be a positive integer, got ${o.nMels}`);
  const fmax = o.fmax ?? sr / 2;
  if (!(o.fmin >= 0 && fmax > o.fmin)) throw new ParameterError('fmax', `need 0 <= fmin < fmax, got fmin ${o.fmin}, fmax ${fmax}`);
  const bins = (nFft >> 1) + 1;
  const fftFreqs = fftFrequencies(sr, nFft);
  const melF = melFrequencies(o.nMels + 2, o.fmin, fmax, o.htk);
  const weights = new Float32Array(o.nMels * bins);
  for (let i = 0; i < o.nMels; i++) {
    const fdiffLo = melF[i + 1] - melF[i];
    const fdiffHi = melF[i + 2] - melF[i + 1];
    const enorm = o.norm === 'slaney' ? 2 / (melF[i + 2] - melF[i]) : 1;
    for (let k = 0; k < bins; k++) {
      const lower = -(melF[i] - fftFreqs[k]) / fdiffLo;
      const upper = (melF[i + 2] - fftFreqs[k]) / fdiffHi;
      // librosa stores the triangle in float32, then scales it by enorm.
      const tri = Math.fround(Math.max(0, Math.min(lower, upper)));
      weights[i * bins + k] = tri * enorm;
    }
  }
  return sparseFilterBank(weights, o.nMels, bins);
}

export interface MelSpectrogramOptions extends MelFilterOptions, StftOptions {
  /** Sample rate of the input in Hz. Default 22050. */
  sr: number;
  /** Exponent of the STFT magnitude: 2 for power, 1 for energy. Default 2. */
  power: number;
}

/** Defaults of `melSpectrogram` (librosa 0.9.2 `feature.melspectrogram`). */
export const MEL_SPECTROGRAM_DEFAULTS: MelSpectrogramOptions = {
  ...MEL_FILTER_DEFAULTS,
  sr: 22050,
  nFft: 2048,
  power: 2,
};

/**
 * Mel spectrogram, frames x nMels (frame-major): the mel filter bank applied to |STFT|^power.
 * `input` is mono samples at `sr`, or a spectrogram to reuse (converted to `power`; its nFft wins).
 * `filterBank` may be passed to reuse one across calls.
 */
export function melSpectrogram(
  input: Float32Array | Spectrogram,
  options: Partial<MelSpectrogramOptions> = {},
  filterBank?: FilterBank,
): FrameMatrix {
  const o = { ...MEL_SPECTROGRAM_DEFAULTS, ...options };
  if (!(input instanceof Float32Array)) {
    const spec = spectrogramOf(input, o, o.power);
    const fb = filterBank ?? melFilterBank(o.sr, spec.nFft, o);
    const pairs = fb.bins === spec.bins ? binPairs(fb) : undefined;
    return pairs ? applyBinPairs(pairs, fb.rows, spec) : applyFilterBank(fb, spec);
  }
  const fb = filterBank ?? melFilterBank(o.sr, o.nFft, o);
  return melFromSamples(input, o, o.power, fb);
}

/**
 * Mel spectrogram straight from samples, frames x fb.rows, frame-major; the full spectrogram is
 * never stored. In the SIMD kernel (mel-simd.ts: four frames at a time, Float32) for power 1 or
 * 2 and a power-of-two nFft; else frame by frame, each frame's |STFT|^power in a Float64 scratch
 * row through the filter bank.
 */
export function melFromSamples(y: Float32Array, stftOptions: Partial<StftOptions>, power: number, fb: FilterBank): FrameMatrix {
  if (!(power > 0)) throw new ParameterError('power', `must be positive, got ${power}`);
  const o = resolveStftOptions(stftOptions);
  const frames = frameCount(y.length, o);
  const { rows, bins } = fb;
  const pairs = binPairs(fb);
  const simd = pairs ? simdMelFrames(y, o, frames, power, { pairs, rows }) : null;
  if (simd) return { frames, bins: rows, data: simd };
  const out = new Float32Array(frames * rows);
  const row = new Float64Array(bins);
  const acc = new Float64Array(rows + 1);
  const result = forEachStftFrame(y, o, (t, re, im) => {
    if (power === 2) for (let k = 0; k < bins; k++) row[k] = re[k] * re[k] + im[k] * im[k];
    else for (let k = 0; k < bins; k++) row[k] = Math.pow(re[k] * re[k] + im[k] * im[k], power / 2);
    if (pairs) {
      binPairsFrame(pairs.band, pairs.w0, pairs.w1, row, 0, bins, acc, out, t * rows, rows);
      return;
    }
    const base = t * rows;
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      const w = r * bins;
      for (let k = fb.start[r]; k < fb.end[r]; k++) sum += fb.weights[w + k] * row[k];
      out[base + r] = sum;
    }
  });
  if (result.bins !== bins) throw new ParameterError('nFft', `gives ${result.bins} bins, the filter bank has ${bins}`);
  return { frames, bins: rows, data: out };
}

/**
 * A filter bank applied to one spectrogram frame at a time, for callers that visit the STFT frame
 * by frame (`forEachStftFrame`) and never store the spectrogram. Same sums, in the same order, as
 * `melSpectrogram` on the stored spectrogram.
 *
 * @example
 *   const mel = new FilterBankFrames(melFilterBank(22050, 2048));
 *   mel.apply(powerRow, 0, out, t * 128); // out[t * 128 + r] = sum_k w[r][k] * powerRow[k]
 */
export class FilterBankFrames {
  readonly fb: FilterBank;
  private readonly pairs: BinPairs | undefined;
  private readonly acc: Float64Array;

  constructor(fb: FilterBank) {
    this.fb = fb;
    this.pairs = binPairs(fb);
    this.acc = new Float64Array(fb.rows + 1);
  }

  /** data[base .. base + fb.bins) through the bank into out[o .. o + fb.rows). */
  apply(data: Float32Array | Float64Array, base: number, out: Float32Array, o: number): void {
    const { fb, pairs } = this;
    if (pairs) {
      binPairsFrame(pairs.band, pairs.w0, pairs.w1, data, base, fb.bins, this.acc, out, o, fb.rows);
      return;
    }
    for (let r = 0; r < fb.rows; r++) {
      let sum = 0;
      const w = r * fb.bins;
      for (let k = fb.start[r]; k < fb.end[r]; k++) sum += fb.weights[w + k] * data[base + k];
      out[o + r] = sum;
    }
  }
}

/**
 * The filter bank in bin-pair form applied to a spectrogram: frames x rows, frame-major. One pass
 * over each frame's bins, each run of bins of one band summed in registers (the same sums as
 * `applyFilterBank`, grouped differently, so equal up to rounding).
 */
function applyBinPairs(pairs: BinPairs, rows: number, spec: FrameMatrix): FrameMatrix {
  const { band, w0, w1 } = pairs;
  const { frames, bins, data } = spec;
  const out = new Float32Array(frames * rows);
  const acc = new Float64Array(rows + 1);
  for (let t = 0, base = 0; t < frames; t++, base += bins) binPairsFrame(band, w0, w1, data, base, bins, acc, out, t * rows, rows);
  return { frames, bins: rows, data: out };
}

/**
 * One frame of `applyBinPairs`: data[base .. base + bins) into out[o .. o + rows), using `acc`
 * (rows + 1 values) as scratch. Called per frame so V8 optimises it within the first clip.
 */
function binPairsFrame(band: BinPairs['band'], w0: BinPairs['w0'], w1: BinPairs['w1'], data: Float32Array | Float64Array, base: number, bins: number, acc: Float64Array, out: Float32Array, o: number, rows: number): void {
  acc.fill(0);
  let cur = -1;
  let s0 = 0;
  let s1 = 0;
  for (let k = 0; k < bins; k++) {
    const b = band[k];
    if (b < 0) continue;
    if (b !== cur) {
      if (cur >= 0) {
        acc[cur] += s0;
        acc[cur + 1] += s1;
      }
      cur = b;
      s0 = 0;
      s1 = 0;
    }
    const v = data[base + k];
    s0 += w0[k] * v;
    s1 += w1[k] * v;
  }
  if (cur >= 0) {
    acc[cur] += s0;
    acc[cur + 1] += s1;
  }
  for (let r = 0; r < rows; r++) out[o + r] = acc[r];
}

/**
 * The bank as "bin k feeds band[k] with weight w0[k] and band[k] + 1 with w1[k]" (band -1: none),
 * or undefined when some bin feeds more than two bands or two that are not neighbours. Triangular
 * mel filters always fit: a frequency lies inside at most two consecutive triangles.
 */
export function binPairs(fb: FilterBank): BinPairs | undefined {
  if (PAIRS.has(fb)) return PAIRS.get(fb) ?? undefined;
  const pairs = buildBinPairs(fb);
  PAIRS.set(fb, pairs ?? null);
  return pairs;
}

/** A filter bank in bin-pair form (see `binPairs`). */
export type BinPairs = { band: Int32Array; w0: Float64Array; w1: Float64Array };

/** Bin-major forms already built, per filter bank (null: does not fit). */
const PAIRS = new WeakMap<FilterBank, BinPairs | null>();

function buildBinPairs(fb: FilterBank): BinPairs | undefined {
  const band = new Int32Array(fb.bins).fill(-1);
  const w0 = new Float64Array(fb.bins);
  const w1 = new Float64Array(fb.bins);
  for (let k = 0; k < fb.bins; k++) {
    for (let r = 0; r < fb.rows; r++) {
      const w = fb.weights[r * fb.bins + k];
      if (w === 0) continue;
      if (band[k] < 0) {
        band[k] = r;
        w0[k] = w;
      } else if (r === band[k] + 1 && w1[k] === 0) {
        w1[k] = w;
      } else {
        return undefined;
      }
    }
  }
  return { band, w0, w1 };
}

keepClassAlive(new FilterBankFrames(sparseFilterBank(Float32Array.of(1, 0), 1, 2)));
