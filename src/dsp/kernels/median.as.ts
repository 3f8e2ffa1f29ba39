// AssemblyScript, compiled to dist/src/dsp/median.wasm by `npm run build` (not by tsc: see the
// `exclude` of tsconfig.json). The rank-bitset sliding median of src/dsp/median.ts (`rankLine`,
// `rankMedianLine`), statement for statement, for float32 lines: the same results bit for bit,
// about 1.4x faster than V8's code for the JavaScript, and compiled once per thread in about a
// millisecond instead of being optimised by V8 in every worker. The host (median.ts) calls
// `prepare(m)` for lines of m extended samples, copies lines to the returned offset (as many as
// fit in the fixed memory) and calls `medianLines` on them in place.

// Workspace arrays, i32 each, m entries (words: ceil(m / 32), hist: 512).
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
  keys = (__heap_base + 15) & ~15;
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
 * + 2 * (size >> 1))` first.
 */
export function medianLines(data: usize, lines: i32, length: i32, size: i32): void {
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
