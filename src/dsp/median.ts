/**
 * Sliding-window median filters along one axis of a row-major matrix, with the boundary rule of
 * `scipy.ndimage.median_filter(..., mode='reflect')` (what librosa's HPSS uses): the line is
 * extended by mirroring with the edge sample repeated, `d c b a | a b c d | d c b a`.
 *
 * Each output is the element of rank floor(size / 2) of the window that starts size/2 samples
 * before it (scipy's origin 0), so for odd sizes it is the exact median. The window is kept
 * sorted and updated by one removal and one insertion per step, which costs O(log size + shift)
 * instead of re-selecting the median from scratch. Inputs must be finite (no NaN).
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

/** Sorts win[base .. base + size) in place (insertion sort: windows are small). */
function sortWindow(win: Float64Array, base: number, size: number): void {
  const end = base + size;
  for (let i = base + 1; i < end; i++) {
    const v = win[i];
    let j = i - 1;
    while (j >= base && win[j] > v) {
      win[j + 1] = win[j];
      j--;
    }
    win[j + 1] = v;
  }
}

/** Replaces one occurrence of `old` by `value` in the sorted window win[base .. base + size). */
function replaceSorted(win: Float64Array, base: number, size: number, old: number, value: number): void {
  let lo = base;
  let hi = base + size;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (win[mid] < old) lo = mid + 1;
    else hi = mid;
  }
  let i = lo;
  if (value > old) {
    const last = base + size - 1;
    while (i < last && win[i + 1] < value) {
      win[i] = win[i + 1];
      i++;
    }
  } else {
    while (i > base && win[i - 1] > value) {
      win[i] = win[i - 1];
      i--;
    }
  }
  win[i] = value;
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
  const win = new Float64Array(cols * size);
  for (let j = 0; j < size; j++) {
    const row = reflectHalfSampleIndex(j - h, rows) * cols;
    for (let c = 0; c < cols; c++) win[c * size + j] = data[row + c];
  }
  for (let c = 0; c < cols; c++) sortWindow(win, c * size, size);
  for (let c = 0; c < cols; c++) out[c] = win[c * size + h];
  for (let r = 1; r < rows; r++) {
    const oldRow = reflectHalfSampleIndex(r - 1 - h, rows) * cols;
    const newRow = reflectHalfSampleIndex(r - h + size - 1, rows) * cols;
    const base = r * cols;
    for (let c = 0, w = 0; c < cols; c++, w += size) {
      replaceSorted(win, w, size, data[oldRow + c], data[newRow + c]);
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
  const win = new Float64Array(size);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let j = 0; j < size; j++) win[j] = data[base + reflectHalfSampleIndex(j - h, cols)];
    sortWindow(win, 0, size);
    out[base] = win[h];
    for (let c = 1; c < cols; c++) {
      const old = data[base + reflectHalfSampleIndex(c - 1 - h, cols)];
      const value = data[base + reflectHalfSampleIndex(c - h + size - 1, cols)];
      replaceSorted(win, 0, size, old, value);
      out[base + c] = win[h];
    }
  }
  return out;
}

/** Median filter of a 1-D signal (`scipy.ndimage.median_filter(x, size, mode='reflect')`). */
export function medianFilter1d<T extends RealArray>(x: T, size: number): T {
  return medianFilterAlongRows(x, 1, x.length, size);
}
