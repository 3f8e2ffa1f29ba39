/**
 * Band-limited sinc resampling that reproduces librosa 0.9.2 `librosa.resample(y, orig_sr,
 * target_sr)` (res_type 'kaiser_best', which calls resampy): the same Kaiser-windowed sinc table,
 * the same linear interpolation between table entries, the same edge handling (samples outside
 * the signal count as zero) and the same output length.
 */
import { ParameterError } from '../errors.js';
import { SampleWindow } from './sample-window.js';

/** A windowed-sinc interpolation filter, as resampy's `sinc_window` builds it. */
export interface SincFilterSpec {
  /** Zero crossings of the sinc kept on each side. */
  readonly numZeros: number;
  /** Table entries per zero crossing are 2^precision. */
  readonly precision: number;
  /** Cut-off as a fraction of the Nyquist frequency of the lower rate, in (0, 1]. */
  readonly rolloff: number;
  /** Beta of the Kaiser taper. */
  readonly kaiserBeta: number;
}

/**
 * resampy's 'kaiser_best' filter (the default of librosa 0.9.2) as re-tuned in resampy 0.4:
 * 50 zero crossings, 2^13 table entries per crossing, Kaiser beta 12.9846, roll-off 0.917347
 * x Nyquist. (resampy < 0.4 used 64 / 2^9 / 14.7697 / 0.9476; the references need 0.4's.)
 */
export const KAISER_BEST: SincFilterSpec = {
  numZeros: 50,
  precision: 13,
  rolloff: 0.917347,
  kaiserBeta: 12.9846,
};

/** Modified Bessel function of the first kind, order 0, by its power series (exact to ~1e-16 for x < 30). */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Right wing of the filter (index 0 = centre), `numZeros * 2^precision + 1` values, float64. */
interface FilterTable {
  readonly win: Float64Array;
  /** `delta[i] = win[i + 1] - win[i]`, last entry 0 (for linear interpolation inside the table). */
  readonly delta: Float64Array;
  readonly numTable: number;
}

const filterTables = new Map<string, FilterTable>();

function specKey(spec: SincFilterSpec): string {
  return `${spec.numZeros}:${spec.precision}:${spec.rolloff}:${spec.kaiserBeta}`;
}

function checkSpec(spec: SincFilterSpec): void {
  if (!Number.isInteger(spec.numZeros) || spec.numZeros < 1) throw new ParameterError('filter.numZeros', `must be an integer >= 1, got ${spec.numZeros}`);
  if (!Number.isInteger(spec.precision) || spec.precision < 1 || spec.precision > 16) {
    throw new ParameterError('filter.precision', `must be an integer in 1..16, got ${spec.precision}`);
  }
  if (!(spec.rolloff > 0 && spec.rolloff <= 1)) throw new ParameterError('filter.rolloff', `must be in (0, 1], got ${spec.rolloff}`);
  if (!(spec.kaiserBeta >= 0 && spec.kaiserBeta < 50)) throw new ParameterError('filter.kaiserBeta', `must be in [0, 50), got ${spec.kaiserBeta}`);
}

/** resampy.filters.sinc_window(num_zeros, precision, kaiser(beta), rolloff), computed once per filter. */
function filterTable(spec: SincFilterSpec): FilterTable {
  const key = specKey(spec);
  const cached = filterTables.get(key);
  if (cached) return cached;
  checkSpec(spec);
  const numTable = 2 ** spec.precision;
  const n = numTable * spec.numZeros;
  const win = new Float64Array(n + 1);
  // scipy.signal.kaiser(2n + 1, beta)[n:]: centre at n, alpha = n.
  const i0Beta = besselI0(spec.kaiserBeta);
  for (let i = 0; i <= n; i++) {
    const r = i / n;
    const taper = besselI0(spec.kaiserBeta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    const x = spec.rolloff * (i / numTable);
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    win[i] = taper * spec.rolloff * sinc;
  }
  const delta = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) delta[i] = win[i + 1] - win[i];
  const table = { win, delta, numTable };
  if (filterTables.size >= 4) filterTables.delete(filterTables.keys().next().value as string);
  filterTables.set(key, table);
  return table;
}

/**
 * Geometry of one rate conversion: how the table is stepped through, and (for rational rates
 * with few phases) the weights of every output phase precomputed.
 */
interface Plan {
  readonly scale: number;
  readonly indexStep: number;
  readonly gain: number;
  readonly table: FilterTable;
  /** Integer-rate plans: output t reads input n = floor(t * up / down), phase = t * up mod down. */
  readonly phases?: {
    readonly up: number;
    readonly down: number;
    readonly leftCount: Int32Array;
    readonly rightCount: Int32Array;
    readonly base: Int32Array;
    readonly weights: Float64Array;
  };
}

/** Most weights a precomputed phase table may hold (8 bytes each); beyond, weights are computed per output. */
const MAX_PHASE_TABLE = 1 << 22;

const plans = new Map<string, Plan>();

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Number of taps of a wing starting at `offset` (resampy: `(nwin - offset) // index_step`). */
function wingTaps(nwin: number, offset: number, indexStep: number): number {
  return Math.floor((nwin - offset) / indexStep);
}

/**
 * Writes the weights of one wing for fractional position `frac` (already multiplied by scale)
 * into `out` from `at`; returns the tap count. Tap i = gain * (win[o + i*step] + eta * delta[o + i*step]).
 * `reversed` stores tap i at `at + taps - 1 - i`, so that the left wing lines up with x[n - taps + 1 .. n].
 */
function wingWeights(plan: Plan, frac: number, out: Float64Array, at: number, reversed: boolean): number {
  const { win, delta, numTable } = plan.table;
  const indexFrac = frac * numTable;
  const offset = Math.floor(indexFrac);
  const eta = indexFrac - offset;
  const taps = wingTaps(win.length, offset, plan.indexStep);
  for (let i = 0; i < taps; i++) {
    const j = offset + i * plan.indexStep;
    out[reversed ? at + taps - 1 - i : at + i] = plan.gain * (win[j] + eta * delta[j]);
  }
  return taps;
}

function makePlan(fromRate: number, toRate: number, spec: SincFilterSpec): Plan {
  const table = filterTable(spec);
  const ratio = toRate / fromRate;
  const scale = Math.min(1, ratio);
  const indexStep = Math.floor(scale * table.numTable);
  // resampy multiplies the table by the ratio when downsampling (keeps unit DC gain).
  const gain = ratio < 1 ? ratio : 1;
  const plan: Plan = { scale, indexStep, gain, table };
  if (!Number.isInteger(fromRate) || !Number.isInteger(toRate)) return plan;
  const g = gcd(fromRate, toRate);
  const up = fromRate / g;
  const down = toRate / g;
  const maxWing = wingTaps(table.win.length, 0, indexStep);
  if (down * 2 * maxWing > MAX_PHASE_TABLE) return plan;
  const leftCount = new Int32Array(down);
  const rightCount = new Int32Array(down);
  const base = new Int32Array(down);
  const weights = new Float64Array(down * 2 * maxWing);
  let at = 0;
  for (let p = 0; p < down; p++) {
    const frac = scale * (p / down);
    base[p] = at;
    leftCount[p] = wingWeights(plan, frac, weights, at, true);
    at += leftCount[p];
    rightCount[p] = wingWeights(plan, scale - frac, weights, at, false);
    at += rightCount[p];
  }
  return { ...plan, phases: { up, down, leftCount, rightCount, base, weights } };
}

function planFor(fromRate: number, toRate: number, spec: SincFilterSpec): Plan {
  const key = `${fromRate}:${toRate}:${specKey(spec)}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = makePlan(fromRate, toRate, spec);
    if (plans.size >= 16) plans.delete(plans.keys().next().value as string);
    plans.set(key, plan);
  }
  return plan;
}

/**
 * One output sample: the kernel at `w[at ..]` (left wing reversed, then right wing) against
 * x[n - left + 1 .. n + right], samples outside the signal counting as zero. Four accumulators
 * keep the float64 adds independent.
 */
function dot(x: Float32Array, n: number, w: Float64Array, at: number, left: number, right: number): number {
  const j0 = Math.max(0, left - 1 - n);
  const j1 = Math.min(left + right, left + x.length - n - 1);
  const xAt = n - left + 1;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let j = j0;
  for (; j + 3 < j1; j += 4) {
    a0 += w[at + j] * x[xAt + j];
    a1 += w[at + j + 1] * x[xAt + j + 1];
    a2 += w[at + j + 2] * x[xAt + j + 2];
    a3 += w[at + j + 3] * x[xAt + j + 3];
  }
  for (; j < j1; j++) a0 += w[at + j] * x[xAt + j];
  return a0 + a1 + (a2 + a3);
}

/** Output length as librosa computes it: ceil(n * toRate / fromRate). */
export function resampledLength(inputLength: number, fromRate: number, toRate: number): number {
  return Math.ceil(inputLength * (toRate / fromRate));
}

function checkRate(name: string, rate: number): void {
  if (!Number.isFinite(rate) || rate <= 0) throw new ParameterError(name, `sample rate must be a positive number of Hz, got ${rate}`);
}

/** Where a resampling run stands: the next output index and, for integer rates, its phase. */
interface RunState {
  /** Next output sample (global index). */
  t: number;
  /** Input sample of output t by the exact integer recurrence, and the phase (integer-rate plans). */
  exactN: number;
  p: number;
}

/**
 * Writes outputs `state.t` .. `tEnd - 1` into `out` from `outAt`, reading the input through the
 * window `x`, which holds input samples `xStart` .. `xStart + x.length - 1`; samples outside the
 * window count as zero (the caller keeps every sample an output needs inside it, except past the
 * signal's ends). Advances `state`.
 */
function run(plan: Plan, timeStep: number, x: Float32Array, xStart: number, state: RunState, tEnd: number, out: Float32Array, outAt: number, scratch: Float64Array): void {
  const ph = plan.phases;
  const whole = ph ? Math.floor(ph.up / ph.down) : 0;
  const rest = ph ? ph.up % ph.down : 0;
  let { exactN, p } = state;
  for (let t = state.t; t < tEnd; t++) {
    // Output times as resampy takes them (t * (1 / ratio), in floating point): where that lands a
    // hair below an integer the filter is read from the previous input sample, which is not
    // the same as the exact position because the table step is truncated to an integer.
    const time = t * timeStep;
    const n = Math.floor(time);
    let value: number;
    if (ph && n === exactN) {
      value = dot(x, n - xStart, ph.weights, ph.base[p], ph.leftCount[p], ph.rightCount[p]);
    } else {
      const frac = plan.scale * (time - n);
      const left = wingWeights(plan, frac, scratch, 0, true);
      const right = wingWeights(plan, plan.scale - frac, scratch, left, false);
      value = dot(x, n - xStart, scratch, 0, left, right);
    }
    out[outAt + t - state.t] = value;
    if (ph) {
      exactN += whole;
      p += rest;
      if (p >= ph.down) {
        p -= ph.down;
        exactN += 1;
      }
    }
  }
  state.t = tEnd;
  state.exactN = exactN;
  state.p = p;
}

/**
 * Resamples a mono signal from `fromRate` to `toRate` (Hz) exactly as librosa 0.9.2 does with
 * its default 'kaiser_best' filter.
 *
 * Returns a new `Float32Array` of `ceil(samples.length * toRate / fromRate)` samples (resampy
 * yields `floor(...)`; librosa pads the rest with zeros). Equal rates return a copy. Accumulates
 * in float64. For a signal that arrives in pieces, `StreamResampler` gives the same samples.
 *
 * @example resample(y, 22050, 4000) // 30 s of 22050 Hz audio -> 120000 samples
 * @throws ParameterError when a rate is not positive or the output would be empty.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number, filter: SincFilterSpec = KAISER_BEST): Float32Array {
  checkRate('fromRate', fromRate);
  checkRate('toRate', toRate);
  if (fromRate === toRate) return samples.slice();
  // resampy 0.4 computes floor(n * sr_new / sr_orig) samples; librosa pads to ceil(n * ratio).
  const computed = Math.floor((samples.length * toRate) / fromRate);
  if (computed < 1) {
    throw new ParameterError('samples', `${samples.length} samples are too few to resample from ${fromRate} to ${toRate} Hz`);
  }
  const out = new Float32Array(Math.max(computed, resampledLength(samples.length, fromRate, toRate)));
  const plan = planFor(fromRate, toRate, filter);
  const maxWing = wingTaps(plan.table.win.length, 0, plan.indexStep);
  run(plan, fromRate / toRate, samples, 0, { t: 0, exactN: 0, p: 0 }, computed, out, 0, new Float64Array(2 * maxWing));
  return out;
}

/**
 * `resample` for a signal that arrives in pieces, holding only a filter's width of it: `push`
 * each piece in order and take the outputs it returns, then `end()` for the last ones. The
 * concatenated outputs are exactly `resample(whole signal)`, sample for sample.
 *
 * @example
 * const r = new StreamResampler(44100, 22050);
 * const parts = [...chunks.map((c) => r.push(c)), r.end()]; // = resample(concat(chunks), 44100, 22050)
 */
export class StreamResampler {
  private readonly plan: Plan | undefined;
  private readonly timeStep: number;
  private readonly maxWing: number;
  private readonly scratch: Float64Array;
  private readonly state: RunState = { t: 0, exactN: 0, p: 0 };
  private readonly window = new SampleWindow();
  private passed = 0;
  private ended = false;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
    filter: SincFilterSpec = KAISER_BEST,
  ) {
    checkRate('fromRate', fromRate);
    checkRate('toRate', toRate);
    this.timeStep = fromRate / toRate;
    this.plan = fromRate === toRate ? undefined : planFor(fromRate, toRate, filter);
    this.maxWing = this.plan ? wingTaps(this.plan.table.win.length, 0, this.plan.indexStep) : 0;
    this.scratch = new Float64Array(2 * this.maxWing);
  }

  /** Input samples pushed so far. */
  get inputLength(): number {
    return this.plan ? this.window.end : this.passed;
  }

  /** Appends `samples`; returns the outputs they complete (a new array, possibly empty). */
  push(samples: Float32Array): Float32Array {
    if (this.ended) throw new ParameterError('samples', 'pushed after end()');
    if (!this.plan) {
      this.passed += samples.length;
      return samples.slice();
    }
    this.window.append(samples);
    // Output t is complete once its right wing (at most maxWing samples past n) is in the window.
    const tEnd = Math.max(this.state.t, Math.floor((this.window.end - this.maxWing - 2) / this.timeStep));
    return this.emit(tEnd);
  }

  /** The last outputs: those that read past the signal's end (zeros there), and librosa's padding to `ceil(n * ratio)`. */
  end(): Float32Array {
    if (this.ended) throw new ParameterError('samples', 'end() called twice');
    this.ended = true;
    if (!this.plan) return new Float32Array(0);
    const total = this.window.end;
    const computed = Math.floor((total * this.toRate) / this.fromRate);
    const length = Math.max(computed, resampledLength(total, this.fromRate, this.toRate));
    const done = this.state.t;
    const tail = this.emit(Math.max(done, computed));
    if (done + tail.length >= length) return tail;
    const padded = new Float32Array(length - done);
    padded.set(tail);
    return padded;
  }

  private emit(tEnd: number): Float32Array {
    const out = new Float32Array(tEnd - this.state.t);
    run(this.plan as Plan, this.timeStep, this.window.view(), this.window.start, this.state, tEnd, out, 0, this.scratch);
    // Drop what no later output reads: everything before the next output's left wing.
    this.window.dropBefore(Math.floor(this.state.t * this.timeStep) - this.maxWing - 1);
    return out;
  }
}
