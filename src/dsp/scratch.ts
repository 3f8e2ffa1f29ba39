/**
 * A small per-thread pool of scratch memory for intermediate arrays that never leave a function
 * (padded signals, overlap-add sums, transposes, the shared STFT of `gtzan58`). A 30 s clip
 * needs several 5 MB buffers; allocating them fresh for every clip made each clip allocate
 * ~47 MB, which costs zero-filling, page faults and GC work on other cores. Borrowed memory is
 * NOT zeroed: callers initialise what they read. Not exported from the package.
 */

/** Free buffers, at most MAX_FREE of them holding at most MAX_FREE_BYTES (the smallest are kept). */
const free: ArrayBuffer[] = [];
const MAX_FREE = 16;
/** Enough for every buffer of `gtzan58` on a 30 s clip (~55 MB) with room to spare; a thread
 * that once processed a long file does not keep its huge buffers. */
const MAX_FREE_BYTES = 128 << 20;

/**
 * A buffer of at least `bytes` bytes: the smallest free one that fits, or a new one with 1/8
 * headroom so clips a little longer than the last one still fit. Give it back with `release`.
 */
function borrow(bytes: number): ArrayBuffer {
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    if (free[i].byteLength >= bytes && (best < 0 || free[i].byteLength < free[best].byteLength)) best = i;
  }
  if (best < 0) return new ArrayBuffer(Math.ceil((bytes + (bytes >> 3)) / 8) * 8);
  const buf = free[best];
  free[best] = free[free.length - 1];
  free.pop();
  return buf;
}

/** Returns the memory of borrowed arrays to the pool; the caller must not use them afterwards. */
export function release(...arrays: (Float32Array | Float64Array)[]): void {
  for (const a of arrays) {
    const buf = a.buffer as ArrayBuffer;
    if (!free.includes(buf)) free.push(buf);
  }
  free.sort((a, b) => a.byteLength - b.byteLength);
  let total = 0;
  let keep = 0;
  while (keep < free.length && keep < MAX_FREE && total + free[keep].byteLength <= MAX_FREE_BYTES) total += free[keep++].byteLength;
  free.length = keep;
}

/** A Float64Array of `n` values over borrowed memory (contents unspecified). */
export function borrowFloat64(n: number): Float64Array {
  return new Float64Array(borrow(n * 8), 0, n);
}

/** A Float32Array of `n` values over borrowed memory (contents unspecified). */
export function borrowFloat32(n: number): Float32Array {
  return new Float32Array(borrow(n * 4), 0, n);
}

/** Objects kept for the life of the thread (see `keepClassAlive`). */
const anchors: object[] = [];

/**
 * Keeps one idle instance of a hot class for the life of the thread. V8 keeps optimised code
 * only while the hidden classes it was specialised on are alive; for a class whose instances are
 * made per clip (FFT plans, median workspaces, peak lists), a garbage collection between clips
 * found no instance left, dropped the class and the optimised code with it, and every worker
 * compiled the hot loops again on the next clip. Returns the instance.
 */
export function keepClassAlive<T extends object>(instance: T): T {
  anchors.push(instance);
  return instance;
}
