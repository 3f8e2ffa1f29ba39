/**
 * Root-mean-square energy per frame, as librosa 0.9.2 `feature.rms` from samples.
 */
import { ParameterError } from '../errors.js';
import type { PadMode } from './pad.js';
import { reflectIndex } from './pad.js';

export interface RmsOptions {
  /** Samples per frame. Default 2048. */
  frameLength: number;
  /** Samples between frame starts. Default 512. */
  hopLength: number;
  /** Pad frameLength/2 samples on both sides so frames are centred. Default true. */
  center: boolean;
  /** Padding used by `center`. Default 'constant' (zeros). */
  padMode: PadMode;
}

export const RMS_DEFAULTS: RmsOptions = { frameLength: 2048, hopLength: 512, center: true, padMode: 'constant' };

/** sqrt(mean(x^2)) over each frame: one value per frame. */
export function rms(y: Float32Array, options: Partial<RmsOptions> = {}): Float32Array {
  const o = { ...RMS_DEFAULTS, ...options };
  for (const key of ['frameLength', 'hopLength'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new ParameterError(key, `must be a positive integer, got ${o[key]}`);
  }
  const pad = o.center ? o.frameLength >> 1 : 0;
  const n = y.length + 2 * pad;
  if (n < o.frameLength) throw new ParameterError('frameLength', `${o.frameLength} is longer than the signal (${n} samples)`);
  const frames = 1 + Math.floor((n - o.frameLength) / o.hopLength);
  const out = new Float32Array(frames);
  const reflectPad = o.padMode !== 'constant';
  if (o.frameLength % o.hopLength === 0) {
    // Frames are whole runs of hop-long blocks: sum each block once, then each frame's blocks
    // (every frame still summed from fresh partial sums, so nothing drifts).
    const per = o.frameLength / o.hopLength;
    const blocks = new Float64Array(frames - 1 + per);
    blockSums(y, pad, reflectPad, o.hopLength, blocks);
    rmsOfBlocks(blocks, per, o.frameLength, out);
    return out;
  }
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = squaredAt(y, pad, reflectPad, i);
  for (let t = 0; t < frames; t++) {
    // Summed per frame (not a running sum) so rounding does not drift over long signals.
    let acc = 0;
    const s = t * o.hopLength;
    for (let i = s; i < s + o.frameLength; i++) acc += sq[i];
    out[t] = Math.sqrt(acc / o.frameLength);
  }
  return out;
}

// The loops of `rms` as functions of their own: V8 optimises each once instead of replacing the
// long loops on the stack, and deoptimising them, on every call.

/** Sample i of the signal padded by `pad` samples each side (reflected, or zeros), squared. */
function squaredAt(y: Float32Array, pad: number, reflectPad: boolean, i: number): number {
  let j = i - pad;
  if (j < 0 || j >= y.length) {
    if (!reflectPad) return 0;
    j = reflectIndex(j, y.length);
  }
  return y[j] * y[j];
}

/** blocks[b] = sum of the squares of padded samples [b * hop, (b + 1) * hop). */
function blockSums(y: Float32Array, pad: number, reflectPad: boolean, hop: number, blocks: Float64Array): void {
  for (let b = 0; b < blocks.length; b++) {
    const lo = b * hop;
    const hi = lo + hop;
    blocks[b] = lo >= pad && hi <= pad + y.length ? sumOfSquares(y, lo - pad, hi - pad) : edgeSumOfSquares(y, pad, reflectPad, lo, hi);
  }
}

/** Sum of y[j]^2 for j in [from, to). */
function sumOfSquares(y: Float32Array, from: number, to: number): number {
  let acc = 0;
  for (let j = from; j < to; j++) acc += y[j] * y[j];
  return acc;
}

/** Sum of the squared padded samples [lo, hi) of a block that reaches into the padding. */
function edgeSumOfSquares(y: Float32Array, pad: number, reflectPad: boolean, lo: number, hi: number): number {
  let acc = 0;
  for (let i = lo; i < hi; i++) acc += squaredAt(y, pad, reflectPad, i);
  return acc;
}

/**
 * `rms` from the sums of squares of each hop-long block of the padded signal (frames - 1 + per
 * blocks, per = frameLength / hop): for a caller that already summed them (gtzan58's frame
 * pass). One value per frame, the same as `rms`.
 */
export function rmsFromBlockSums(blocks: Float64Array, per: number, frameLength: number): Float32Array {
  const out = new Float32Array(blocks.length - per + 1);
  rmsOfBlocks(blocks, per, frameLength, out);
  return out;
}

/** out[t] = sqrt(sum of blocks t .. t + per - 1 / frameLength). */
function rmsOfBlocks(blocks: Float64Array, per: number, frameLength: number, out: Float32Array): void {
  for (let t = 0; t < out.length; t++) {
    let acc = 0;
    for (let b = t; b < t + per; b++) acc += blocks[b];
    out[t] = Math.sqrt(acc / frameLength);
  }
}
