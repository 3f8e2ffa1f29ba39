/**
 * Global tempo exactly as librosa 0.9.2 `beat.tempo` with `aggregate=np.mean`: the onset
 * strength envelope is cut into Hann-windowed, centred windows of `acSize` seconds, each window's
 * autocorrelation is normalised by its maximum (the autocorrelation tempogram), the tempogram
 * is averaged over time, weighted by a log-normal prior around `startBpm`, and the best lag
 * below `maxTempo` gives the tempo.
 */
import { ParameterError } from '../errors.js';
import { RealFft, type FftExports } from './fft.js';
import { onsetStrength } from './onset.js';
import { wasmReserve } from './wasm.js';
import { getWindow } from './window.js';

export interface TempogramOptions {
  /** Autocorrelation window in onset frames (>= 1). Default 384 (librosa `tempogram`). */
  winLength: number;
  /** Centre the windows on the frames (the envelope is padded with linear ramps to 0). Default true. */
  center: boolean;
}

/** Defaults of `tempogram` (librosa 0.9.2 `feature.tempogram`). */
export const TEMPOGRAM_DEFAULTS: Readonly<TempogramOptions> = { winLength: 384, center: true };

export interface TempoOptions {
  /** Sample rate of the audio the envelope came from, Hz. Default 22050. */
  sampleRate: number;
  /** Samples per onset frame. Default 512. */
  hopLength: number;
  /** Centre of the log-normal tempo prior, BPM (> 0). Default 120. */
  startBpm: number;
  /** Standard deviation of the prior in octaves (> 0). Default 1. */
  stdBpm: number;
  /** Autocorrelation window in seconds (> 0); becomes floor(floor(acSize * sampleRate) / hopLength) frames. Default 8. */
  acSize: number;
  /** Only tempi strictly below this are considered, BPM; null for no limit. Default 320. */
  maxTempo: number | null;
}

/** Defaults of `estimateTempo` (librosa 0.9.2 `beat.tempo`). */
export const TEMPO_DEFAULTS: Readonly<TempoOptions> = {
  sampleRate: 22050,
  hopLength: 512,
  startBpm: 120,
  stdBpm: 1,
  acSize: 8,
  maxTempo: 320,
};

/** Float64 `tiny`: librosa's `util.normalize` leaves windows whose maximum is below it unnormalised. */
const FLOAT64_TINY = 2.2250738585072014e-308;

/** Windowed frames of an onset envelope, ready for FFT autocorrelation. */
interface WindowSpectra {
  frames: number;
  fft: RealFft;
  /** The padded envelope: window t is the fft.n values from t (zeros after the end). */
  padded: Float64Array;
  /** The Hann window zero-padded to fft.n values. */
  window: Float64Array;
  /** Samples per window (the Hann window's length, before the zeros). */
  winLength: number;
  /** Visits the power spectrum |FFT|^2 (bins of `fft`, reused buffer) and energy sum x^2 of each window. */
  forEach(visit: (t: number, power: Float64Array, energy: number) => void): void;
}

/**
 * The Hann-windowed, centred windows of the envelope (librosa `tempogram` framing), each
 * zero-padded to a power of two >= 2 winLength - 1 so that the inverse FFT of its power spectrum
 * is the linear autocorrelation. Two windows per transform call (`forwardWindowedPair`: the
 * kernel's two f64 lanes), the window itself zero-padded to the transform's length.
 */
function windowSpectra(env: ArrayLike<number>, options: TempogramOptions): WindowSpectra {
  const { winLength, center } = options;
  if (!Number.isInteger(winLength) || winLength < 1) throw new ParameterError('winLength', `must be a positive integer, got ${winLength}`);
  const n = env.length;
  const pad = center ? winLength >> 1 : 0;
  let size = 1;
  while (size < 2 * winLength - 1) size <<= 1;
  // Zeros after the end, so every frame of `size` samples lies inside.
  const padded = new Float64Array(n + 2 * pad + size);
  // numpy pad mode 'linear_ramp' with end values 0: ramps from 0 at the outer ends to the edge samples.
  padded.set(env, pad);
  if (n > 0) {
    for (let i = 0; i < pad; i++) {
      padded[i] = (env[0] * i) / pad;
      padded[pad + n + i] = (env[n - 1] * (pad - 1 - i)) / pad;
    }
  }
  const frames = center ? n : Math.max(n - winLength + 1, 0);
  const hann = getWindow('hann', winLength, true);
  const window = new Float64Array(size);
  window.set(hann);
  const fft = new RealFft(size);
  return {
    frames,
    fft,
    padded,
    window,
    winLength,
    forEach(visit) {
      const re = new Float64Array(fft.bins);
      const im = new Float64Array(fft.bins);
      const re2 = new Float64Array(fft.bins);
      const im2 = new Float64Array(fft.bins);
      let t = 0;
      for (; t + 1 < frames; t += 2) {
        fft.forwardWindowedPair(padded, t, t + 1, window, re, im, re2, im2);
        powerInPlace(re, im);
        visit(t, re, windowEnergy(padded, hann, t));
        powerInPlace(re2, im2);
        visit(t + 1, re2, windowEnergy(padded, hann, t + 1));
      }
      if (t < frames) {
        fft.forwardWindowed(padded, t, window, re, im);
        powerInPlace(re, im);
        visit(t, re, windowEnergy(padded, hann, t));
      }
    },
  };
}

// The per-window loops of `windowSpectra`, as functions called per window so that V8 optimises
// them after a few windows of the first clip instead of replacing the frame loop on the stack.

/** The energy sum (padded[t + i] * window[i])^2 of window t. */
function windowEnergy(padded: Float64Array, window: Float64Array, t: number): number {
  let energy = 0;
  for (let i = 0; i < window.length; i++) {
    const v = padded[t + i] * window[i];
    energy += v * v;
  }
  return energy;
}

/** re[k] = re[k]^2 + im[k]^2. */
function powerInPlace(re: Float64Array, im: Float64Array): void {
  for (let k = 0; k < re.length; k++) re[k] = re[k] * re[k] + im[k] * im[k];
}

/**
 * Autocorrelation tempogram (librosa `feature.tempogram`, norm inf) of an onset envelope:
 * frames x winLength, frame-major; entry (t, l) is the normalised autocorrelation at lag l
 * onset frames of the window centred on frame t.
 */
export function tempogram(onsetEnvelope: ArrayLike<number>, options: Partial<TempogramOptions> = {}): { frames: number; winLength: number; data: Float32Array } {
  const o = { ...TEMPOGRAM_DEFAULTS, ...options };
  const spectra = windowSpectra(onsetEnvelope, o);
  const data = new Float32Array(spectra.frames * o.winLength);
  const zeros = new Float64Array(spectra.fft.bins);
  const ac = new Float64Array(spectra.fft.n);
  spectra.forEach((t, power) => {
    spectra.fft.inverse(power, zeros, ac);
    let max = 0;
    for (let i = 0; i < o.winLength; i++) max = Math.max(max, Math.abs(ac[i]));
    // util.normalize(norm=inf) leaves windows whose maximum is below tiny unscaled.
    const scale = max < FLOAT64_TINY ? 1 : 1 / max;
    for (let i = 0; i < o.winLength; i++) data[t * o.winLength + i] = ac[i] * scale;
  });
  return { frames: spectra.frames, winLength: o.winLength, data };
}

/**
 * BPM of each tempogram lag (librosa `tempo_frequencies`): lag 0 is Infinity, lag l is
 * 60 * sampleRate / (hopLength * l).
 */
export function tempoFrequencies(lags: number, sampleRate: number, hopLength: number): Float64Array {
  const out = new Float64Array(lags);
  if (lags > 0) out[0] = Infinity;
  for (let l = 1; l < lags; l++) out[l] = (60 * sampleRate) / (hopLength * l);
  return out;
}

function resolveTempoOptions(options: Partial<TempoOptions>): TempoOptions {
  const o = { ...TEMPO_DEFAULTS, ...options };
  for (const key of ['sampleRate', 'startBpm', 'stdBpm', 'acSize'] as const) {
    if (!(o[key] > 0)) throw new ParameterError(key, `must be > 0, got ${o[key]}`);
  }
  if (!Number.isInteger(o.hopLength) || o.hopLength < 1) throw new ParameterError('hopLength', `must be a positive integer, got ${o.hopLength}`);
  if (o.maxTempo !== null && !(o.maxTempo > 0)) throw new ParameterError('maxTempo', `must be > 0 or null, got ${o.maxTempo}`);
  return o;
}

/** Autocorrelation window length in frames that `estimateTempo` uses (librosa `time_to_frames(acSize)`). */
export function tempoWindowFrames(options: Partial<TempoOptions> = {}): number {
  const o = resolveTempoOptions(options);
  return Math.floor(Math.trunc(o.acSize * o.sampleRate) / o.hopLength);
}

/**
 * Global tempo in BPM of an onset strength envelope (one value per hop, librosa `onset_strength`).
 * Throws ParameterError when the autocorrelation window is shorter than 2 frames.
 */
export function estimateTempo(onsetEnvelope: ArrayLike<number>, options: Partial<TempoOptions> = {}): number {
  const o = resolveTempoOptions(options);
  const winLength = tempoWindowFrames(o);
  if (winLength < 2) throw new ParameterError('acSize', `gives a window of ${winLength} frames; needs at least 2`);
  // The time average of the normalised autocorrelations, ac_t / max|ac_t|. An autocorrelation
  // peaks at lag 0, where it equals the window's energy, and it is linear in the power
  // spectrum: so the average is one inverse FFT of the energy-weighted mean power spectrum.
  const spectra = windowSpectra(onsetEnvelope, { winLength, center: true });
  const meanPower = new Float64Array(spectra.fft.bins);
  if (!energyWeightedPowerSumInWasm(spectra, meanPower)) {
    spectra.forEach((_t, power, energy) => addScaled(meanPower, power, energy < FLOAT64_TINY ? 1 : 1 / energy));
  }
  const full = new Float64Array(spectra.fft.n);
  spectra.fft.inverse(meanPower, new Float64Array(meanPower.length), full);
  const mean = full.subarray(0, winLength);
  if (spectra.frames > 0) for (let i = 0; i < winLength; i++) mean[i] /= spectra.frames;
  const bpms = tempoFrequencies(winLength, o.sampleRate, o.hopLength);
  // Lags faster than maxTempo are excluded up to the first lag below it, as librosa does.
  let firstAllowed = 0;
  if (o.maxTempo !== null) firstAllowed = Math.max(bpms.findIndex((b) => b < (o.maxTempo as number)), 0);
  // numpy argmax semantics: first maximum, or the first NaN (a signed envelope can make
  // log1p's argument negative).
  let best = 0;
  let bestScore = -Infinity;
  const logStart = Math.log2(o.startBpm);
  for (let l = 0; l < winLength; l++) {
    const z = (Math.log2(bpms[l]) - logStart) / o.stdBpm;
    const prior = l < firstAllowed ? -Infinity : -0.5 * z * z;
    const score = Math.log1p(1e6 * mean[l]) + prior;
    if (Number.isNaN(score)) return bpms[l];
    if (score > bestScore) {
      bestScore = score;
      best = l;
    }
  }
  return bpms[best];
}

/** Global tempo in BPM of mono samples at `sampleRate` (librosa 0.9.2 `beat.tempo(y=y, sr=sr)`). */
export function tempoOfAudio(y: Float32Array, options: Partial<TempoOptions> = {}): number {
  const o = resolveTempoOptions(options);
  return estimateTempo(onsetStrength(y, { sr: o.sampleRate, hopLength: o.hopLength }), o);
}

/** sum[k] += x[k] * w (a function of its own: V8 compiles it once, not with each closure). */
function addScaled(sum: Float64Array, x: Float64Array, w: number): void {
  for (let k = 0; k < sum.length; k++) sum[k] += x[k] * w;
}

/** Windows per kernel call: their span of the envelope (CHUNK - 1 + the transform's length) is copied in once. */
const CHUNK = 1024;

/** The tempo's export of stft.wasm (kernels/tempo.as.ts); pointers are byte offsets in its memory. */
interface TempoExports extends FftExports {
  energyWeightedPowerSum(padded: number, frames: number, window: number, winLength: number, sum: number, re: number, im: number, re2: number, im2: number, plan: number): void;
}

/** This thread's buffers in the kernel by transform length (null: no room). */
const tempoBuffers = new Map<number, Record<'padded' | 'sum', number> | null>();

/**
 * `estimateTempo`'s sum, sum[k] += power_t[k] / energy_t over the windows t in order, in the
 * kernel (the same values bit for bit: kernels/tempo.as.ts), CHUNK windows per call on the
 * transform's own WebAssembly plan; false (nothing written) when the transform runs in JavaScript.
 */
function energyWeightedPowerSumInWasm(spectra: WindowSpectra, sum: Float64Array): boolean {
  const plan = spectra.fft.wasmPlan;
  if (!plan) return false;
  const kernel = plan.kernel as TempoExports;
  const n = spectra.fft.n;
  if (!tempoBuffers.has(n)) tempoBuffers.set(n, wasmReserve(kernel, { padded: 8 * (CHUNK - 1 + n), sum: 8 * sum.length }));
  const at = tempoBuffers.get(n);
  if (!at) return false;
  const memory = kernel.memory.buffer;
  new Float64Array(memory, plan.at.window, n).set(spectra.window);
  const kernelSum = new Float64Array(memory, at.sum, sum.length).fill(0);
  const padded = new Float64Array(memory, at.padded, CHUNK - 1 + n);
  for (let t0 = 0; t0 < spectra.frames; t0 += CHUNK) {
    const count = Math.min(CHUNK, spectra.frames - t0);
    padded.set(spectra.padded.subarray(t0, t0 + count - 1 + n));
    kernel.energyWeightedPowerSum(at.padded, count, plan.at.window, spectra.winLength, at.sum, plan.at.re, plan.at.im, plan.at.re2, plan.at.im2, plan.at.plan);
  }
  sum.set(kernelSum);
  return true;
}
