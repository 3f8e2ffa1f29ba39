/**
 * Decibel scaling as librosa 0.9.2 `power_to_db` and `amplitude_to_db`.
 */
import { ParameterError } from '../errors.js';

export interface PowerToDbOptions {
  /** Reference power (0 dB), or 'max' for the largest value of the input. Default 1. */
  ref: number | 'max';
  /** Floor applied to the input (and the reference) before the logarithm. Default 1e-10. */
  amin: number;
  /** Clip to at most this many dB below the peak of the output; null disables. Default 80. */
  topDb: number | null;
}

/** Defaults of `powerToDb`. */
export const POWER_TO_DB_DEFAULTS: PowerToDbOptions = { ref: 1, amin: 1e-10, topDb: 80 };

/** Defaults of `amplitudeToDb` (amin is an amplitude, 1e-5, i.e. 1e-10 in power). */
export const AMPLITUDE_TO_DB_DEFAULTS: PowerToDbOptions = { ref: 1, amin: 1e-5, topDb: 80 };

// 10 log10(x) as a natural log times a constant: Math.log is about twice as fast as Math.log10.
const DB_PER_LN = 10 / Math.LN10;

function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/**
 * 10 log10(max(amin, |S|)) - 10 log10(max(amin, |ref|)), then clipped to max - topDb.
 * Same length and layout as `power`; values in dB.
 */
export function powerToDb(power: ArrayLike<number>, options: Partial<PowerToDbOptions> = {}): Float32Array {
  const o = { ...POWER_TO_DB_DEFAULTS, ...options };
  if (!(o.amin > 0)) throw new ParameterError('amin', `must be positive, got ${o.amin}`);
  if (o.topDb !== null && !(o.topDb >= 0)) throw new ParameterError('topDb', `must be non-negative or null, got ${o.topDb}`);
  const refValue = o.ref === 'max' ? maxAbs(power) : Math.abs(o.ref);
  // The same expression as each value's, so the reference itself gives exactly 0 dB.
  const offset = DB_PER_LN * Math.log(Math.max(o.amin, refValue));
  const out = new Float32Array(power.length);
  const peak = toDb(power, o.amin, offset, out);
  if (o.topDb !== null) clampBelow(out, Math.fround(peak - o.topDb));
  return out;
}

// The loops of `powerToDb` as functions of their own: V8 optimises each once instead of replacing
// the long loops on the stack, and deoptimising them, on every call.

/** out[i] = 10 log10(max(amin, |power[i]|)) - offset; returns the largest value written. */
function toDb(power: ArrayLike<number>, amin: number, offset: number, out: Float32Array): number {
  let peak = -Infinity;
  for (let i = 0; i < power.length; i++) {
    const v = DB_PER_LN * Math.log(Math.max(amin, Math.abs(power[i]))) - offset;
    out[i] = v;
    if (v > peak) peak = v;
  }
  return peak;
}

function clampBelow(out: Float32Array, floor: number): void {
  for (let i = 0; i < out.length; i++) if (out[i] < floor) out[i] = floor;
}

/** 20 log10 of amplitudes: `powerToDb(S^2, { ref: ref^2, amin: amin^2, topDb })`. */
export function amplitudeToDb(amplitude: ArrayLike<number>, options: Partial<PowerToDbOptions> = {}): Float32Array {
  const o = { ...AMPLITUDE_TO_DB_DEFAULTS, ...options };
  const refValue = o.ref === 'max' ? maxAbs(amplitude) : Math.abs(o.ref);
  const power = new Float64Array(amplitude.length);
  for (let i = 0; i < amplitude.length; i++) power[i] = amplitude[i] * amplitude[i];
  return powerToDb(power, { ref: refValue * refValue, amin: o.amin * o.amin, topDb: o.topDb });
}
