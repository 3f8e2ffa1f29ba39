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
  const frames = 1 + Math.floor((n - o.frameLength) / o.hopLength);
  const out = new Float32Array(frames);
  // Edge padding repeats y[0] and y[len - 1], so every crossing is between y[j - 1] and y[j]
  // for some 1 <= j < len. Each sample's sign is read from its bits (see `negativeBit`).
  const limit = zeroLimitBits(o.threshold);
  if (o.frameLength % o.hopLength === 0 && pad % o.hopLength === 0) {
    // Frames made of whole hops (the defaults): count the crossings of each hop-long block once.
    const blocks = new Int32Array(frames - 1 + o.frameLength / o.hopLength);
    const firsts = new Uint8Array(blocks.length);
    blockCrossings(y, limit, pad, o.hopLength, blocks, firsts);
    frameRatesFromBlocks(blocks, firsts, o.frameLength / o.hopLength, o.frameLength, out);
    return out;
  }
  // Otherwise as running totals (prefix[j + 1] counts j' <= j), without building the padded signal.
  const prefix = borrowFloat64(len + 1);
  signChangePrefix(y, limit, prefix);
  frameRates(prefix, len, pad, o.hopLength, o.frameLength, out);
  release(prefix);
  return out;
}

/**
 * The largest bit pattern |x| of a Float32 may have to count as zero (|x| <= threshold), or -1
 * when none does (a negative or NaN threshold). Non-negative floats order as their bit patterns.
 */
function zeroLimitBits(threshold: number): number {
  if (!(threshold >= 0)) return -1;
  const f = new Float32Array([threshold]);
  const bits = new Int32Array(f.buffer)[0];
  return f[0] > threshold ? bits - 1 : bits;
}

/**
 * 1 when the float with these bits is negative and not zero by the threshold (|x| above the
 * limit: limit - |bits| < 0), else 0; -0 has its sign bit set, as librosa's signbit does. In
 * integers, without a branch: a branch on the sign would mispredict on every other audio sample.
 */
function negativeBit(bits: number, limit: number): number {
  return ((limit - (bits & 0x7fffffff)) & bits) >>> 31;
}

/**
 * The sign changes between padded samples i - 1 and i (padded i = sample i - pad) for i in each
 * block [b hop, (b + 1) hop): their number into blocks[b], and whether i = b hop is one into firsts[b].
 */
function blockCrossings(y: Float32Array, limit: number, pad: number, hop: number, blocks: Int32Array, firsts: Uint8Array): void {
  const len = y.length;
  const bits = new Int32Array(y.buffer, y.byteOffset, len);
  let prev = negativeBit(bits[0], limit);
  for (let b = 0; b < blocks.length; b++) {
    const start = b * hop - pad;
    const to = Math.min(start + hop, len);
    let j = Math.max(start, 1);
    let count = 0;
    if (j === start && j < to) {
      const neg = negativeBit(bits[j], limit);
      firsts[b] = count = neg ^ prev;
      prev = neg;
      j++;
    }
    for (; j < to; j++) {
      const neg = negativeBit(bits[j], limit);
      count += neg ^ prev;
      prev = neg;
    }
    blocks[b] = count;
  }
}

/** Frame t's pairs (i - 1, i) have t hop < i < t hop + frameLength: blocks t .. t + perFrame - 1 but for i = t hop. */
function frameRatesFromBlocks(blocks: Int32Array, firsts: Uint8Array, perFrame: number, frameLength: number, out: Float32Array): void {
  let sum = 0;
  for (let b = 0; b < perFrame - 1; b++) sum += blocks[b];
  for (let t = 0; t < out.length; t++) {
    sum += blocks[t + perFrame - 1];
    out[t] = (sum - firsts[t]) / frameLength;
    sum -= blocks[t];
  }
}

/** prefix[j + 1] = number of sign changes between y[j' - 1] and y[j'] for 1 <= j' <= j (prefix[0] = prefix[1] = 0). */
function signChangePrefix(y: Float32Array, limit: number, prefix: Float64Array): void {
  const len = y.length;
  const bits = new Int32Array(y.buffer, y.byteOffset, len);
  let prev = negativeBit(bits[0], limit);
  let count = 0;
  prefix[0] = 0;
  prefix[1] = 0;
  for (let j = 1; j < len; j++) {
    const neg = negativeBit(bits[j], limit);
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
