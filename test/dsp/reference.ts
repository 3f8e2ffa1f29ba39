/**
 * Loads `reference/signals.json.gz` (librosa 0.9.2 arrays, see generate.py beside it) and
 * compares arrays by max |ours - ref| / max |ref|.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export type RefArray = number | number[] | number[][];

export interface ReferenceSignal {
  /** Samples (synthetic signals only; the real clips are read from gtzan/dev-audio). */
  samples?: number[];
  sr: number;
  arrays: Record<string, RefArray>;
}

export interface Reference {
  librosa: string;
  signals: Record<string, ReferenceSignal>;
}

export function loadReference(path: string): Reference {
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as Reference;
}

/** A reference array as [rows, cols] with row-major data; 1-D arrays are one row. */
export function toMatrix(a: RefArray): { rows: number; cols: number; data: Float64Array } {
  if (typeof a === 'number') return { rows: 1, cols: 1, data: Float64Array.of(a) };
  if (a.length > 0 && Array.isArray(a[0])) {
    const m = a as number[][];
    const cols = m[0].length;
    const data = new Float64Array(m.length * cols);
    m.forEach((row, i) => data.set(row, i * cols));
    return { rows: m.length, cols, data };
  }
  return { rows: 1, cols: a.length, data: Float64Array.from(a as number[]) };
}

/**
 * max |ours - ref| / max |ref| where `ours` is frames x features (frame-major, as genrekit
 * returns) and the reference is features x frames (librosa's layout).
 */
export function relativeErrorTransposed(ours: ArrayLike<number>, frames: number, features: number, ref: RefArray): number {
  const r = toMatrix(ref);
  if (r.rows !== features || r.cols !== frames) throw new Error(`shape mismatch: ours ${frames}x${features} (frames x features), reference ${r.rows}x${r.cols}`);
  let maxDiff = 0;
  let maxRef = 0;
  for (let f = 0; f < features; f++) {
    for (let t = 0; t < frames; t++) {
      const v = r.data[f * frames + t];
      maxRef = Math.max(maxRef, Math.abs(v));
      maxDiff = Math.max(maxDiff, Math.abs(ours[t * features + f] - v));
    }
  }
  return maxDiff / maxRef;
}

/** max |ours - ref| / max |ref| for same-layout arrays. */
export function relativeError(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (ours.length !== ref.length) throw new Error(`length mismatch: ours ${ours.length}, reference ${ref.length}`);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < ref.length; i++) {
    maxRef = Math.max(maxRef, Math.abs(ref[i]));
    maxDiff = Math.max(maxDiff, Math.abs(ours[i] - ref[i]));
  }
  return maxDiff / maxRef;
}
