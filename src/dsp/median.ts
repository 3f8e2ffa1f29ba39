/**
 * Sliding-window median filters along one axis of a row-major matrix, with the boundary rule of
 * `scipy.ndimage.median_filter(..., mode='reflect')` (what librosa's HPSS uses): the line is
 * extended by mirroring with the edge sample repeated, `d c b a | a b c d | d c b a`.
 *
 * Each output is the element of rank floor(size / 2) of the window that starts size/2 samples
 * before it (scipy's origin 0), so for odd sizes it is the exact median. The window is kept
 * sorted and updated by one removal and one insertion per step, which costs O(log size + shift)
 * instead of re-selecting the median from scratch. Inputs must be finite (no NaN). Lines of
 * fewer than 3 samples with windows longer than the line may differ from scipy, whose repeated
 * mirroring of such short lines is not periodic.
 */
import { ParameterError } from '../errors.js';

/** Matrices the filters accept and return (the output has the input's element type). */
export type RealArray = Float32Array | Float64Array;

/**
 * Index into [0, n) that scipy's `reflect` mode reads for position i of the extended line
 * (mirror about the half-sample edge, repeating periodically with period 2n).
 */
export function reflectHalfSampleIndex(i: number, n: number): number {
  const period = 2 * n;
  const j = ((i % period) + period) % period;
  return j < n ? j : period - 1 - j;
}

/** Slots per window: a power of two above `size`, the spare slots holding +Infinity sentinels. */
function slotsFor(size: number): number {
  let w = 1;
  while (w <= size) w <<= 1;
  return w;
}

/**
 * Index of the first element >= value in the sorted window win[base .. base + slots), found by
 * a branch-free binary search (`step & -(a < b)` compiles without jumps, so the unpredictable
 * comparisons cost no mispredictions; they dominated a plain binary search).
 */
function lowerBound(win: Float64Array, base: number, slots: number, value: number): number {
  let i = base;
  for (let step = slots >> 1; step > 0; step >>= 1) i += step & -(win[i + step - 1] < value);
  return i;
}

/** Replaces one occurrence of `old` by `value` in the sorted window win[base .. base + slots). */
function replaceSorted(win: Float64Array, base: number, slots: number, old: number, value: number): void {
  const i = lowerBound(win, base, slots, old);
  let j = lowerBound(win, base, slots, value);
  if (j > i) {
    j--;
    for (let m = i; m < j; m++) win[m] = win[m + 1];
  } else {
    for (let m = i; m > j; m--) win[m] = win[m - 1];
  }
  win[j] = value;
}

function checkShape(data: RealArray, rows: number, cols: number, size: number): void {
  if (!Number.isInteger(rows) || rows < 1) throw new ParameterError('rows', `must be a positive integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 1) throw new ParameterError('cols', `must be a positive integer, got ${cols}`);
  if (data.length !== rows * cols) throw new ParameterError('data', `length ${data.length} is not rows x cols = ${rows} x ${cols}`);
  if (!Number.isInteger(size) || size < 1) throw new ParameterError('size', `median kernel size must be a positive integer, got ${size}`);
}

function like(data: RealArray): RealArray {
  return data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length);
}

/**
 * Median of `size` neighbours along the rows axis (axis 0: down each column) of a
 * rows x cols row-major matrix. For a frames x bins spectrogram this filters along time.
 * All columns are filtered together, one row at a time, so memory is read in order.
 */
export function medianFilterDownColumns<T extends RealArray>(data: T, rows: number, cols: number, size: number): T {
  checkShape(data, rows, cols, size);
  const out = like(data) as T;
  const h = size >> 1;
  const slots = slotsFor(size);
  const win = new Float64Array(cols * slots).fill(Infinity);
  for (let j = 0; j < size; j++) {
    const row = reflectHalfSampleIndex(j - h, rows) * cols;
    for (let c = 0; c < cols; c++) win[c * slots + j] = data[row + c];
  }
  for (let c = 0; c < cols; c++) win.subarray(c * slots, c * slots + size).sort();
  for (let c = 0; c < cols; c++) out[c] = win[c * slots + h];
  for (let r = 1; r < rows; r++) {
    const oldRow = reflectHalfSampleIndex(r - 1 - h, rows) * cols;
    const newRow = reflectHalfSampleIndex(r - h + size - 1, rows) * cols;
    const base = r * cols;
    for (let c = 0, w = 0; c < cols; c++, w += slots) {
      replaceSorted(win, w, slots, data[oldRow + c], data[newRow + c]);
      out[base + c] = win[w + h];
    }
  }
  return out;
}

/**
 * Median of `size` neighbours along the columns axis (axis 1: along each row) of a
 * rows x cols row-major matrix. For a frames x bins spectrogram this filters along frequency.
 */
export function medianFilterAlongRows<T extends RealArray>(data: T, rows: number, cols: number, size: number): T {
  checkShape(data, rows, cols, size);
  const out = like(data) as T;
  const h = size >> 1;
  const slots = slotsFor(size);
  const win = new Float64Array(slots);
  const sorted = win.subarray(0, size);
  // The reflect-extended line, cols + size - 1 samples: output c reads line[c .. c + size).
  const line = new Float64Array(cols + size - 1);
  const source = Int32Array.from({ length: line.length }, (_, q) => reflectHalfSampleIndex(q - h, cols));
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let q = 0; q < line.length; q++) line[q] = data[base + source[q]];
    win.fill(Infinity);
    sorted.set(line.subarray(0, size));
    sorted.sort();
    out[base] = win[h];
    for (let c = 1; c < cols; c++) {
      replaceSorted(win, 0, slots, line[c - 1], line[c + size - 1]);
      out[base + c] = win[h];
    }
  }
  return out;
}

/** Median filter of a 1-D signal (`scipy.ndimage.median_filter(x, size, mode='reflect')`). */
export function medianFilter1d<T extends RealArray>(x: T, size: number): T {
  return medianFilterAlongRows(x, 1, x.length, size);
}
