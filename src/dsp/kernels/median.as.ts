// AssemblyScript, compiled to dist/src/dsp/median.wasm by `npm run build` (not by tsc: see the
// `exclude` of tsconfig.json). The rank-bitset sliding median of src/dsp/median.ts (`rankLine`,
// `rankMedianLine`), statement for statement, for float32 lines: the same results bit for bit,
// about 1.4x faster than V8's code for the JavaScript, and compiled once per thread in about a
// millisecond instead of being optimised by V8 in every worker. The host (median.ts) calls
// `prepare(m)` for lines of m extended samples, copies lines to the returned offset (as many as
// fit in the fixed memory) and calls `medianLines` on them in place.

// Workspace arrays, i32 each, m entries (words: ceil(m / 32), hist: 512); `ext` holds up to four
// groups of four extended lines interleaved (4 x v128 x m), `win` a group's sorted windows (v128 x
// SIMD_MAX_SIZE) and `colOut` four groups' medians (4 x v128 x m).
let ext: usize = 0;
let win: usize = 0;
let colOut: usize = 0;
let keys: usize = 0;
let keys2: usize = 0;
let pos: usize = 0;
let pos2: usize = 0;
let rank: usize = 0;
let words: usize = 0;
let hist: usize = 0;
let free: usize = 0;

@inline function ld(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

@inline function st(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

/** Sort key of a float32's bits: signed order after ^ 0x80000000 is numeric order. */
@inline function floatKey(bits: i32): i32 {
  return bits < 0 ? ~bits : bits ^ 0x80000000;
}

/**
 * Lays the workspace out for lines of `m` extended samples (length + 2 * (size >> 1)) and
 * returns the (16-aligned) offset after it, where the host puts the lines; 0 when the workspace
 * does not fit in the memory. The memory never grows: growing it detaches its old ArrayBuffer,
 * and one detached ArrayBuffer makes V8 add checks to every typed-array access of the thread
 * for good (the gtzan58 recipe then runs 20 % slower).
 */
export function prepare(m: i32): usize {
  const bytes = (<usize>m) << 2;
  ext = (__heap_base + 15) & ~15;
  win = ext + (bytes << 4);
  colOut = win + (<usize>SIMD_MAX_SIZE << 4);
  keys = colOut + (bytes << 4);
  keys2 = keys + bytes;
  pos = keys2 + bytes;
  pos2 = pos + bytes;
  rank = pos2 + bytes;
  words = rank + bytes;
  hist = words + ((<usize>((m + 31) >> 5)) << 2);
  free = (hist + 1024 * 4 + 15) & ~15;
  return free < (<usize>memory.size() << 16) ? free : 0;
}

/** One stable counting pass on the byte at `shift`, its counts at hist[hb .. hb + 256). */
function radixPass(k: usize, p: usize, toK: usize, toP: usize, hb: i32, shift: i32, m: i32): void {
  let sum = 0;
  for (let d = hb; d < hb + 256; d++) {
    const c = ld(hist, d);
    st(hist, d, sum);
    sum += c;
  }
  for (let e = 0; e < m; e++) {
    const key = ld(k, e);
    const slot = hb + ((key >>> shift) & 255);
    const at = ld(hist, slot);
    st(hist, slot, at + 1);
    st(toK, at, key);
    st(toP, at, ld(p, e));
  }
}

/** Ranks the m keys (two radix passes on the top 16 bits, insertion for the rest; all four byte passes past 4096 keys); `keys` ends as float bits in rank order. */
function rankLine(m: i32): void {
  const full = m > 4096; // FULL_RADIX_LENGTH of median.ts
  memory.fill(hist, 0, 1024 * 4);
  for (let e = 0; e < m; e++) {
    const k = ld(keys, e);
    st(pos, e, e);
    const a = (k >>> 16) & 255;
    st(hist, a, ld(hist, a) + 1);
    const b = 256 + (k >>> 24);
    st(hist, b, ld(hist, b) + 1);
    if (full) {
      const c = 512 + (k & 255);
      st(hist, c, ld(hist, c) + 1);
      const d = 768 + ((k >>> 8) & 255);
      st(hist, d, ld(hist, d) + 1);
    }
  }
  if (full) {
    radixPass(keys, pos, keys2, pos2, 512, 0, m);
    radixPass(keys2, pos2, keys, pos, 768, 8, m);
  }
  radixPass(keys, pos, keys2, pos2, 0, 16, m);
  radixPass(keys2, pos2, keys, pos, 256, 24, m);
  for (let r = 1; r < m; r++) {
    const k = ld(keys, r);
    const kc = k ^ 0x80000000;
    if ((ld(keys, r - 1) ^ 0x80000000) <= kc) continue;
    const pk = ld(pos, r);
    let q = r;
    while (q > 0 && (ld(keys, q - 1) ^ 0x80000000) > kc) {
      st(keys, q, ld(keys, q - 1));
      st(pos, q, ld(pos, q - 1));
      q--;
    }
    st(keys, q, k);
    st(pos, q, pk);
  }
  for (let r = 0; r < m; r++) {
    st(rank, ld(pos, r), r);
    const k = ld(keys, r);
    st(keys, r, k < 0 ? k ^ 0x80000000 : ~k);
  }
}

@inline function nextSetBit(q: i32): i32 {
  let w = q >> 5;
  let bits = ld(words, w) & (-1 << (q & 31));
  while (bits == 0) bits = ld(words, ++w);
  return (w << 5) + <i32>ctz(bits);
}

@inline function prevSetBit(q: i32): i32 {
  let w = q >> 5;
  let bits = ld(words, w) & <i32>(<u32>-1 >> <u32>(31 - (q & 31)));
  while (bits == 0) bits = ld(words, --w);
  return (w << 5) + 31 - <i32>clz(bits);
}

/**
 * Sliding medians (window `size`, scipy's reflect edges) of `lines` float32 lines of `length`
 * samples at byte offset `data`, written over them. Needs length > size / 2 and `prepare(length
 * + 2 * (size >> 1))` first. Windows of up to SIMD_MAX_SIZE run four lines at a time in SIMD
 * (`windowMedians4`); longer ones by ranks (`rankMedianLines`). Both give the element of rank
 * size / 2 of each window, so the same bits.
 */
export function medianLines(data: usize, lines: i32, length: i32, size: i32): void {
  if (size <= SIMD_MAX_SIZE) {
    for (let l = 0; l < lines; l += 4) windowMedians4(data, l, min(4, lines - l), length, size);
  } else {
    rankMedianLines(data, lines, length, size);
  }
}

/** Longest window of the SIMD path: its cost per step grows with the window, the ranks' does not. */
const SIMD_MAX_SIZE = 64;

/** Key of float bits whose signed order is the numeric order, and back (the map is its own inverse). */
@inline function keyOf(bits: v128): v128 {
  return v128.xor(bits, v128.and(i32x4.shr_s(bits, 31), i32x4.splat(0x7fffffff)));
}

/**
 * Medians of `count` (1-4) lines starting at line `first` of `data` (`length` floats each), one
 * lane per line: the four reflect-extended lines go interleaved into `ext` as keys, then
 * `slideWindows`. Missing lanes repeat the last line (computed, not stored).
 */
function windowMedians4(data: usize, first: i32, count: i32, length: i32, size: i32): void {
  const h = size >> 1;
  const m = length + 2 * h;
  const l0 = data + ((<usize>first * <usize>length) << 2);
  const l1 = data + ((<usize>(first + min(1, count - 1)) * <usize>length) << 2);
  const l2 = data + ((<usize>(first + min(2, count - 1)) * <usize>length) << 2);
  const l3 = data + ((<usize>(first + min(3, count - 1)) * <usize>length) << 2);
  // d c b a | a b c d | d c b a
  for (let e = 0; e < m; e++) {
    const o = <usize>reflected(e, h, length) << 2;
    let v = v128.load32_zero(l0 + o);
    v = v128.load32_lane(l1 + o, v, 1);
    v = v128.load32_lane(l2 + o, v, 2);
    v = v128.load32_lane(l3 + o, v, 3);
    v128.store(ext + (<usize>e << 4), keyOf(v));
  }
  startWindows(ext, 16, win, size);
  storeMedian(win, h, l0, l1, l2, l3, count, 0);
  for (let p = 1; p < length; p++) {
    slideWindows(ext, 16, win, p, size);
    storeMedian(win, h, l0, l1, l2, l3, count, p);
  }
}

/**
 * Sliding medians down each column (window `size`, scipy's reflect edges) of the rows x cols f32
 * matrix at `data` (row-major, rows > size / 2, cols >= 4) into `out` (another rows x cols
 * matrix), so a frames x bins spectrogram is filtered along time without a transpose: four
 * adjacent columns per SIMD step. Sixteen columns (four groups) are read and written together,
 * 64 bytes per row, each group's medians gathered in `colOut` first: a row is a page of its own
 * at spectrogram widths, and touching it once per sixteen columns rather than per four cost
 * 2-3 ms less on a 30 s clip. The last block overlaps the one before it when cols is not a
 * multiple of its width (the same values written twice). With `ref` (a third rows x cols
 * matrix) the output is HPSS's harmonic mask softmask(median, ref) instead, computed in a
 * contiguous pass after. Needs `prepare(rows + 2 * (size >> 1))` first.
 */
export function columnMedians(data: usize, rows: i32, cols: i32, size: i32, out: usize, ref: usize): void {
  const h = size >> 1;
  const m = rows + 2 * h;
  const stride = <usize>cols << 2;
  const groups = cols >= 16 ? 4 : 1;
  const width = 4 * groups;
  const extBytes = <usize>m << 4, outBytes = <usize>rows << 4;
  for (let c0 = 0; c0 < cols; c0 += width) {
    const c = min(c0, cols - width);
    const col = data + (<usize>c << 2);
    for (let e = 0; e < m; e++) {
      const row = col + <usize>reflected(e, h, rows) * stride, to = ext + (<usize>e << 4);
      for (let g = 0; g < groups; g++) v128.store(to + <usize>g * extBytes, keyOf(v128.load(row + (<usize>g << 4))));
    }
    for (let g = 0; g < groups; g++) {
      const keys = ext + <usize>g * extBytes, medians = colOut + <usize>g * outBytes;
      startWindows(keys, 16, win, size);
      v128.store(medians, v128.load(win + (<usize>h << 4)));
      for (let p = 1; p < rows; p++) {
        slideWindows(keys, 16, win, p, size);
        v128.store(medians + (<usize>p << 4), v128.load(win + (<usize>h << 4)));
      }
    }
    const to = out + (<usize>c << 2);
    for (let p = 0; p < rows; p++) {
      const row = to + <usize>p * stride, from = colOut + (<usize>p << 4);
      for (let g = 0; g < groups; g++) v128.store(row + (<usize>g << 4), keyOf(v128.load(from + <usize>g * outBytes)));
    }
  }
  if (ref == 0) return;
  // The mask in a pass of its own: contiguous, where reading ref down the columns was not.
  const n = rows * cols;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, softmaskSquares(v128.load(out + o), v128.load(ref + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    v128.store32_lane(out + o, softmaskSquares(v128.load32_zero(out + o), v128.load32_zero(ref + o)), 0);
  }
}

/**
 * hpss.ts `softmasks` for power 2, split zeros and margin 1, on four f32 lanes:
 * a < tiny && b < tiny ? 0.5 : a^2 / (a^2 + b^2), in f64 as the JavaScript, rounded to f32.
 */
@inline function softmaskSquares(a: v128, b: v128): v128 {
  const a0 = f64x2.promote_low_f32x4(a), b0 = f64x2.promote_low_f32x4(b);
  const a1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 2, 3)), b1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 2, 3));
  const q0 = f32x4.demote_f64x2_zero(f64x2.div(f64x2.mul(a0, a0), f64x2.add(f64x2.mul(a0, a0), f64x2.mul(b0, b0))));
  const q1 = f32x4.demote_f64x2_zero(f64x2.div(f64x2.mul(a1, a1), f64x2.add(f64x2.mul(a1, a1), f64x2.mul(b1, b1))));
  const tiny = f32x4.splat(1.1754943508222875e-38);
  const silent = v128.and(f32x4.lt(a, tiny), f32x4.lt(b, tiny));
  return v128.bitselect(f32x4.splat(0.5), v128.shuffle<f32>(q0, q1, 0, 1, 4, 5), silent);
}

/** The index in [0, length) that position e of the line extended by h on both sides reads (length > h). */
@inline function reflected(e: i32, h: i32, length: i32): i32 {
  return e < h ? h - 1 - e : e < h + length ? e - h : 2 * length + h - 1 - e;
}

/** The window `w` as the sorted first window of the keys at `keys` (`step` bytes apart): inserted into an all-MAX window (the last MAX drops off each time). */
function startWindows(keys: usize, step: usize, w: usize, size: i32): void {
  const top = i32x4.splat(i32.MAX_VALUE);
  for (let i = 0; i < size; i++) v128.store(w + (<usize>i << 4), top);
  for (let e = 0; e < size; e++) {
    const b = v128.load(keys + <usize>e * step);
    let prev = i32x4.splat(i32.MIN_VALUE);
    for (let i = 0; i < size; i++) {
      const at = w + (<usize>i << 4);
      const si = v128.load(at);
      v128.store(at, i32x4.max_s(prev, i32x4.min_s(si, b)));
      prev = si;
    }
  }
}

/**
 * The step of window `w` to output p over the keys at `keys` (`step` bytes apart): removes the
 * leaving key a = keys[p - 1] and inserts the arriving b = keys[p + size - 1] in one pass over
 * each lane's sorted window, branch-free:
 *   t[i] = s[i] < a ? s[i] : s[i + 1]        (s without its first a)
 *   s'[i] = max(t[i - 1], min(t[i], b))      (t with b inserted; t[-1] = -inf)
 * after which the median is s'[size / 2].
 */
@inline function slideWindows(keys: usize, step: usize, w: usize, p: i32, size: i32): void {
  const a = v128.load(keys + <usize>(p - 1) * step);
  const b = v128.load(keys + <usize>(p + size - 1) * step);
  const last = w + (<usize>(size - 1) << 4);
  let prevT = i32x4.splat(i32.MIN_VALUE);
  let si = v128.load(w);
  let at = w;
  // Four slots per iteration (fewer loop instructions per slot), then the rest one by one.
  for (const quadsEnd = w + (<usize>((size - 1) & ~3) << 4); at < quadsEnd; at += 64) {
    const n1 = v128.load(at, 16), n2 = v128.load(at, 32), n3 = v128.load(at, 48), n4 = v128.load(at, 64);
    const t1 = v128.bitselect(si, n1, i32x4.lt_s(si, a));
    const t2 = v128.bitselect(n1, n2, i32x4.lt_s(n1, a));
    const t3 = v128.bitselect(n2, n3, i32x4.lt_s(n2, a));
    const t4 = v128.bitselect(n3, n4, i32x4.lt_s(n3, a));
    v128.store(at, i32x4.max_s(prevT, i32x4.min_s(t1, b)));
    v128.store(at, i32x4.max_s(t1, i32x4.min_s(t2, b)), 16);
    v128.store(at, i32x4.max_s(t2, i32x4.min_s(t3, b)), 32);
    v128.store(at, i32x4.max_s(t3, i32x4.min_s(t4, b)), 48);
    prevT = t4;
    si = n4;
  }
  for (; at < last; at += 16) {
    const next = v128.load(at, 16);
    const t = v128.bitselect(si, next, i32x4.lt_s(si, a));
    v128.store(at, i32x4.max_s(prevT, i32x4.min_s(t, b)));
    prevT = t;
    si = next;
  }
  v128.store(last, i32x4.max_s(prevT, b));
}

/** Lane l of window slot h, back to float bits, to sample p of line l (lanes < count). */
@inline function storeMedian(win: usize, h: i32, l0: usize, l1: usize, l2: usize, l3: usize, count: i32, p: i32): void {
  const v = keyOf(v128.load(win + (<usize>h << 4)));
  const o = <usize>p << 2;
  v128.store32_lane(l0 + o, v, 0);
  if (count > 1) v128.store32_lane(l1 + o, v, 1);
  if (count > 2) v128.store32_lane(l2 + o, v, 2);
  if (count > 3) v128.store32_lane(l3 + o, v, 3);
}

/** `medianLines` by ranks, a line at a time (median.ts `rankMedianLine`). */
function rankMedianLines(data: usize, lines: i32, length: i32, size: i32): void {
  const h = size >> 1;
  const m = length + 2 * h;
  const nWords = (m + 31) >> 5;
  for (let l = 0; l < lines; l++) {
    const line = data + ((<usize>l * <usize>length) << 2);
    // Keys of the reflect-extended line: d c b a | a b c d | d c b a.
    for (let e = 0; e < h; e++) st(keys, e, floatKey(ld(line, h - 1 - e)));
    for (let i = 0; i < length; i++) st(keys, h + i, floatKey(ld(line, i)));
    for (let e = 0; e < h; e++) st(keys, h + length + e, floatKey(ld(line, length - 1 - e)));
    rankLine(m);
    memory.fill(words, 0, (<usize>nWords) << 2);
    for (let e = 0; e < size; e++) {
      const r = ld(rank, e);
      st(words, r >> 5, ld(words, r >> 5) | (1 << (r & 31)));
    }
    let med = nextSetBit(0);
    for (let below = 0; below < h; below++) med = nextSetBit(med + 1);
    st(line, 0, ld(keys, med));
    for (let p = 1; p < length; p++) {
      const a = ld(rank, p + size - 1);
      const b = ld(rank, p - 1);
      st(words, a >> 5, ld(words, a >> 5) | (1 << (a & 31)));
      st(words, b >> 5, ld(words, b >> 5) & ~(1 << (b & 31)));
      // Set ranks below the median after the step: (x - med) >> 31 is -1 when x < med.
      const below = h - ((a - med) >> 31) + ((b - med) >> 31);
      if (b == med) med = nextSetBit(med + 1);
      if (below < h) med = nextSetBit(med + 1);
      else if (below > h) med = prevSetBit(med - 1);
      st(line, p, ld(keys, med));
    }
  }
}
