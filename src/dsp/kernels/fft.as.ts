// AssemblyScript (see kernels.as.ts): the power-of-two real FFTs of src/dsp/fft.ts, statement for
// statement (`PowerOfTwoFft`, `RealFft`'s windowed forward, inverse and windowed overlap-add for a
// half length h, a power of two >= 4). Host: fft.ts `WasmRealFft`.
import { f, sf, ri } from './memory.as';

// A transform plan as the host lays it out (fft.ts `WasmRealFft`): nine i32 at `plan`, the half
// length h, 1 when log2 h is odd (a radix-2 first pass), and the byte offsets of the bit
// reversal `rev` (i32), the radix-4 twiddles `tw`, the split twiddles `twRe`, `twIm`, the
// scratch `zRe`, `zIm` (f64) and the two-frame scratch `z2` (v128 x 2h).
@inline export function planH(plan: usize): i32 {
  return load<i32>(plan);
}
@inline export function planRadix2First(plan: usize): bool {
  return load<i32>(plan, 4) != 0;
}
@inline export function planRev(plan: usize): usize {
  return <usize>load<i32>(plan, 8);
}
@inline export function planTw(plan: usize): usize {
  return <usize>load<i32>(plan, 12);
}
@inline export function planTwRe(plan: usize): usize {
  return <usize>load<i32>(plan, 16);
}
@inline export function planTwIm(plan: usize): usize {
  return <usize>load<i32>(plan, 20);
}
@inline export function planZRe(plan: usize): usize {
  return <usize>load<i32>(plan, 24);
}
@inline export function planZIm(plan: usize): usize {
  return <usize>load<i32>(plan, 28);
}

/** The twiddle-free radix-2 pass (log2 n odd). */
function firstRadix2Pass(re: usize, im: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) {
    const ar = f(re, i), ai = f(im, i);
    sf(re, i, ar + f(re, i + 1));
    sf(im, i, ai + f(im, i + 1));
    sf(re, i + 1, ar - f(re, i + 1));
    sf(im, i + 1, ai - f(im, i + 1));
  }
}

/**
 * One radix-4 butterfly: inputs p, q (the sub-DFTs of residues 0 and 2, twiddled) and u, v
 * (residues 1 and 3), outputs X[k] to slot a, X[k + h] to b, X[k + 2h] to c, X[k + 3h] to d,
 * with the JavaScript's expressions in its order (fft.ts).
 */
@inline export function butterfly(re: usize, im: usize, a: i32, b: i32, c: i32, d: i32, pr: f64, pi: f64, qr: f64, qi: f64, ur: f64, ui: f64, vr: f64, vi: f64): void {
  const s02r = pr + qr, s02i = pi + qi, d02r = pr - qr, d02i = pi - qi;
  const s13r = ur + vr, s13i = ui + vi, d13r = ur - vr, d13i = ui - vi;
  sf(re, a, s02r + s13r);
  sf(im, a, s02i + s13i);
  sf(re, c, s02r - s13r);
  sf(im, c, s02i - s13i);
  // X[k + h] = d02 - i d13, X[k + 3h] = d02 + i d13
  sf(re, b, d02r + d13i);
  sf(im, b, d02i - d13r);
  sf(re, d, d02r - d13i);
  sf(im, d, d02i + d13r);
}

/** The first radix-4 pass (log2 n even): all twiddles are 1. */
function firstRadix4Pass(re: usize, im: usize, n: i32): void {
  for (let a = 0; a + 3 < n; a += 4) {
    const b = a + 1, c = a + 2, d = a + 3;
    butterfly(re, im, a, b, c, d, f(re, a), f(im, a), f(re, b), f(im, b), f(re, c), f(im, c), f(re, d), f(im, d));
  }
}

/** The radix-4 passes from span h on, twiddles of the first of them at tw[off ..]. */
function radix4Passes(re: usize, im: usize, n: i32, h: i32, tw: usize, off: i32): void {
  for (; 4 * h <= n; h *= 4) {
    const size = 4 * h;
    for (let k = 0, t = off; k < h; k++, t += 6) {
      const w1r = f(tw, t), w1i = f(tw, t + 1), w2r = f(tw, t + 2), w2i = f(tw, t + 3), w3r = f(tw, t + 4), w3i = f(tw, t + 5);
      for (let base = 0; base < n; base += size) {
        const a = base + k, b = a + h, c = b + h, d = c + h;
        const t0r = f(re, a), t0i = f(im, a);
        const cr = f(re, c), ci = f(im, c), br = f(re, b), bi = f(im, b), dr = f(re, d), di = f(im, d);
        const t1r = cr * w1r - ci * w1i, t1i = cr * w1i + ci * w1r;
        const t2r = br * w2r - bi * w2i, t2i = br * w2i + bi * w2r;
        const t3r = dr * w3r - di * w3i, t3i = dr * w3i + di * w3r;
        butterfly(re, im, a, b, c, d, t0r, t0i, t2r, t2i, t1r, t1i, t3r, t3i);
      }
    }
    off += 6 * h;
  }
}

/** `PowerOfTwoFft.transformBitReversed` of length h (radix2First when log2 h is odd). */
function transformBitReversed(re: usize, im: usize, h: i32, radix2First: bool, firstPassDone: bool, tw: usize): void {
  let span = 4;
  if (radix2First) {
    firstRadix2Pass(re, im, h);
    span = 2;
  } else if (!firstPassDone) {
    firstRadix4Pass(re, im, h);
  }
  radix4Passes(re, im, h, span, tw, radix2First ? 0 : 6);
}

/** Windowed load into bit-reversed slots fused with the first radix-4 pass (`loadWindowedFirstRadix4`). */
function loadWindowedFirstRadix4(signal: usize, window: usize, rev: usize, zRe: usize, zIm: usize, h: i32): void {
  for (let a = 0; a < h; a += 4) {
    const ia = 2 * ri(rev, a), ib = 2 * ri(rev, a + 1), ic = 2 * ri(rev, a + 2), id = 2 * ri(rev, a + 3);
    const xar = f(signal, ia) * f(window, ia), xai = f(signal, ia + 1) * f(window, ia + 1);
    const xbr = f(signal, ib) * f(window, ib), xbi = f(signal, ib + 1) * f(window, ib + 1);
    const xcr = f(signal, ic) * f(window, ic), xci = f(signal, ic + 1) * f(window, ic + 1);
    const xdr = f(signal, id) * f(window, id), xdi = f(signal, id + 1) * f(window, id + 1);
    butterfly(zRe, zIm, a, a + 1, a + 2, a + 3, xar, xai, xbr, xbi, xcr, xci, xdr, xdi);
  }
}

/** Load into bit-reversed slots, windowed unless `window` is 0 (`loadBitReversed`). */
function loadBitReversed(signal: usize, window: usize, rev: usize, zRe: usize, zIm: usize, h: i32): void {
  if (window != 0) {
    for (let k = 0, i = 0; k < h; k++, i += 2) {
      const j = ri(rev, k);
      sf(zRe, j, f(signal, i) * f(window, 2 * k));
      sf(zIm, j, f(signal, i + 1) * f(window, 2 * k + 1));
    }
  } else {
    for (let k = 0, i = 0; k < h; k++, i += 2) {
      const j = ri(rev, k);
      sf(zRe, j, f(signal, i));
      sf(zIm, j, f(signal, i + 1));
    }
  }
}

/** `splitEvenOdd`: bins 0..h of the 2h real samples into re, im. */
function splitEvenOdd(zRe: usize, zIm: usize, twRe: usize, twIm: usize, h: i32, re: usize, im: usize): void {
  sf(re, 0, f(zRe, 0) + f(zIm, 0));
  sf(im, 0, 0);
  sf(re, h, f(zRe, 0) - f(zIm, 0));
  sf(im, h, 0);
  for (let k = 1, m = h - 1; k <= m; k++, m--) {
    const ar = f(zRe, k), ai = f(zIm, k), br = f(zRe, m), bi = f(zIm, m);
    const er = 0.5 * (ar + br), ei = 0.5 * (ai - bi);
    const or = 0.5 * (ai + bi), oi = -0.5 * (ar - br);
    const wr = f(twRe, k), wi = f(twIm, k);
    const xr = or * wr - oi * wi, xi = or * wi + oi * wr;
    sf(re, k, er + xr);
    sf(im, k, ei + xi);
    sf(re, m, er - xr);
    sf(im, m, xi - ei);
  }
}

/**
 * Bins 0..h of the 2h samples at `signal` times `window` (no window when 0) into `re`, `im`:
 * `RealFft.forwardWindowed` for a power-of-two half length h >= 4.
 */
export function forwardWindowed(signal: usize, window: usize, re: usize, im: usize, plan: usize): void {
  const h = planH(plan), radix2First = planRadix2First(plan), rev = planRev(plan), tw = planTw(plan);
  const zRe = planZRe(plan), zIm = planZIm(plan);
  const fused = window != 0 && !radix2First;
  if (fused) loadWindowedFirstRadix4(signal, window, rev, zRe, zIm, h);
  else loadBitReversed(signal, window, rev, zRe, zIm, h);
  transformBitReversed(zRe, zIm, h, radix2First, fused, tw);
  splitEvenOdd(zRe, zIm, planTwRe(plan), planTwIm(plan), h, re, im);
}

/**
 * `target[i] += window[i] * x[i]` for i < 2h, x the inverse transform of bins 0..h at `re`, `im`
 * (scaled 1/2h): `RealFft.inverseWindowedAdd` for a power-of-two half length h >= 4.
 */
export function inverseWindowedAdd(re: usize, im: usize, window: usize, target: usize, plan: usize): void {
  inverseToScratch(re, im, plan);
  const h = planH(plan), zRe = planZRe(plan), zIm = planZIm(plan);
  for (let k = 0, i = 0; k < h; k++, i += 2) {
    sf(target, i, f(target, i) + f(window, 2 * k) * f(zRe, k));
    sf(target, i + 1, f(target, i + 1) + f(window, 2 * k + 1) * f(zIm, k));
  }
}

/** The 2h samples (scaled 1/2h) of bins 0..h at `re`, `im` into `out`: `RealFft.inverse` for a power-of-two half length h >= 4. */
export function inverse(re: usize, im: usize, out: usize, plan: usize): void {
  inverseToScratch(re, im, plan);
  const h = planH(plan), zRe = planZRe(plan), zIm = planZIm(plan);
  for (let k = 0, i = 0; k < h; k++, i += 2) {
    sf(out, i, f(zRe, k));
    sf(out, i + 1, f(zIm, k));
  }
}

/** `RealFft.inverseToScratch` for a power-of-two half length: samples 2k and 2k + 1 into zRe[k], zIm[k]. */
function inverseToScratch(re: usize, im: usize, plan: usize): void {
  const h = planH(plan), rev = planRev(plan), twRe = planTwRe(plan), twIm = planTwIm(plan), zRe = planZRe(plan), zIm = planZIm(plan);
  const half = 0.5 / <f64>h;
  for (let k = 0; k < h; k++) {
    const ar = f(re, k), ai = k == 0 ? 0 : f(im, k);
    const br = f(re, h - k), bi = k == 0 ? 0 : -f(im, h - k);
    const er = half * (ar + br), ei = half * (ai + bi);
    const dr = half * (ar - br), di = half * (ai - bi);
    const wr = f(twRe, k), wi = -f(twIm, k);
    const or = dr * wr - di * wi, oi = dr * wi + di * wr;
    const j = ri(rev, k);
    sf(zRe, j, er - oi);
    sf(zIm, j, ei + or);
  }
  transformBitReversed(zIm, zRe, h, planRadix2First(plan), false, planTw(plan));
}

// Two frames at a time: the same statements on f64x2 lanes (lane 0 frame A, lane 1 frame B), so
// each lane's values are the scalar transform's bit for bit (no fused multiply-add in wasm SIMD).
// Their scratch is the plan's `z2`: 2h v128, the real parts then the imaginary.

@inline function planZ2(plan: usize): usize {
  return <usize>load<i32>(plan, 32);
}

@inline function v(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 4));
}

@inline function sv(p: usize, i: i32, x: v128): void {
  v128.store(p + (<usize>i << 4), x);
}

/** f64 i of `a` in lane 0 and of `b` in lane 1. */
@inline function pairAt(a: usize, b: usize, i: i32): v128 {
  const o = <usize>i << 3;
  return v128.load64_lane(b + o, v128.load64_zero(a + o), 1);
}

@inline function fsplat(p: usize, i: i32): v128 {
  return v128.load64_splat(p + (<usize>i << 3));
}

/**
 * `butterfly` on f64x2 lanes, the four points at byte offsets a, b, c, d of re and im (each lane
 * one transform's point, or one of two neighbouring butterflies: long-fft.as.ts).
 */
@inline export function butterflyLanes(re: usize, im: usize, a: usize, b: usize, c: usize, d: usize, pr: v128, pi: v128, qr: v128, qi: v128, ur: v128, ui: v128, vr: v128, vi: v128): void {
  const s02r = f64x2.add(pr, qr), s02i = f64x2.add(pi, qi), d02r = f64x2.sub(pr, qr), d02i = f64x2.sub(pi, qi);
  const s13r = f64x2.add(ur, vr), s13i = f64x2.add(ui, vi), d13r = f64x2.sub(ur, vr), d13i = f64x2.sub(ui, vi);
  v128.store(re + a, f64x2.add(s02r, s13r));
  v128.store(im + a, f64x2.add(s02i, s13i));
  v128.store(re + c, f64x2.sub(s02r, s13r));
  v128.store(im + c, f64x2.sub(s02i, s13i));
  v128.store(re + b, f64x2.add(d02r, d13i));
  v128.store(im + b, f64x2.sub(d02i, d13r));
  v128.store(re + d, f64x2.sub(d02r, d13i));
  v128.store(im + d, f64x2.add(d02i, d13r));
}

/**
 * One radix-4 butterfly with its twiddles (fft.ts `radix4Passes`' inner step) on f64x2 lanes:
 * the points at byte offsets a, b, c, d, b's times w2, c's times w1, d's times w3.
 */
@inline export function twiddledButterflyLanes(re: usize, im: usize, a: usize, b: usize, c: usize, d: usize, w1r: v128, w1i: v128, w2r: v128, w2i: v128, w3r: v128, w3i: v128): void {
  const t0r = v128.load(re + a), t0i = v128.load(im + a);
  const cr = v128.load(re + c), ci = v128.load(im + c), br = v128.load(re + b), bi = v128.load(im + b), dr = v128.load(re + d), di = v128.load(im + d);
  const t1r = f64x2.sub(f64x2.mul(cr, w1r), f64x2.mul(ci, w1i)), t1i = f64x2.add(f64x2.mul(cr, w1i), f64x2.mul(ci, w1r));
  const t2r = f64x2.sub(f64x2.mul(br, w2r), f64x2.mul(bi, w2i)), t2i = f64x2.add(f64x2.mul(br, w2i), f64x2.mul(bi, w2r));
  const t3r = f64x2.sub(f64x2.mul(dr, w3r), f64x2.mul(di, w3i)), t3i = f64x2.add(f64x2.mul(dr, w3i), f64x2.mul(di, w3r));
  butterflyLanes(re, im, a, b, c, d, t0r, t0i, t2r, t2i, t1r, t1i, t3r, t3i);
}

/** `butterflyLanes` at v128 indices a, b, c, d (two frames per lane pair). */
@inline function butterfly2(re: usize, im: usize, a: i32, b: i32, c: i32, d: i32, pr: v128, pi: v128, qr: v128, qi: v128, ur: v128, ui: v128, vr: v128, vi: v128): void {
  butterflyLanes(re, im, <usize>a << 4, <usize>b << 4, <usize>c << 4, <usize>d << 4, pr, pi, qr, qi, ur, ui, vr, vi);
}

function firstRadix2Pass2(re: usize, im: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) {
    const ar = v(re, i), ai = v(im, i);
    sv(re, i, f64x2.add(ar, v(re, i + 1)));
    sv(im, i, f64x2.add(ai, v(im, i + 1)));
    sv(re, i + 1, f64x2.sub(ar, v(re, i + 1)));
    sv(im, i + 1, f64x2.sub(ai, v(im, i + 1)));
  }
}

function firstRadix4Pass2(re: usize, im: usize, n: i32): void {
  for (let a = 0; a + 3 < n; a += 4) {
    const b = a + 1, c = a + 2, d = a + 3;
    butterfly2(re, im, a, b, c, d, v(re, a), v(im, a), v(re, b), v(im, b), v(re, c), v(im, c), v(re, d), v(im, d));
  }
}

function radix4Passes2(re: usize, im: usize, n: i32, h: i32, tw: usize, off: i32): void {
  for (; 4 * h <= n; h *= 4) {
    const size = 4 * h;
    for (let k = 0, t = off; k < h; k++, t += 6) {
      const w1r = fsplat(tw, t), w1i = fsplat(tw, t + 1), w2r = fsplat(tw, t + 2), w2i = fsplat(tw, t + 3), w3r = fsplat(tw, t + 4), w3i = fsplat(tw, t + 5);
      for (let base = 0; base < n; base += size) {
        const a = <usize>(base + k) << 4, q = <usize>h << 4;
        twiddledButterflyLanes(re, im, a, a + q, a + 2 * q, a + 3 * q, w1r, w1i, w2r, w2i, w3r, w3i);
      }
    }
    off += 6 * h;
  }
}

function transformBitReversed2(re: usize, im: usize, h: i32, radix2First: bool, firstPassDone: bool, tw: usize): void {
  let span = 4;
  if (radix2First) {
    firstRadix2Pass2(re, im, h);
    span = 2;
  } else if (!firstPassDone) {
    firstRadix4Pass2(re, im, h);
  }
  radix4Passes2(re, im, h, span, tw, radix2First ? 0 : 6);
}

/**
 * `forwardWindowed` of two frames at once: bins 0..h of the 2h samples at `a` times `window`
 * into reA, imA and of those at `b` into reB, imB (a window is required).
 */
export function forwardWindowedPair(a: usize, b: usize, window: usize, reA: usize, imA: usize, reB: usize, imB: usize, plan: usize): void {
  const h = planH(plan), radix2First = planRadix2First(plan), rev = planRev(plan), tw = planTw(plan);
  const zRe = planZ2(plan), zIm = zRe + (<usize>h << 4);
  if (!radix2First) {
    for (let k = 0; k < h; k += 4) {
      const ia = 2 * ri(rev, k), ib = 2 * ri(rev, k + 1), ic = 2 * ri(rev, k + 2), id = 2 * ri(rev, k + 3);
      const xar = f64x2.mul(pairAt(a, b, ia), fsplat(window, ia)), xai = f64x2.mul(pairAt(a, b, ia + 1), fsplat(window, ia + 1));
      const xbr = f64x2.mul(pairAt(a, b, ib), fsplat(window, ib)), xbi = f64x2.mul(pairAt(a, b, ib + 1), fsplat(window, ib + 1));
      const xcr = f64x2.mul(pairAt(a, b, ic), fsplat(window, ic)), xci = f64x2.mul(pairAt(a, b, ic + 1), fsplat(window, ic + 1));
      const xdr = f64x2.mul(pairAt(a, b, id), fsplat(window, id)), xdi = f64x2.mul(pairAt(a, b, id + 1), fsplat(window, id + 1));
      butterfly2(zRe, zIm, k, k + 1, k + 2, k + 3, xar, xai, xbr, xbi, xcr, xci, xdr, xdi);
    }
  } else {
    for (let k = 0, i = 0; k < h; k++, i += 2) {
      const j = ri(rev, k);
      sv(zRe, j, f64x2.mul(pairAt(a, b, i), fsplat(window, 2 * k)));
      sv(zIm, j, f64x2.mul(pairAt(a, b, i + 1), fsplat(window, 2 * k + 1)));
    }
  }
  transformBitReversed2(zRe, zIm, h, radix2First, !radix2First, tw);
  // splitEvenOdd, lane by lane into the two outputs.
  const twRe = planTwRe(plan), twIm = planTwIm(plan);
  const z0r = v(zRe, 0), z0i = v(zIm, 0);
  const x0 = f64x2.add(z0r, z0i), xh = f64x2.sub(z0r, z0i);
  const hb = <usize>h << 3;
  v128.store64_lane(reA, x0, 0);
  v128.store64_lane(reB, x0, 1);
  v128.store64_lane(reA + hb, xh, 0);
  v128.store64_lane(reB + hb, xh, 1);
  store<f64>(imA, 0);
  store<f64>(imB, 0);
  store<f64>(imA + hb, 0);
  store<f64>(imB + hb, 0);
  const half = f64x2.splat(0.5), minusHalf = f64x2.splat(-0.5);
  for (let k = 1, m = h - 1; k <= m; k++, m--) {
    const ar = v(zRe, k), ai = v(zIm, k), br = v(zRe, m), bi = v(zIm, m);
    const er = f64x2.mul(half, f64x2.add(ar, br)), ei = f64x2.mul(half, f64x2.sub(ai, bi));
    const or = f64x2.mul(half, f64x2.add(ai, bi)), oi = f64x2.mul(minusHalf, f64x2.sub(ar, br));
    const wr = fsplat(twRe, k), wi = fsplat(twIm, k);
    const xr = f64x2.sub(f64x2.mul(or, wr), f64x2.mul(oi, wi)), xi = f64x2.add(f64x2.mul(or, wi), f64x2.mul(oi, wr));
    const kr = f64x2.add(er, xr), ki = f64x2.add(ei, xi), mr = f64x2.sub(er, xr), mi = f64x2.sub(xi, ei);
    const ko = <usize>k << 3, mo = <usize>m << 3;
    v128.store64_lane(reA + ko, kr, 0);
    v128.store64_lane(reB + ko, kr, 1);
    v128.store64_lane(imA + ko, ki, 0);
    v128.store64_lane(imB + ko, ki, 1);
    v128.store64_lane(reA + mo, mr, 0);
    v128.store64_lane(reB + mo, mr, 1);
    v128.store64_lane(imA + mo, mi, 0);
    v128.store64_lane(imB + mo, mi, 1);
  }
}
