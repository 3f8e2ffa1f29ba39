// AssemblyScript, compiled with 128-bit SIMD to dist/src/dsp/long-fft.wasm by `npm run
// build:kernels` (host: src/dsp/long-fft.ts). fft.ts `PowerOfTwoFft.transform` and
// `transformBitReversed` for long transforms (the scattering transform's 2^12 to 2^19 points),
// statement for statement: the twiddle-free first pass one butterfly at a time, then every radix-4
// pass two butterflies at a time, k and k + 1 in the two f64 lanes (their points are neighbours
// in memory). Each lane does the JavaScript's arithmetic on its own butterfly, so the values are
// the same bit for bit.
//
// A plan (laid out by the host) is four i32 at `plan`: n, 1 when log2 n is odd (a radix-2 first
// pass), the byte offsets of the bit reversal `rev` (i32 x n) and of the twiddles `tw`: fft.ts's
// radix-4 twiddles regrouped per pair of butterflies, w1r, w1i, w2r, w2i, w3r, w3i each as a v128
// of (k, k + 1).

import { butterfly, twiddledButterflyLanes } from './fft.as';
import { f, sf } from './memory.as';

/** The twiddle-free first pass over the points [lo, hi): radix-2 (log2 n odd) or radix-4. */
function firstPass(re: usize, im: usize, lo: i32, hi: i32, radix2: bool): void {
  if (radix2) {
    for (let i = lo; i < hi; i += 2) {
      const ar = f(re, i), ai = f(im, i);
      sf(re, i, ar + f(re, i + 1));
      sf(im, i, ai + f(im, i + 1));
      sf(re, i + 1, ar - f(re, i + 1));
      sf(im, i + 1, ai - f(im, i + 1));
    }
    return;
  }
  for (let a = lo; a + 3 < hi; a += 4) butterfly(re, im, a, a + 1, a + 2, a + 3, f(re, a), f(im, a), f(re, a + 1), f(im, a + 1), f(re, a + 2), f(im, a + 2), f(re, a + 3), f(im, a + 3));
}

/** The radix-4 pass of span h over the groups of 4h points in [lo, hi), its twiddle pairs at `t`. */
function radix4Pass(re: usize, im: usize, lo: i32, hi: i32, h: i32, t: usize): void {
  const size = 4 * h;
  for (let k = 0; k < h; k += 2, t += 96) {
    const w1r = v128.load(t), w1i = v128.load(t, 16), w2r = v128.load(t, 32), w2i = v128.load(t, 48), w3r = v128.load(t, 64), w3i = v128.load(t, 80);
    for (let base = lo; base < hi; base += size) {
      // Butterflies k and k + 1: their points are neighbours, two f64 in one v128.
      const a = <usize>(base + k) << 3, q = <usize>h << 3;
      twiddledButterflyLanes(re, im, a, a + q, a + 2 * q, a + 3 * q, w1r, w1i, w2r, w2i, w3r, w3i);
    }
  }
}

/** Points per block whose passes run while the block is in cache (256 KiB of re and im). */
const BLOCK = 1 << 14;

/**
 * The unscaled forward transform in place of the n points at re, im (f64): bit reversal first
 * when `permute` (fft.ts `transform`), else the input is already in bit-reversed order
 * (`transformBitReversed`; `firstPassDone` as there). The passes whose groups fit in a block of
 * BLOCK points run block by block, so those points stay in cache across them; the rest run over
 * the whole array. Every butterfly sees the same inputs in either order: the same values.
 */
export function transform(re: usize, im: usize, plan: usize, permute: bool, firstPassDone: bool): void {
  const n = load<i32>(plan), radix2First = load<i32>(plan, 4) != 0;
  const rev = <usize>load<i32>(plan, 8), tw = <usize>load<i32>(plan, 12);
  if (permute) {
    for (let i = 0; i < n; i++) {
      const j = load<i32>(rev + (<usize>i << 2));
      if (j > i) {
        let t = f(re, i);
        sf(re, i, f(re, j));
        sf(re, j, t);
        t = f(im, i);
        sf(im, i, f(im, j));
        sf(im, j, t);
      }
    }
  }
  const h0 = radix2First ? 2 : 4;
  const block = min(n, BLOCK);
  const first = radix2First || !firstPassDone;
  for (let lo = 0; lo < n; lo += block) {
    if (first) firstPass(re, im, lo, lo + block, radix2First);
    let t = tw;
    for (let h = h0; 4 * h <= block; h *= 4) {
      radix4Pass(re, im, lo, lo + block, h, t);
      t += <usize>h * 48;
    }
  }
  let t = tw;
  for (let h = h0; 4 * h <= n; h *= 4) {
    if (4 * h > block) radix4Pass(re, im, 0, n, h, t);
    t += <usize>h * 48;
  }
}

/** First byte the host may use (after the kernel's static data), 16-aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Bytes of the memory (fixed: it never grows). */
export function memoryBytes(): usize {
  return <usize>memory.size() << 16;
}
