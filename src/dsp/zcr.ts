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
  const len = y.length;
  const n = len + 2 * pad;
  if (n < o.frameLength || len === 0) throw new ParameterError('frameLength', `${o.frameLength} is longer than the signal (${n} samples)`);
  const frames = 1 + Math.floor((n - o.frameLength) / o.hopLength);
  // Edge padding repeats y[0] and y[len - 1], so every crossing is between y[j - 1] and y[j]
  // for some 1 <= j < len. Frame t holds the pairs (i - 1, i) of padded samples with
  // t hop < i < t hop + frameLength: whole blocks of g = gcd(hop, frameLength, pad) samples but for
  // the pair at i = t hop. So each block's crossings are counted once (512 samples a block with the
  // defaults), each sample's sign read from its bits (see `negativeBit`).
  const g = gcd(gcd(o.hopLength, o.frameLength), pad);
  const nBlocks = ((frames - 1) * o.hopLength + o.frameLength) / g;
  const totals = new Int32Array(nBlocks + 1);
  const firsts = new Uint8Array(nBlocks);
  blockCrossings(y, zeroLimitBits(o.threshold), pad, g, totals, firsts);
  const out = new Float32Array(frames);
  for (let t = 0; t < frames; t++) {
    const b = (t * o.hopLength) / g;
    out[t] = (totals[b + o.frameLength / g] - totals[b] - firsts[b]) / o.frameLength;
  }
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
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
 * block [b g, (b + 1) g): running totals over the blocks in `totals` (totals[b + 1] counts blocks
 * 0 .. b), and whether the change at i = b g is one in firsts[b].
 */
function blockCrossings(y: Float32Array, limit: number, pad: number, g: number, totals: Int32Array, firsts: Uint8Array): void {
  const len = y.length;
  const bits = new Int32Array(y.buffer, y.byteOffset, len);
  let prev = negativeBit(bits[0], limit);
  let count = 0;
  for (let b = 0; b < firsts.length; b++) {
    const start = b * g - pad;
    const to = Math.min(start + g, len);
    let j = Math.max(start, 1);
    if (j === start && j < to) {
      const neg = negativeBit(bits[j], limit);
      firsts[b] = neg ^ prev;
      count += neg ^ prev;
      prev = neg;
      j++;
    }
    for (; j < to; j++) {
      const neg = negativeBit(bits[j], limit);
      count += neg ^ prev;
      prev = neg;
    }
    totals[b + 1] = count;
  }
}
