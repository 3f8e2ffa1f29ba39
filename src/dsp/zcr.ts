/**
 * Zero-crossing rate per frame, as librosa 0.9.2 `feature.zero_crossing_rate` (which calls
 * `zero_crossings` with threshold 1e-10, zero_pos True and no crossing counted at a frame's first sample).
 */
import { ParameterError } from '../errors.js';

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
  const n = y.length + 2 * pad;
  if (n < o.frameLength || y.length === 0) throw new ParameterError('frameLength', `${o.frameLength} is longer than the signal (${n} samples)`);
  // Sign bit per padded sample (edge padding), after zeroing |x| <= threshold.
  const neg = new Uint8Array(n);
  // The sign bit of each float, read as an integer: a branch on v < 0 would mispredict on
  // every other sample of audio. The bit is also set for -0, as librosa's signbit is.
  const bits = new Int32Array(y.buffer, y.byteOffset, y.length);
  for (let i = 0; i < n; i++) {
    const j = Math.min(Math.max(i - pad, 0), y.length - 1);
    neg[i] = Math.abs(y[j]) <= o.threshold ? 0 : bits[j] >>> 31;
  }
  // crossing[i] = 1 when sample i differs in sign from sample i - 1.
  const frames = 1 + Math.floor((n - o.frameLength) / o.hopLength);
  const prefix = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) prefix[i + 1] = prefix[i] + (neg[i] ^ neg[i - 1]);
  const out = new Float32Array(frames);
  for (let t = 0; t < frames; t++) {
    const s = t * o.hopLength;
    // Crossings inside the frame: pairs (i-1, i) with s < i < s + frameLength.
    out[t] = (prefix[s + o.frameLength] - prefix[s + 1]) / o.frameLength;
  }
  return out;
}
