/**
 * The layout every frame-wise DSP result shares: frames x bins, frame-major, so that the
 * value of (frame t, bin k) is at index t * bins + k and each frame is one contiguous run.
 */
import { ParameterError } from '../errors.js';

export interface FrameMatrix {
  frames: number;
  /** Values per frame: FFT bins, mel bands, chroma classes, coefficients, or 1 for a curve. */
  bins: number;
  data: Float32Array;
}

/** A sparse filter bank: `rows` filters over `bins` FFT bins, each nonzero only on [start, end). */
export interface FilterBank {
  rows: number;
  bins: number;
  /** Dense weights, rows x bins, row-major (float32 like librosa's filters). */
  weights: Float32Array;
  /** First nonzero bin of each row. */
  start: Int32Array;
  /** One past the last nonzero bin of each row (start == end for an empty row). */
  end: Int32Array;
}

/** Builds the nonzero ranges of dense rows x bins weights. */
export function sparseFilterBank(weights: Float32Array, rows: number, bins: number): FilterBank {
  const start = new Int32Array(rows);
  const end = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    while (s < bins && weights[r * bins + s] === 0) s++;
    let e = bins;
    while (e > s && weights[r * bins + e - 1] === 0) e--;
    start[r] = s;
    end[r] = e;
  }
  return { rows, bins, weights, start, end };
}

/** out(frame, row) = sum_k weights(row, k) * input(frame, k), accumulated in Float64. */
export function applyFilterBank(fb: FilterBank, input: FrameMatrix): FrameMatrix {
  if (input.bins !== fb.bins) throw new ParameterError('filterBank', `has ${fb.bins} bins, the input has ${input.bins}`);
  const { rows, bins, weights, start, end } = fb;
  const out = new Float32Array(input.frames * rows);
  const x = input.data;
  for (let t = 0; t < input.frames; t++) {
    const base = t * bins;
    for (let r = 0; r < rows; r++) {
      let acc = 0;
      const w = r * bins;
      for (let k = start[r]; k < end[r]; k++) acc += weights[w + k] * x[base + k];
      out[t * rows + r] = acc;
    }
  }
  return { frames: input.frames, bins: rows, data: out };
}
