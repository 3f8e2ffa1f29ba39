/**
 * The layout every frame-wise DSP result shares: frames x bins, frame-major, so that the
 * value of (frame t, bin k) is at index t * bins + k and each frame is one contiguous run.
 */
import { ParameterError } from '../errors.js';
import { kernelEnabled, wasmKernel, wasmReserve, type ArenaKernel } from './wasm.js';

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

/**
 * out(frame, row) = sum_k weights(row, k) * input(frame, k), accumulated in Float64 in bin order.
 * Rows whose nonzero ranges overlap are taken four at a time over the union of their ranges,
 * with one accumulator each: four independent sums per loaded input value instead of one
 * latency-bound chain (the zero weights this adds contribute exact zeros for finite input, so
 * the sums are unchanged). Frames stay the outer loop so each frame is read from cache.
 */
export function applyFilterBank(fb: FilterBank, input: FrameMatrix): FrameMatrix {
  if (input.bins !== fb.bins) throw new ParameterError('filterBank', `has ${fb.bins} bins, the input has ${input.bins}`);
  const { rows, bins } = fb;
  const fg = filterGroups(fb);
  const out = new Float32Array(input.frames * rows);
  const x = input.data;
  if (kernelEnabled('filterBank') && applyGroupsInWasm(fg, rows, bins, x, input.frames, out)) return { frames: input.frames, bins: rows, data: out };
  const { weights, groups, nGroups } = fg;
  for (let t = 0, base = 0, o = 0; t < input.frames; t++, base += bins, o += rows) applyGroupsToFrame(weights, groups, nGroups, bins, x, base, out, o);
  return { frames: input.frames, bins: rows, data: out };
}

/** stft.wasm's filter-bank export (kernels/filter-bank.as.ts); pointers are byte offsets in its memory. */
interface FilterBankExports extends ArenaKernel {
  applyGroups(weights: number, groups: number, nGroups: number, bins: number, rows: number, x: number, frames: number, out: number): void;
}

/** Bytes of the kernel's memory for one bank's weights (rows x bins f64) and its groups; banks larger run in JavaScript. */
const WASM_BANK_BYTES = 1 << 20;
/** Bytes of input frames per call (f32), and of outputs. */
const WASM_FRAMES_BYTES = 1 << 20;

/** This thread's buffers in stft.wasm, the groups whose weights are in them now, or null (not built, no room). */
let bankBuffers: { kernel: FilterBankExports; at: Record<'weights' | 'groups' | 'x' | 'out', number>; holds: FilterGroups | null } | null | undefined;

/**
 * `applyFilterBank`'s frames in the kernel, two per SIMD step (the same values bit for bit), a
 * block of frames per call; false when it cannot run here (not built, bank or frame too large).
 */
function applyGroupsInWasm(fg: FilterGroups, rows: number, bins: number, x: Float32Array, frames: number, out: Float32Array): boolean {
  if (bankBuffers === undefined) {
    const kernel = wasmKernel<FilterBankExports>('stft');
    const at = kernel && wasmReserve(kernel, { weights: WASM_BANK_BYTES, groups: 1 << 14, x: WASM_FRAMES_BYTES, out: WASM_FRAMES_BYTES });
    bankBuffers = kernel && at ? { kernel, at, holds: null } : null;
  }
  const block = Math.floor(WASM_FRAMES_BYTES / (4 * Math.max(bins, rows)));
  if (!bankBuffers || 8 * fg.weights.length > WASM_BANK_BYTES || 4 * fg.groups.length > 1 << 14 || block < 2) return false;
  const { kernel, at } = bankBuffers;
  const memory = kernel.memory.buffer;
  if (bankBuffers.holds !== fg) {
    new Float64Array(memory, at.weights, fg.weights.length).set(fg.weights);
    new Int32Array(memory, at.groups, fg.groups.length).set(fg.groups);
    bankBuffers.holds = fg;
  }
  const xs = new Float32Array(memory, at.x, block * bins);
  const outs = new Float32Array(memory, at.out, block * rows);
  for (let t0 = 0; t0 < frames; t0 += block) {
    const count = Math.min(block, frames - t0);
    xs.set(x.subarray(t0 * bins, (t0 + count) * bins));
    kernel.applyGroups(at.weights, at.groups, fg.nGroups, bins, rows, at.x, count, at.out);
    out.set(outs.subarray(0, count * rows), t0 * rows);
  }
  return true;
}

/** A filter bank as `applyFilterBank` runs it: Float64 weights (rows x bins) and row groups. */
export interface FilterGroups {
  weights: Float64Array;
  /** Per group: first row, lo, hi (the bins summed), and 4 (rows r .. r + 3 over the union of their ranges) or 1. */
  groups: Int32Array;
  nGroups: number;
}

/** The groups of `applyFilterBank` for `fb` (see there), built once per bank. */
export function filterGroups(fb: FilterBank): FilterGroups {
  let fg = GROUPS.get(fb);
  if (!fg) GROUPS.set(fb, (fg = buildFilterGroups(fb)));
  return fg;
}

const GROUPS = new WeakMap<FilterBank, FilterGroups>();

function buildFilterGroups(fb: FilterBank): FilterGroups {
  const { rows, start, end } = fb;
  // Float64 weights: one float32 -> float64 conversion per bank instead of one per product.
  const weights = Float64Array.from(fb.weights);
  // Groups of four rows: [first row, lo, hi), or a single row where sharing would add more
  // zero products than it saves (rows far apart).
  const groups: number[] = [];
  let r = 0;
  while (r < rows) {
    if (r + 4 <= rows) {
      const lo = Math.min(start[r], start[r + 1], start[r + 2], start[r + 3]);
      const hi = Math.max(end[r], end[r + 1], end[r + 2], end[r + 3]);
      let spans = 0;
      for (let q = r; q < r + 4; q++) spans += end[q] - start[q];
      if (4 * (hi - lo) <= 2 * spans) {
        groups.push(r, lo, hi, 4);
        r += 4;
        continue;
      }
    }
    groups.push(r, start[r], end[r], 1);
    r++;
  }
  return { weights, groups: Int32Array.from(groups), nGroups: groups.length / 4 };
}

/**
 * One frame of `applyFilterBank`: x[base .. base + bins) through the row groups into out[o ..).
 * Called per frame so V8 optimises it within the first clip (no on-stack replacement).
 */
function applyGroupsToFrame(weights: Float64Array, groups: Int32Array, nGroups: number, bins: number, x: Float32Array, base: number, out: Float32Array, o: number): void {
  for (let g = 0; g < nGroups; g++) {
    const r0 = groups[4 * g], lo = groups[4 * g + 1], hi = groups[4 * g + 2];
    const w0 = r0 * bins;
    if (groups[4 * g + 3] === 1) {
      let acc = 0;
      for (let k = lo; k < hi; k++) acc += weights[w0 + k] * x[base + k];
      out[o + r0] = acc;
      continue;
    }
    const w1 = w0 + bins, w2 = w1 + bins, w3 = w2 + bins;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let k = lo; k < hi; k++) {
      const v = x[base + k];
      a0 += weights[w0 + k] * v;
      a1 += weights[w1 + k] * v;
      a2 += weights[w2 + k] * v;
      a3 += weights[w3 + k] * v;
    }
    out[o + r0] = a0;
    out[o + r0 + 1] = a1;
    out[o + r0 + 2] = a2;
    out[o + r0 + 3] = a3;
  }
}
