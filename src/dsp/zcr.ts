/**
 * Zero-crossing rate per frame, as librosa 0.9.2 `feature.zero_crossing_rate` (which calls
 * `zero_crossings` with threshold 1e-10, zero_pos True and no crossing counted at a frame's first sample).
 */
import { ParameterError } from '../errors.js';
import { borrowFloat64, release } from './scratch.js';

export interface ZeroCrossingOptions {
  /** Samples per frame. Default 2048. */
  frameLength: number;
  /** Samples between frame starts. Default 512. */
  hopLength: number;
  /** Pad frameLength/2 copies of the edge samples on both sides so frames are centred. Default true. */
  center: boolean;
  /** |x| <= threshold counts as zero (positive). Default 1e-10. */
  threshold: number;
}

export const ZERO_CROSSING_DEFAULTS: ZeroCrossingOptions = { frameLength: 2048, hopLength: 512, center: true, threshold: 1e-10 };

/** Fraction of sample pairs in each frame whose signs differ (zero counts as positive): one value per frame. */
export function zeroCrossingRate(y: Float32Array, options: Partial<ZeroCrossingOptions> = {}): Float32Array {
  const o = { ...ZERO_CROSSING_DEFAULTS, ...options };
  for (const key of ['frameLength', 'hopLength'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new ParameterError(key, `must be a positive integer, got ${o[key]}`);
  }
  const pad = o.center ? o.frameLength >> 1 : 0;
  const len = y.length;
  const n = len + 2 * pad;
  if (n < o.frameLength || len === 0) throw new ParameterError('frameLength', `${o.frameLength} is longer than the signal (${n} samples)`);
  // Edge padding repeats y[0] and y[len - 1], so every crossing is between y[j - 1] and y[j]
  // for some 1 <= j < len: count those once, as running totals (prefix[j + 1] counts j' <= j),
  // instead of building the padded signal.
  const prefix = borrowFloat64(len + 1);
  // The sign bit of each float, read as an integer: a branch on v < 0 would mispredict on
  // every other sample of audio. The bit is also set for -0, as librosa's signbit is;
  // |x| <= threshold counts as zero (positive).
  signChangePrefix(y, o.threshold, prefix);
  const frames = 1 + Math.floor((n - o.frameLength) / o.hopLength);
  const out = new Float32Array(frames);
  frameRates(prefix, len, pad, o.hopLength, o.frameLength, out);
  release(prefix);
  return out;
}

/** prefix[j + 1] = number of sign changes between y[j' - 1] and y[j'] for 1 <= j' <= j (prefix[0] = prefix[1] = 0). */
function signChangePrefix(y: Float32Array, thr: number, prefix: Float64Array): void {
  // The sign bit of each float, read as an integer: a branch on v < 0 would mispredict on
  // every other sample of audio. The bit is also set for -0, as librosa's signbit is;
  // |x| <= threshold counts as zero (positive).
  const len = y.length;
  const bits = new Int32Array(y.buffer, y.byteOffset, len);
  let prev = Math.abs(y[0]) <= thr ? 0 : bits[0] >>> 31;
  let count = 0;
  prefix[0] = 0;
  prefix[1] = 0;
  for (let j = 1; j < len; j++) {
    const neg = Math.abs(y[j]) <= thr ? 0 : bits[j] >>> 31;
    count += neg ^ prev;
    prev = neg;
    prefix[j + 1] = count;
  }
}

/** The rate of each of the out.length frames from the running counts (edge-padded frames of frameLength, `pad` before sample 0). */
function frameRates(prefix: Float64Array, len: number, pad: number, hop: number, frameLength: number, out: Float32Array): void {
  for (let t = 0; t < out.length; t++) {
    // Padded pairs (i - 1, i) with s < i < s + frameLength are j = i - pad in [lo, hi].
    const s = t * hop - pad;
    const lo = Math.max(1, s + 1);
    const hi = Math.min(len - 1, s + frameLength - 1);
    out[t] = hi >= lo ? (prefix[hi + 1] - prefix[lo]) / frameLength : 0;
  }
}
