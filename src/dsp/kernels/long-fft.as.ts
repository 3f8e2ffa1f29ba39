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

@inline function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function sf(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

@inline function v(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 3));
}

@inline function sv(p: usize, i: i32, x: v128): void {
  v128.store(p + (<usize>i << 3), x);
}

/** fft.ts `butterfly` (scalar): outputs to slots a, b, c, d. */
@inline function butterfly(re: usize, im: usize, a: i32, b: i32, c: i32, d: i32, pr: f64, pi: f64, qr: f64, qi: f64, ur: f64, ui: f64, vr: f64, vi: f64): void {
  const s02r = pr + qr, s02i = pi + qi, d02r = pr - qr, d02i = pi - qi;
  const s13r = ur + vr, s13i = ui + vi, d13r = ur - vr, d13i = ui - vi;
  sf(re, a, s02r + s13r);
  sf(im, a, s02i + s13i);
  sf(re, c, s02r - s13r);
  sf(im, c, s02i - s13i);
  sf(re, b, d02r + d13i);
  sf(im, b, d02i - d13r);
  sf(re, d, d02r - d13i);
  sf(im, d, d02i + d13r);
}

/** `butterfly` for the butterflies at slots a, b, c, d and a + 1, b + 1, c + 1, d + 1 (the two lanes). */
@inline function butterfly2(re: usize, im: usize, a: i32, b: i32, c: i32, d: i32, pr: v128, pi: v128, qr: v128, qi: v128, ur: v128, ui: v128, vr: v128, vi: v128): void {
  const s02r = f64x2.add(pr, qr), s02i = f64x2.add(pi, qi), d02r = f64x2.sub(pr, qr), d02i = f64x2.sub(pi, qi);
  const s13r = f64x2.add(ur, vr), s13i = f64x2.add(ui, vi), d13r = f64x2.sub(ur, vr), d13i = f64x2.sub(ui, vi);
  sv(re, a, f64x2.add(s02r, s13r));
  sv(im, a, f64x2.add(s02i, s13i));
  sv(re, c, f64x2.sub(s02r, s13r));
  sv(im, c, f64x2.sub(s02i, s13i));
  sv(re, b, f64x2.add(d02r, d13i));
  sv(im, b, f64x2.sub(d02i, d13r));
  sv(re, d, f64x2.sub(d02r, d13i));
  sv(im, d, f64x2.add(d02i, d13r));
}

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
      const a = base + k, b = a + h, c = b + h, d = c + h;
      const t0r = v(re, a), t0i = v(im, a);
      const cr = v(re, c), ci = v(im, c), br = v(re, b), bi = v(im, b), dr = v(re, d), di = v(im, d);
      const t1r = f64x2.sub(f64x2.mul(cr, w1r), f64x2.mul(ci, w1i)), t1i = f64x2.add(f64x2.mul(cr, w1i), f64x2.mul(ci, w1r));
      const t2r = f64x2.sub(f64x2.mul(br, w2r), f64x2.mul(bi, w2i)), t2i = f64x2.add(f64x2.mul(br, w2i), f64x2.mul(bi, w2r));
      const t3r = f64x2.sub(f64x2.mul(dr, w3r), f64x2.mul(di, w3i)), t3i = f64x2.add(f64x2.mul(dr, w3i), f64x2.mul(di, w3r));
      butterfly2(re, im, a, b, c, d, t0r, t0i, t2r, t2i, t1r, t1i, t3r, t3i);
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
