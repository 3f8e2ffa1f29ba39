/**
 * Tuning estimation as librosa 0.9.2: `piptrack` (parabolic-interpolated spectral peaks),
 * `pitch_tuning` (histogram of deviations from the equal-tempered grid) and `estimate_tuning`
 * (pitches whose magnitude is at least the median), which `chroma_stft` calls when no tuning
 * is given.
 */
import { ParameterError } from '../errors.js';
import { keepClassAlive } from './scratch.js';
import type { Spectrogram } from './stft.js';

export interface PiptrackOptions {
  /** Sample rate in Hz. Default 22050. */
  sr: number;
  /** Lowest pitch considered, Hz. Default 150. */
  fmin: number;
  /** Pitches are below this, Hz. Default 4000. */
  fmax: number;
  /** A peak must exceed this fraction of its frame's maximum. Default 0.1. */
  threshold: number;
}

export const PIPTRACK_DEFAULTS: PiptrackOptions = { sr: 22050, fmin: 150, fmax: 4000, threshold: 0.1 };

/** Interpolated spectral peaks: parallel lists of pitch (Hz) and magnitude, frame by frame. */
export interface Peaks {
  pitch: Float64Array;
  magnitude: Float64Array;
}

/**
 * Local maxima of each frame of `S` (used as given: librosa passes the power spectrogram from
 * chroma_stft) above threshold * frame max, with pitch and magnitude refined by a parabola
 * through the neighbouring bins.
 */
export function piptrack(S: Spectrogram, options: Partial<PiptrackOptions> = {}): Peaks {
  const o = piptrackOptions(options);
  const { bins, frames, data } = S;
  const [kFrom, kHi] = piptrackBinRange(o, S.nFft, bins);
  const peaks = new PeakList();
  for (let t = 0; t < frames; t++) framePeaks(data, t * bins, bins, kFrom, kHi, o.threshold, o.sr, S.nFft, peaks);
  return { pitch: peaks.pitch.slice(0, peaks.length), magnitude: peaks.mag.slice(0, peaks.length) };
}

/** The bins [kFrom, kHi) piptrack looks at: fmin <= k * sr / nFft < fmax (numpy rfftfreq), k >= 1. */
function piptrackBinRange(o: PiptrackOptions, nFft: number, bins: number): [number, number] {
  const fmin = Math.max(o.fmin, 0);
  const fmax = Math.min(o.fmax, o.sr / 2);
  const binHz = 1 / (nFft * (1 / o.sr));
  let kLo = 0;
  while (kLo < bins && kLo * binHz < fmin) kLo++;
  let kHi = kLo;
  while (kHi < bins && kHi * binHz < fmax) kHi++;
  return [Math.max(kLo, 1), kHi];
}

/**
 * `piptrack` options with every field set, always built in the same order: one object shape
 * whatever the caller passed (a spread of the caller's object made a new shape per caller, and
 * the optimised code was thrown away at each new one).
 */
function piptrackOptions(options: Partial<PiptrackOptions>): PiptrackOptions {
  return {
    sr: options.sr ?? PIPTRACK_DEFAULTS.sr,
    fmin: options.fmin ?? PIPTRACK_DEFAULTS.fmin,
    fmax: options.fmax ?? PIPTRACK_DEFAULTS.fmax,
    threshold: options.threshold ?? PIPTRACK_DEFAULTS.threshold,
  };
}

// librosa's util.tiny for float32 input.
const FLOAT32_TINY = 1.1754943508222875e-38;

/**
 * A growable list of peaks, (pitch, magnitude) pairs in Float64. Plain arrays changed their
 * element kind as the values came, and V8 deoptimised the peak loop over it on every clip.
 */
class PeakList {
  pitch = new Float64Array(4096);
  mag = new Float64Array(4096);
  length = 0;

  push(pitch: number, mag: number): void {
    if (this.length === this.pitch.length) this.grow(this.length + 1);
    this.pitch[this.length] = pitch;
    this.mag[this.length++] = mag;
  }

  /** Appends the first n of `pitch` and `mag`. */
  pushAll(pitch: Float64Array, mag: Float64Array, n: number): void {
    if (this.length + n > this.pitch.length) this.grow(this.length + n);
    this.pitch.set(n === pitch.length ? pitch : pitch.subarray(0, n), this.length);
    this.mag.set(n === mag.length ? mag : mag.subarray(0, n), this.length);
    this.length += n;
  }

  private grow(atLeast: number): void {
    let size = 2 * this.pitch.length;
    while (size < atLeast) size *= 2;
    const pitch = new Float64Array(size);
    const mag = new Float64Array(size);
    pitch.set(this.pitch);
    mag.set(this.mag);
    this.pitch = pitch;
    this.mag = mag;
  }
}

/**
 * The peaks of one frame (data[base .. base + bins)) in bins [kFrom, kHi), appended to pitch and
 * mag (pitches in Hz at sample rate `sr`). Called per frame so V8 optimises it within the first clip.
 */
function framePeaks(data: Float32Array, base: number, bins: number, kFrom: number, kHi: number, threshold: number, sr: number, nFft: number, peaks: PeakList): void {
  let max = -Infinity;
  for (let k = 0; k < bins; k++) if (data[base + k] > max) max = data[base + k];
  const ref = threshold * max;
  for (let k = kFrom; k < kHi; k++) {
    // localmax with edge padding: x[k] > x[k-1] and x[k] >= x[k+1] (the last bin compares with itself).
    const v = data[base + k];
    const x = v > ref ? v : 0;
    let next = x;
    if (k + 1 < bins) {
      const w = data[base + k + 1];
      next = w > ref ? w : 0;
    }
    const u = data[base + k - 1];
    if (!(x > (u > ref ? u : 0) && x >= next)) continue;
    let shift = 0;
    let avg = 0;
    if (k + 1 < bins) {
      avg = 0.5 * (data[base + k + 1] - data[base + k - 1]);
      const curv = 2 * data[base + k] - data[base + k + 1] - data[base + k - 1];
      shift = avg / (curv + (Math.abs(curv) < FLOAT32_TINY ? 1 : 0));
    }
    peaks.push(((k + shift) * sr) / nFft, data[base + k] + 0.5 * avg * shift);
  }
}

/**
 * The most common deviation, in fractions of a bin (-0.5..0.5), of `frequencies` (Hz) from the
 * A440 equal-tempered grid of `binsPerOctave`; 0 when none is positive.
 */
export function pitchTuning(frequencies: ArrayLike<number>, resolution = 0.01, binsPerOctave = 12): number {
  if (!(resolution > 0 && resolution < 1)) throw new ParameterError('resolution', `must be in (0, 1), got ${resolution}`);
  const nEdges = Math.ceil(1 / resolution);
  // nEdges - 1 bins.
  const edges = histogramEdges(nEdges);
  const counts = new Int32Array(nEdges - 1);
  const any = countDeviations(frequencies, binsPerOctave, edges, counts);
  if (!any) return 0;
  let best = 0;
  for (let b = 1; b < counts.length; b++) if (counts[b] > counts[best]) best = b;
  return edges[best];
}

/** The histogram of `pitchTuning` into `counts`; false when no frequency is positive. */
function countDeviations(frequencies: ArrayLike<number>, binsPerOctave: number, edges: Float64Array, counts: Int32Array): boolean {
  const nEdges = edges.length;
  let any = false;
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i];
    if (!(f > 0)) continue;
    any = true;
    const octs = Math.log2(f / (440 / 16));
    let r = binsPerOctave * octs;
    r = r - Math.floor(r);
    if (r >= 0.5) r -= 1;
    if (r < edges[0] || r > edges[nEdges - 1]) continue;
    // Bin b holds edges[b] <= r < edges[b+1]; the last bin also holds r == its right edge.
    let lo = 0;
    let hi = nEdges - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= r) lo = mid;
      else hi = mid;
    }
    counts[lo]++;
  }
  return any;
}

export interface TuningOptions extends PiptrackOptions {
  /** Histogram resolution in fractions of a bin. Default 0.01. */
  resolution: number;
  /** Default 12. */
  binsPerOctave: number;
}

export const TUNING_DEFAULTS: TuningOptions = { ...PIPTRACK_DEFAULTS, resolution: 0.01, binsPerOctave: 12 };

/** librosa `estimate_tuning(S=S)`: tuning offset in fractions of a bin, from peaks at or above the median magnitude. */
export function estimateTuning(S: Spectrogram, options: Partial<TuningOptions> = {}): number {
  const estimator = new TuningEstimator(S.nFft, S.bins, options);
  for (let t = 0; t < S.frames; t++) estimator.addFrame(S.data, t * S.bins);
  return estimator.estimate();
}

/**
 * `estimateTuning` one frame at a time, for a caller that computes the spectrogram frame by frame
 * and wants the tuning without a second pass over it: `addFrame` each frame of the power
 * spectrogram in order, then `estimate`. Same result as `estimateTuning` on the whole spectrogram.
 */
export class TuningEstimator {
  private readonly o: TuningOptions;
  private readonly nFft: number;
  private readonly bins: number;
  private readonly kFrom: number;
  private readonly kHi: number;
  private readonly peaks = new PeakList();

  /** Frames of `bins` values from an `nFft`-point STFT; options as `estimateTuning`'s. */
  constructor(nFft: number, bins: number, options: Partial<TuningOptions> = {}) {
    this.o = {
      sr: options.sr ?? TUNING_DEFAULTS.sr,
      fmin: options.fmin ?? TUNING_DEFAULTS.fmin,
      fmax: options.fmax ?? TUNING_DEFAULTS.fmax,
      threshold: options.threshold ?? TUNING_DEFAULTS.threshold,
      resolution: options.resolution ?? TUNING_DEFAULTS.resolution,
      binsPerOctave: options.binsPerOctave ?? TUNING_DEFAULTS.binsPerOctave,
    };
    this.nFft = nFft;
    this.bins = bins;
    [this.kFrom, this.kHi] = piptrackBinRange(this.o, nFft, bins);
  }

  /** Bins [from, to) searched for peaks, fraction of the frame maximum a peak must exceed, and sample rate (Hz): for kernels that find the peaks themselves. */
  get peakSearch(): { from: number; to: number; threshold: number; sr: number } {
    return { from: this.kFrom, to: this.kHi, threshold: this.o.threshold, sr: this.o.sr };
  }

  /** Peaks found elsewhere (the first n of each list; pitch in Hz), as `addFrame` would have appended them. */
  addPeaks(pitch: Float64Array, magnitude: Float64Array, n: number): void {
    this.peaks.pushAll(pitch, magnitude, n);
  }

  /** The peaks of the frame data[base .. base + bins). */
  addFrame(data: Float32Array, base: number): void {
    framePeaks(data, base, this.bins, this.kFrom, this.kHi, this.o.threshold, this.o.sr, this.nFft, this.peaks);
  }

  /** Tuning in fractions of a bin from the peaks at or above the median peak magnitude. */
  estimate(): number {
    const { pitch, mag, length } = this.peaks;
    const positive = new Float64Array(length);
    const nPositive = magnitudesOfPitched(pitch, mag, length, positive);
    const threshold = nPositive ? median(positive.subarray(0, nPositive)) : 0;
    const selected = new Float64Array(length);
    const nSelected = pitchesAtLeast(pitch, mag, length, threshold, selected);
    return pitchTuning(selected.subarray(0, nSelected), this.o.resolution, this.o.binsPerOctave);
  }
}

// The loops of `estimate` as functions of their own, so that V8 optimises each once (the long
// loops of a once-per-clip method were replaced on the stack and deoptimised clip after clip).

/** out[..] = mag[i] for the peaks with pitch > 0; returns how many. */
function magnitudesOfPitched(pitch: Float64Array, mag: Float64Array, length: number, out: Float64Array): number {
  let n = 0;
  for (let i = 0; i < length; i++) if (pitch[i] > 0) out[n++] = mag[i];
  return n;
}

/** out[..] = pitch[i] for the peaks with pitch > 0 and mag >= threshold; returns how many. */
function pitchesAtLeast(pitch: Float64Array, mag: Float64Array, length: number, threshold: number, out: Float64Array): number {
  let n = 0;
  for (let i = 0; i < length; i++) if (pitch[i] > 0 && mag[i] >= threshold) out[n++] = pitch[i];
  return n;
}

/** numpy.linspace(-0.5, 0.5, nEdges, endpoint=False): `pitchTuning`'s histogram edges. */
function histogramEdges(nEdges: number): Float64Array {
  const step = 1 / nEdges;
  return Float64Array.from({ length: nEdges }, (_, i) => i * step + -0.5);
}

/** numpy.median: the mean of the two middle values for an even count. */
function median(values: Float64Array): number {
  const s = values.slice().sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

keepClassAlive(new TuningEstimator(2048, 1025));
