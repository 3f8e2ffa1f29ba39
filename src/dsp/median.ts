/**
 * Sliding-window median filters along one axis of a row-major matrix, with the boundary rule of
 * `scipy.ndimage.median_filter(..., mode='reflect')` (what librosa's HPSS uses): the line is
 * extended by mirroring with the edge sample repeated, `d c b a | a b c d | d c b a`.
 *
 * Each output is the element of rank floor(size / 2) of the window that starts size/2 samples
 * before it (scipy's origin 0), so for odd sizes it is the exact median. Float32 matrices (the
 * HPSS case) go through `rankMedians`: each line is sorted once by a radix sort of its float
 * bits, and the window becomes a bit set of ranks in which the median moves by at most one set
 * bit per step. Float64 lines keep a sorted window updated by one removal and one insertion per
 * step, O(log size + shift). Inputs must be finite (no NaN). Lines of
 * fewer than 3 samples with windows longer than the line may differ from scipy, whose repeated
 * mirroring of such short lines is not periodic.
 */
import { ParameterError } from '../errors.js';
import { borrowFloat32, keepClassAlive, release } from './scratch.js';
import { wasmKernel, type KernelMemory, kernelEnabled } from './wasm.js';

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
  if (slots === 32) {
    // Unrolled for kernels of 16 to 31 (HPSS uses 31): about 8 % faster than the loop.
    i += 16 & -(win[i + 15] < value);
    i += 8 & -(win[i + 7] < value);
    i += 4 & -(win[i + 3] < value);
    i += 2 & -(win[i + 1] < value);
    return i + (1 & -(win[i] < value));
  }
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
 * Sliding medians along `lines` parallel lines of `length` samples, sample p of line l at
 * data[l * lineStride + p * stepStride]. All lines advance together, one step at a time, each
 * keeping its own sorted window, so each step reads one row of memory in order.
 */
function slidingMedians<T extends RealArray>(data: T, lines: number, length: number, lineStride: number, stepStride: number, size: number): T {
  const out = like(data) as T;
  const h = size >> 1;
  const slots = slotsFor(size);
  const win = new Float64Array(lines * slots).fill(Infinity);
  for (let j = 0; j < size; j++) {
    const at = reflectHalfSampleIndex(j - h, length) * stepStride;
    for (let l = 0; l < lines; l++) win[l * slots + j] = data[at + l * lineStride];
  }
  for (let l = 0; l < lines; l++) {
    win.subarray(l * slots, l * slots + size).sort();
    out[l * lineStride] = win[l * slots + h];
  }
  for (let p = 1; p < length; p++) {
    const oldAt = reflectHalfSampleIndex(p - 1 - h, length) * stepStride;
    const newAt = reflectHalfSampleIndex(p - h + size - 1, length) * stepStride;
    const outAt = p * stepStride;
    for (let l = 0, w = 0, o = 0; l < lines; l++, w += slots, o += lineStride) {
      replaceSorted(win, w, slots, data[oldAt + o], data[newAt + o]);
      out[outAt + o] = win[w + h];
    }
  }
  return out;
}

/** rows x cols row-major to cols x rows into `dst`, in 32 x 32 tiles so both sides stay in cache. */
function transpose(src: Float32Array, rows: number, cols: number, dst: Float32Array = new Float32Array(src.length)): Float32Array {
  const tile = 32;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(r0 + tile, rows);
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(c0 + tile, cols);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) dst[c * rows + r] = src[r * cols + c];
    }
  }
  return dst;
}

/** Buffers of `rankMedians` for lines of `m` extended samples, reused from line to line. */
class RankWorkspace {
  /** Sort keys of the extended line (see `floatKey`); after `rankLine`, float bits in rank order. */
  readonly keys: Int32Array;
  /** `keys` after `rankLine`: the extended line's values in rank order. */
  readonly sorted: Float32Array;
  readonly keys2: Int32Array;
  readonly pos: Int32Array;
  readonly pos2: Int32Array;
  /** Rank of each extended sample. */
  readonly rank: Int32Array;
  /** Bit set of the ranks in the window. */
  readonly words: Int32Array;
  readonly hist = new Int32Array(1024);

  constructor(m: number) {
    this.keys = new Int32Array(m);
    this.sorted = new Float32Array(this.keys.buffer);
    this.keys2 = new Int32Array(m);
    this.pos = new Int32Array(m);
    this.pos2 = new Int32Array(m);
    this.rank = new Int32Array(m);
    this.words = new Int32Array((m + 31) >> 5);
  }
}

keepClassAlive(new RankWorkspace(1));

/**
 * Sort key of a float32's bits: its order, compared as signed integers after ^ 0x80000000, is
 * the numeric order (negative floats have all bits flipped, positive ones the sign bit set).
 */
function floatKey(bits: number): number {
  return bits < 0 ? ~bits : bits ^ 0x80000000;
}

/** First set bit at or after q (one exists by construction). */
function nextSetBit(words: Int32Array, q: number): number {
  let w = q >> 5;
  let bits = words[w] & (-1 << (q & 31));
  while (bits === 0) bits = words[++w];
  return (w << 5) + 31 - Math.clz32(bits & -bits);
}

/** Last set bit at or before q (one exists by construction). */
function prevSetBit(words: Int32Array, q: number): number {
  let w = q >> 5;
  let bits = words[w] & (-1 >>> (31 - (q & 31)));
  while (bits === 0) bits = words[--w];
  return (w << 5) + 31 - Math.clz32(bits);
}

/**
 * Lines longer than this many samples take the sorted window (`slidingMedians`), whose time per
 * sample does not grow with the line; the rank bit set walks about length / size bits a step.
 * Every spectrogram line (frames or bins of a song) is far shorter. The result is the same
 * element of each window (a zero's sign aside: the sorted window does not order -0 and +0).
 */
export const LONG_LINE = 1 << 16;

/**
 * Lines longer than this many extended samples are sorted on all 32 bits (four radix passes), so
 * the time per sample stays flat however long the line; shorter ones (every HPSS line) sort on
 * the top 16 and let an insertion pass settle the rest, which is cheaper there.
 */
export const FULL_RADIX_LENGTH = 4096;

/**
 * Sorts the keys of the extended line (`ws.keys`, m of them): two byte passes of an LSD radix
 * sort on the top 16 bits (sign, exponent, 7 mantissa bits), then an insertion pass that settles
 * the keys equal in those bits (cheaper than a third pass on spectrogram lines); lines longer
 * than FULL_RADIX_LENGTH get the two low byte passes first, leaving the insertion pass no work
 * (it is quadratic in the run of keys equal in their top 16 bits, which grows with the line). Leaves the rank
 * of each sample in `ws.rank` and the values in rank order in `ws.sorted`. Equal values keep
 * their line order, so ranks are unique.
 */
function rankLine(ws: RankWorkspace, m: number): void {
  const { keys, keys2, pos, pos2, hist, rank } = ws;
  const full = m > FULL_RADIX_LENGTH;
  hist.fill(0);
  for (let e = 0; e < m; e++) {
    const k = keys[e];
    pos[e] = e;
    hist[(k >>> 16) & 255]++;
    hist[256 + (k >>> 24)]++;
    if (full) {
      hist[512 + (k & 255)]++;
      hist[768 + ((k >>> 8) & 255)]++;
    }
  }
  if (full) {
    radixPass(keys, pos, keys2, pos2, hist, 512, 0, m);
    radixPass(keys2, pos2, keys, pos, hist, 768, 8, m);
  }
  radixPass(keys, pos, keys2, pos2, hist, 0, 16, m);
  radixPass(keys2, pos2, keys, pos, hist, 256, 24, m);
  for (let r = 1; r < m; r++) {
    const k = keys[r];
    const kc = k ^ 0x80000000;
    if ((keys[r - 1] ^ 0x80000000) <= kc) continue;
    const pk = pos[r];
    let q = r;
    while (q > 0 && (keys[q - 1] ^ 0x80000000) > kc) {
      keys[q] = keys[q - 1];
      pos[q] = pos[q - 1];
      q--;
    }
    keys[q] = k;
    pos[q] = pk;
  }
  for (let r = 0; r < m; r++) {
    rank[pos[r]] = r;
    // Back to float bits in place: `sorted` views the same memory.
    const k = keys[r];
    keys[r] = k < 0 ? k ^ 0x80000000 : ~k;
  }
}

/** One stable counting pass on the byte at `shift`, its counts at hist[hb .. hb + 256). */
function radixPass(keys: Int32Array, pos: Int32Array, toKeys: Int32Array, toPos: Int32Array, hist: Int32Array, hb: number, shift: number, m: number): void {
  let sum = 0;
  for (let d = hb; d < hb + 256; d++) {
    const c = hist[d];
    hist[d] = sum;
    sum += c;
  }
  for (let e = 0; e < m; e++) {
    const k = keys[e];
    const at = hist[hb + ((k >>> shift) & 255)]++;
    toKeys[at] = k;
    toPos[at] = pos[e];
  }
}

/**
 * Sliding medians along each row of a lines x length row-major Float32 matrix. Per line: the
 * reflect-extended line is ranked once (`rankLine`), then the window is a bit set of ranks; each
 * step adds one rank and removes one, and the median (the set bit with floor(size/2) set bits
 * below it) moves to the neighbouring set bit at most once. About 1.5x faster than the sorted
 * window, whose element shifts and mispredicted branches dominated. Results go to `out`, which
 * may be `data` itself (each line is read into keys before its medians are written).
 */
function rankMedians(data: Float32Array, lines: number, length: number, size: number, out: Float32Array): Float32Array {
  if (length > LONG_LINE) {
    // The set bits of a window of `size` ranks among `length` lie about length / size apart, and
    // the median walks that far at each step: quadratic for long lines. The sorted window is
    // O(log size + shift) a step whatever the length.
    for (let l = 0, off = 0; l < lines; l++, off += length) out.set(slidingMedians(data.subarray(off, off + length), 1, length, length, 1, size), off);
    return out;
  }
  if (kernelEnabled('median') && wasmRankMedians(data, lines, length, size, out)) return out;
  const ws = new RankWorkspace(length + 2 * (size >> 1));
  const bits = new Int32Array(data.buffer, data.byteOffset, data.length);
  for (let l = 0, off = 0; l < lines; l++, off += length) rankMedianLine(ws, bits, off, length, size, out, off);
  return out;
}

/** The exports of median.wasm (see kernels/median.as.ts). */
interface WasmMedian extends KernelMemory {
  prepare(m: number): number;
  medianLines(data: number, lines: number, length: number, size: number): void;
  columnMedians(data: number, rows: number, cols: number, size: number, out: number, ref: number): void;
}

function loadWasmMedian(): WasmMedian | null {
  return wasmKernel<WasmMedian>('median');
}

/** True when this thread runs the WebAssembly median (the package was built with it). */
export function wasmMedianAvailable(): boolean {
  return loadWasmMedian() !== null;
}

/** Bytes of lines per call into the WebAssembly kernel: 1 MiB, so the copies in and out stay in cache. */
const WASM_BATCH_BYTES = 1 << 20;

/**
 * `rankMedians` in the WebAssembly kernel, a batch of lines at a time; false when it cannot run
 * (not built, lines shorter than half the window, or a line longer than its fixed memory holds:
 * it never grows it, see kernels/median.as.ts).
 */
function wasmRankMedians(data: Float32Array, lines: number, length: number, size: number, out: Float32Array): boolean {
  if (length <= size >> 1) return false;
  const kernel = loadWasmMedian();
  if (!kernel) return false;
  const at = kernel.prepare(length + 2 * (size >> 1));
  const room = Math.min(WASM_BATCH_BYTES, kernel.memory.buffer.byteLength - at);
  const batch = Math.min(lines, Math.floor(room / (4 * length)));
  if (at === 0 || batch < 1) return false;
  const heap = new Float32Array(kernel.memory.buffer, at, batch * length);
  for (let l = 0; l < lines; l += batch) {
    const from = l * length;
    const count = Math.min(batch, lines - l) * length;
    heap.set(data.subarray(from, from + count));
    kernel.medianLines(at, count / length, length, size);
    out.set(count === heap.length ? heap : heap.subarray(0, count), from);
  }
  return true;
}

/** Longest window of the kernel's column medians (kernels/median.as.ts SIMD_MAX_SIZE: its sorted windows' room). */
const WASM_COLUMN_MAX_SIZE = 64;

/**
 * `medianFilterDownColumns` of a Float32 matrix in the kernel (`columnMedians`: four adjacent
 * columns per SIMD step, no transpose) into `out`; or, with `ref`, HPSS's harmonic mask
 * softmask(median, ref) (power 2, margin 1) written over `ref`. In strips of columns as wide as
 * the kernel's fixed memory holds; false when it cannot run (not built, fewer than 4 columns,
 * rows not above half the window, a window over WASM_COLUMN_MAX_SIZE, or a strip of 4 columns
 * does not fit).
 */
function wasmColumnMedians(data: Float32Array, rows: number, cols: number, size: number, out: Float32Array, ref: Float32Array | null): boolean {
  if (rows <= size >> 1 || cols < 4 || size > WASM_COLUMN_MAX_SIZE) return false;
  const kernel = loadWasmMedian();
  if (!kernel) return false;
  const at = kernel.prepare(rows + 2 * (size >> 1));
  const room = at === 0 ? 0 : kernel.memory.buffer.byteLength - at;
  const matrices = ref ? 3 : 2;
  const width = Math.min(cols, Math.floor(room / (4 * matrices * rows)) & ~3);
  if (width < 4) return false;
  const strip = 4 * rows * width;
  const heap = (i: number) => new Float32Array(kernel.memory.buffer, at + i * strip, rows * width);
  const [heapIn, heapOut, heapRef] = [heap(0), heap(1), ref ? heap(2) : null];
  for (let c0 = 0; c0 < cols; c0 += width) {
    // A last strip narrower than 4 columns starts earlier (its first columns computed twice).
    const c = Math.min(c0, cols - 4);
    const w = Math.min(width, cols - c);
    stripInto(data, rows, cols, c, w, heapIn);
    if (ref && heapRef) stripInto(ref, rows, cols, c, w, heapRef);
    kernel.columnMedians(at, rows, w, size, at + strip, ref ? at + 2 * strip : 0);
    const result = ref ?? out;
    if (w === cols) result.set(heapOut.subarray(0, rows * cols));
    else for (let r = 0; r < rows; r++) result.set(heapOut.subarray(r * w, (r + 1) * w), r * cols + c);
  }
  return true;
}

/** Columns [c, c + w) of the rows x cols matrix `m` into `strip` (rows x w). */
function stripInto(m: Float32Array, rows: number, cols: number, c: number, w: number, strip: Float32Array): void {
  if (w === cols) strip.set(m);
  else for (let r = 0; r < rows; r++) strip.set(m.subarray(r * cols + c, r * cols + c + w), r * w);
}

/**
 * HPSS's harmonic mask softmask(H, ref) for power 2, margin 1 and split zeros, H the
 * `medianFilterDownColumns` of `data`, in one pass of the median kernel, written over `ref`
 * (rows x cols); false (nothing written) when the kernel cannot run it.
 */
export function columnMedianSoftmask(data: Float32Array, rows: number, cols: number, size: number, ref: Float32Array): boolean {
  checkShape(data, rows, cols, size);
  if (ref.length !== data.length) throw new ParameterError('ref', `must hold ${data.length} values, has ${ref.length}`);
  return kernelEnabled('median') && wasmColumnMedians(data, rows, cols, size, ref, ref);
}

/**
 * One line of `rankMedians`: the medians of the `length` float32 values whose bits are
 * bits[off ..] into out[outOff ..]. A function of its own, called per line, so V8 optimises it
 * once instead of replacing a long-running loop on the stack and recompiling it later.
 */
function rankMedianLine(ws: RankWorkspace, bits: Int32Array, off: number, length: number, size: number, out: Float32Array, outOff: number): void {
  const h = size >> 1;
  const m = length + 2 * h;
  const { keys, rank, sorted, words } = ws;
  // Keys of the reflect-extended line: d c b a | a b c d | d c b a.
  if (length > h) {
    for (let e = 0; e < h; e++) keys[e] = floatKey(bits[off + h - 1 - e]);
    for (let i = 0; i < length; i++) keys[h + i] = floatKey(bits[off + i]);
    for (let e = 0; e < h; e++) keys[h + length + e] = floatKey(bits[off + length - 1 - e]);
  } else {
    for (let e = 0; e < m; e++) keys[e] = floatKey(bits[off + reflectHalfSampleIndex(e - h, length)]);
  }
  rankLine(ws, m);
  words.fill(0);
  for (let e = 0; e < size; e++) words[rank[e] >> 5] |= 1 << (rank[e] & 31);
  let med = nextSetBit(words, 0);
  for (let below = 0; below < h; below++) med = nextSetBit(words, med + 1);
  out[outOff] = sorted[med];
  for (let p = 1; p < length; p++) {
    const a = rank[p + size - 1];
    const b = rank[p - 1];
    words[a >> 5] |= 1 << (a & 31);
    words[b >> 5] &= ~(1 << (b & 31));
    // Set ranks below the median after the step: (x - med) >> 31 is -1 when x < med.
    const below = h - ((a - med) >> 31) + ((b - med) >> 31);
    if (b === med) med = nextSetBit(words, med + 1);
    if (below < h) med = nextSetBit(words, med + 1);
    else if (below > h) med = prevSetBit(words, med - 1);
    out[outOff + p] = sorted[med];
  }
}

/**
 * The sliding median of one Float32 line at a time, with the workspace kept between lines: for
 * a caller that produces a matrix row by row and filters each row while it is in cache (the
 * frequency median of HPSS inside an STFT pass). Same results as `medianFilterAlongRows`.
 *
 * @example
 *   const filter = new LineMedianFilter(1025, 31);
 *   filter.apply(row, out, t * 1025); // out[t * 1025 + k] = median of row[k - 15 .. k + 15] (reflected)
 */
export class LineMedianFilter {
  readonly length: number;
  readonly size: number;
  private readonly ws: RankWorkspace;

  /** `length` values per line (>= 1), window `size` (a positive integer; odd for a true median). */
  constructor(length: number, size: number) {
    if (!Number.isInteger(length) || length < 1) throw new ParameterError('length', `must be a positive integer, got ${length}`);
    if (!Number.isInteger(size) || size < 1) throw new ParameterError('size', `median kernel size must be a positive integer, got ${size}`);
    this.length = length;
    this.size = size;
    this.ws = new RankWorkspace(length + 2 * (size >> 1));
  }

  /** Medians of line[0 .. length) into out[outOff .. outOff + length) (`out` may be `line` with outOff 0). */
  apply(line: Float32Array, out: Float32Array, outOff = 0): void {
    if (line.length < this.length || out.length < outOff + this.length) throw new ParameterError('line', `needs ${this.length} values in and room for them out`);
    if (wasmRankMedians(line.length === this.length ? line : line.subarray(0, this.length), 1, this.length, this.size, outOff === 0 && out.length === this.length ? out : out.subarray(outOff, outOff + this.length))) return;
    rankMedianLine(this.ws, new Int32Array(line.buffer, line.byteOffset, this.length), 0, this.length, this.size, out, outOff);
  }
}

keepClassAlive(new LineMedianFilter(1, 1));

/**
 * Sliding medians of `size` along each of the `lines` rows of a lines x length row-major Float32
 * matrix, into `out` (may be `data`): `medianFilterAlongRows` for a caller that already holds the
 * lines contiguously (the time median of HPSS on a bins x frames transposed spectrogram).
 */
export function medianFilterLines(data: Float32Array, lines: number, length: number, size: number, out: Float32Array = data): Float32Array {
  checkShape(data, lines, length, size);
  if (out.length !== data.length) throw new ParameterError('out', `must hold ${data.length} values, has ${out.length}`);
  return rankMedians(data, lines, length, size, out);
}

/**
 * Median of `size` neighbours along the rows axis (axis 0: down each column) of a
 * rows x cols row-major matrix. For a frames x bins spectrogram this filters along time. A
 * Float32 result is written to `into` (rows * cols values, not `data`) when given.
 */
export function medianFilterDownColumns<T extends RealArray>(data: T, rows: number, cols: number, size: number, into?: Float32Array): T {
  checkShape(data, rows, cols, size);
  if (into && (into.length !== data.length || into.buffer === data.buffer)) throw new ParameterError('into', `must be a separate buffer of ${data.length} values`);
  if (data instanceof Float32Array) {
    const out = into ?? new Float32Array(data.length);
    if (kernelEnabled('median') && wasmColumnMedians(data, rows, cols, size, out, null)) return out as T;
    // Columns become rows so that every line is read and written contiguously.
    const byColumn = transpose(data, rows, cols, borrowFloat32(data.length));
    rankMedians(byColumn, cols, rows, size, byColumn);
    transpose(byColumn, cols, rows, out);
    release(byColumn);
    return out as T;
  }
  return slidingMedians(data, cols, rows, 1, cols, size);
}

/**
 * Median of `size` neighbours along the columns axis (axis 1: along each row) of a
 * rows x cols row-major matrix. For a frames x bins spectrogram this filters along frequency.
 * A Float32 result is written to `out` (rows * cols values; may be `data`) when given.
 */
export function medianFilterAlongRows<T extends RealArray>(data: T, rows: number, cols: number, size: number, out?: Float32Array): T {
  checkShape(data, rows, cols, size);
  if (out && out.length !== data.length) throw new ParameterError('out', `must hold ${data.length} values, has ${out.length}`);
  if (data instanceof Float32Array) return rankMedians(data, rows, cols, size, out ?? new Float32Array(data.length)) as T;
  return slidingMedians(data, rows, cols, cols, 1, size);
}

/** Median filter of a 1-D signal (`scipy.ndimage.median_filter(x, size, mode='reflect')`). */
export function medianFilter1d<T extends RealArray>(x: T, size: number): T {
  return medianFilterAlongRows(x, 1, x.length, size);
}
