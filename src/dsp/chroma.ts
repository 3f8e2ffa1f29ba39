/**
 * Chroma filter bank and chromagram as librosa 0.9.2 (`filters.chroma`, `feature.chroma_stft`).
 */
import { ParameterError } from '../errors.js';
import { applyFilterBank, sparseFilterBank, type FilterBank, type FrameMatrix } from './frame-matrix.js';
import { spectrogramOf, type Spectrogram, type StftOptions } from './stft.js';
import { estimateTuning } from './tuning.js';

export interface ChromaFilterOptions {
  /** Number of chroma classes per octave. Default 12. */
  nChroma: number;
  /** Tuning offset in fractions of a chroma bin. Default 0. */
  tuning: number;
  /** Centre of the Gaussian octave weighting, in octaves above 27.5 Hz (A440 / 16): 5 is 880 Hz. Default 5. */
  ctroct: number;
  /** Width in octaves (standard deviation) of the octave weighting; null disables it. Default 2. */
  octwidth: number | null;
  /** Start the classes at C (true) or at A (false). Default true. */
  baseC: boolean;
}

export const CHROMA_FILTER_DEFAULTS: ChromaFilterOptions = { nChroma: 12, tuning: 0, ctroct: 5, octwidth: 2, baseC: true };

/**
 * Chroma filters over the floor(nFft/2)+1 FFT bins: nChroma x bins, each FFT bin's Gaussian
 * bumps over the classes L2-normalised per bin, then weighted by a Gaussian in octaves.
 */
export function chromaFilterBank(sr: number, nFft: number, options: Partial<ChromaFilterOptions> = {}): FilterBank {
  // Every field set, in one order: one object shape whatever the caller passed (a spread of the
  // caller's object gave a new shape per caller, and V8 dropped the optimised code at each).
  const o: ChromaFilterOptions = {
    nChroma: options.nChroma ?? CHROMA_FILTER_DEFAULTS.nChroma,
    tuning: options.tuning ?? CHROMA_FILTER_DEFAULTS.tuning,
    ctroct: options.ctroct ?? CHROMA_FILTER_DEFAULTS.ctroct,
    octwidth: options.octwidth === undefined ? CHROMA_FILTER_DEFAULTS.octwidth : options.octwidth,
    baseC: options.baseC ?? CHROMA_FILTER_DEFAULTS.baseC,
  };
  if (!Number.isInteger(o.nChroma) || o.nChroma < 1) throw new ParameterError('nChroma', `must be a positive integer, got ${o.nChroma}`);
  if (!Number.isInteger(nFft) || nFft < 2) throw new ParameterError('nFft', `must be an integer >= 2, got ${nFft}`);
  const n = o.nChroma;
  const a440 = 440 * 2 ** (o.tuning / n);
  // frqbins over all nFft bins: bins 1..nFft-1 from linspace(0, sr, nFft, endpoint=False), bin 0 extrapolated.
  const frqbins = new Float64Array(nFft);
  const step = sr / nFft;
  for (let i = 1; i < nFft; i++) frqbins[i] = n * Math.log2((i * step) / (a440 / 16));
  frqbins[0] = frqbins[1] - 1.5 * n;
  const width = new Float64Array(nFft);
  for (let i = 0; i < nFft - 1; i++) width[i] = Math.max(frqbins[i + 1] - frqbins[i], 1);
  width[nFft - 1] = 1;
  const bins = (nFft >> 1) + 1;
  const half = Math.round(n / 2);
  const dense = new Float64Array(n * bins);
  const col = new Float64Array(n);
  for (let j = 0; j < bins; j++) {
    let norm = 0;
    for (let c = 0; c < n; c++) {
      const d = pyMod(frqbins[j] - c + half + 10 * n, n) - half;
      const v = Math.exp(-0.5 * ((2 * d) / width[j]) ** 2);
      col[c] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    // util.normalize leaves columns below float64 tiny unscaled.
    if (norm < 2.2250738585072014e-308) norm = 1;
    const octave = o.octwidth === null ? 1 : Math.exp(-0.5 * ((frqbins[j] / n - o.ctroct) / o.octwidth) ** 2);
    for (let c = 0; c < n; c++) {
      // base C: roll the classes by -3 (A -> C) per 12.
      const row = o.baseC ? pyMod(c - 3 * Math.floor(n / 12), n) : c;
      dense[row * bins + j] = (col[c] / norm) * octave;
    }
  }
  return sparseFilterBank(Float32Array.from(dense), n, bins);
}

/** numpy.remainder: the result has the sign of the divisor. */
function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

export interface ChromaStftOptions extends StftOptions {
  /** Sample rate in Hz. Default 22050. */
  sr: number;
  /** Exponent of the STFT magnitude. Default 2. */
  power: number;
  /** Tuning in fractions of a bin; null estimates it from the spectrogram (librosa `estimate_tuning`). Default null. */
  tuning: number | null;
  /** Default 12. */
  nChroma: number;
  /** Default 5. */
  ctroct: number;
  /** Default 2. */
  octwidth: number | null;
  /** Default true. */
  baseC: boolean;
}

export const CHROMA_STFT_DEFAULTS: ChromaStftOptions = {
  sr: 22050,
  nFft: 2048,
  power: 2,
  tuning: null,
  nChroma: 12,
  ctroct: 5,
  octwidth: 2,
  baseC: true,
};

/**
 * Chromagram, frames x nChroma (frame-major), each frame scaled so its largest class is 1
 * (silent frames stay 0). `input` is mono samples at `sr` or a spectrogram to reuse.
 */
export function chromaStft(input: Float32Array | Spectrogram, options: Partial<ChromaStftOptions> = {}): FrameMatrix {
  const o = { ...CHROMA_STFT_DEFAULTS, ...options };
  const spec = spectrogramOf(input, o, o.power);
  const tuning = o.tuning ?? estimateTuning(spec, { sr: o.sr, binsPerOctave: o.nChroma });
  return chromagram(spec, o.sr, { ...o, tuning });
}

/**
 * The chromagram of a spectrogram (frames x bins, any power) at sample rate `sr` with the tuning
 * already known: the part of `chromaStft` after the tuning estimate (see `TuningEstimator` for
 * estimating it frame by frame). Frames x nChroma, each frame scaled so its largest class is 1.
 */
export function chromagram(spec: Spectrogram, sr: number, options: Partial<ChromaFilterOptions> = {}): FrameMatrix {
  const fb = chromaFilterBank(sr, spec.nFft, options);
  const raw = applyFilterBank(fb, spec);
  for (let t = 0; t < raw.frames; t++) normalizeByMax(raw.data, t * raw.bins, raw.bins);
  return raw;
}

/** util.normalize(norm=inf) of data[base .. base + n): divided by the max |value| unless that is below float32 tiny. */
function normalizeByMax(data: Float32Array, base: number, n: number): void {
  let max = 0;
  for (let c = 0; c < n; c++) max = Math.max(max, Math.abs(data[base + c]));
  if (max < 1.1754943508222875e-38) return;
  for (let c = 0; c < n; c++) data[base + c] /= max;
}
