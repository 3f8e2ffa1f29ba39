/**
 * The STFT's `center` padding: the signal extended by `pad` samples on both sides, numpy
 * `reflect` (mirror without repeating the edge sample) or zeros, read a range at a time so that
 * a caller can pad a long signal in chunks without building it whole.
 */

/** How `center` extends the signal: numpy `reflect` (mirror without repeating the edge) or zeros. */
export type PadMode = 'reflect' | 'constant';

/** numpy-style `reflect` index for i outside [0, n): mirror without repeating the edge sample. */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - j;
  return j;
}

/**
 * Samples [from, to) of `y` padded by `pad` on both sides (index p of the padded signal is
 * y[p - pad]) into dst[0 .. to - from), converted to dst's element type.
 *
 * @example
 *   paddedRange(Float32Array.of(1, 2, 3), 2, 'reflect', 0, 7, out); // out = [3, 2, 1, 2, 3, 2, 1]
 */
export function paddedRange(y: Float32Array, pad: number, mode: PadMode, from: number, to: number, dst: Float32Array | Float64Array): void {
  const n = y.length;
  const lo = Math.min(Math.max(from, pad), to);
  const hi = Math.max(Math.min(to, pad + n), lo);
  // A native copy of the interior: no JS loop for V8 to replace on the stack (and deoptimise) every clip.
  if (hi > lo) dst.set(y.subarray(lo - pad, hi - pad), lo - from);
  if (mode === 'reflect' && n > 0) {
    for (let p = from; p < lo; p++) dst[p - from] = y[reflectIndex(p - pad, n)];
    for (let p = hi; p < to; p++) dst[p - from] = y[reflectIndex(p - pad, n)];
  } else {
    dst.fill(0, 0, lo - from);
    dst.fill(0, hi - from, to - from);
  }
}
