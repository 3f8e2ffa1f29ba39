// AssemblyScript, compiled with 128-bit SIMD to dist/src/dsp/spectrum.wasm by `npm run
// build:kernels` (host: src/dsp/mel-simd.ts). The mel spectrogram of a power-of-two STFT, four
// frames at a time: each f32x4 lane is one frame, so every butterfly, the real-input split,
// |X|^2 and the mel bank's multiply-adds do four frames' work in one instruction. Float32
// throughout, as numpy 2's float32 rfft. Unlike stft.wasm's kernels it has no JavaScript twin:
// the Float64 path of mel.ts is the fallback, and the parity tests hold both to librosa. (The
// spectrogram itself stays Float64: the f32 transform's noise floor, about 1e-7 of a frame's peak,
// moved librosa's spectral bandwidth of a chirp by 1e-3, where a mel band's sum does not notice.)
//
// A plan (the host lays it out, mel-simd.ts `planFor`) is a record of i32 at `plan`: the
// half length h (a power of two >= 16), 1 when log2 h is odd (a radix-2 first pass), then the
// byte offsets of the bit reversal `rev` (i32 x h), the radix-4 twiddles `tw` (f32, fft.ts
// `PowerOfTwoFft.twiddles`), the split twiddles `twRe`, `twIm` (f32 x h), the work arrays `zRe`,
// `zIm` (v128 x h) and the rows `pw`, `pw2` (v128 x (h + 1) each: the power rows, or the inverse's
// bins).

@inline function vld(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 4));
}

@inline function vst(p: usize, i: i32, v: v128): void {
  v128.store(p + (<usize>i << 4), v);
}

/** A scalar f32 of table `p` in all four lanes. */
@inline function splat(p: usize, i: i32): v128 {
  return v128.load32_splat(p + (<usize>i << 2));
}

@inline function ri(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

/**
 * Frames `o0 .. o3` (sample offsets at `signal`, f32) times the window, even samples to the real
 * part and odd to the imaginary, into bit-reversed slots of zRe, zIm: lane l holds frame o_l.
 */
function loadFrames(signal: usize, o0: i32, o1: i32, o2: i32, o3: i32, window: usize, rev: usize, zRe: usize, zIm: usize, h: i32): void {
  const p0 = signal + (<usize>o0 << 2), p1 = signal + (<usize>o1 << 2), p2 = signal + (<usize>o2 << 2), p3 = signal + (<usize>o3 << 2);
  for (let k = 0; k < h; k++) {
    const s = <usize>k << 3;
    // [r0 i0 r1 i1] and [r2 i2 r3 i3]: sample pair k of each frame.
    const a = v128.load64_lane(p1 + s, v128.load64_zero(p0 + s), 1);
    const b = v128.load64_lane(p3 + s, v128.load64_zero(p2 + s), 1);
    const j = ri(rev, k);
    vst(zRe, j, f32x4.mul(v128.shuffle<f32>(a, b, 0, 2, 4, 6), v128.load32_splat(window + s)));
    vst(zIm, j, f32x4.mul(v128.shuffle<f32>(a, b, 1, 3, 5, 7), v128.load32_splat(window + s + 4)));
  }
}

/** The twiddle-free radix-2 pass (log2 h odd). */
function firstRadix2Pass(re: usize, im: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) {
    const ar = vld(re, i), ai = vld(im, i), br = vld(re, i + 1), bi = vld(im, i + 1);
    vst(re, i, f32x4.add(ar, br));
    vst(im, i, f32x4.add(ai, bi));
    vst(re, i + 1, f32x4.sub(ar, br));
    vst(im, i + 1, f32x4.sub(ai, bi));
  }
}

/** One radix-4 butterfly (fft.ts `butterfly`): p, q the residues 0 and 2 (twiddled), u, v residues 1 and 3. */
@inline function butterfly(re: usize, im: usize, a: i32, b: i32, c: i32, d: i32, pr: v128, pi: v128, qr: v128, qi: v128, ur: v128, ui: v128, vr: v128, vi: v128): void {
  const s02r = f32x4.add(pr, qr), s02i = f32x4.add(pi, qi), d02r = f32x4.sub(pr, qr), d02i = f32x4.sub(pi, qi);
  const s13r = f32x4.add(ur, vr), s13i = f32x4.add(ui, vi), d13r = f32x4.sub(ur, vr), d13i = f32x4.sub(ui, vi);
  vst(re, a, f32x4.add(s02r, s13r));
  vst(im, a, f32x4.add(s02i, s13i));
  vst(re, c, f32x4.sub(s02r, s13r));
  vst(im, c, f32x4.sub(s02i, s13i));
  vst(re, b, f32x4.add(d02r, d13i));
  vst(im, b, f32x4.sub(d02i, d13r));
  vst(re, d, f32x4.sub(d02r, d13i));
  vst(im, d, f32x4.add(d02i, d13r));
}

/** The first radix-4 pass (log2 h even): all twiddles are 1. */
function firstRadix4Pass(re: usize, im: usize, n: i32): void {
  for (let a = 0; a < n; a += 4) {
    butterfly(re, im, a, a + 1, a + 2, a + 3, vld(re, a), vld(im, a), vld(re, a + 1), vld(im, a + 1), vld(re, a + 2), vld(im, a + 2), vld(re, a + 3), vld(im, a + 3));
  }
}

/** (xr + i xi)(wr + i wi), real part. */
@inline function cmulRe(xr: v128, xi: v128, wr: v128, wi: v128): v128 {
  return f32x4.sub(f32x4.mul(xr, wr), f32x4.mul(xi, wi));
}

/** (xr + i xi)(wr + i wi), imaginary part. */
@inline function cmulIm(xr: v128, xi: v128, wr: v128, wi: v128): v128 {
  return f32x4.add(f32x4.mul(xr, wi), f32x4.mul(xi, wr));
}

/** The radix-4 passes from span h on, twiddles of the first of them at tw[off ..] (fft.ts `radix4Passes`). */
function radix4Passes(re: usize, im: usize, n: i32, h: i32, tw: usize, off: i32): void {
  for (; 4 * h <= n; h *= 4) {
    const size = 4 * h;
    for (let k = 0, t = off; k < h; k++, t += 6) {
      const w1r = splat(tw, t), w1i = splat(tw, t + 1), w2r = splat(tw, t + 2), w2i = splat(tw, t + 3), w3r = splat(tw, t + 4), w3i = splat(tw, t + 5);
      for (let base = 0; base < n; base += size) {
        const a = base + k, b = a + h, c = b + h, d = c + h;
        const cr = vld(re, c), ci = vld(im, c), br = vld(re, b), bi = vld(im, b), dr = vld(re, d), di = vld(im, d);
        butterfly(
          re, im, a, b, c, d,
          vld(re, a), vld(im, a),
          cmulRe(br, bi, w2r, w2i), cmulIm(br, bi, w2r, w2i),
          cmulRe(cr, ci, w1r, w1i), cmulIm(cr, ci, w1r, w1i),
          cmulRe(dr, di, w3r, w3i), cmulIm(dr, di, w3r, w3i),
        );
      }
    }
    off += 6 * h;
  }
}

/** |X[k]|^power of the 2h real samples, k = 0..h, from Z (fft.ts `splitEvenOdd`), into pw. */
function splitPower(zRe: usize, zIm: usize, twRe: usize, twIm: usize, h: i32, pw: usize, power: i32): void {
  const half = f32x4.splat(0.5);
  const z0r = vld(zRe, 0), z0i = vld(zIm, 0);
  const x0 = f32x4.add(z0r, z0i), xh = f32x4.sub(z0r, z0i);
  let p0 = f32x4.mul(x0, x0), ph = f32x4.mul(xh, xh);
  if (power == 1) {
    p0 = f32x4.abs(x0);
    ph = f32x4.abs(xh);
  }
  vst(pw, 0, p0);
  vst(pw, h, ph);
  for (let k = 1, m = h - 1; k <= m; k++, m--) {
    const ar = vld(zRe, k), ai = vld(zIm, k), br = vld(zRe, m), bi = vld(zIm, m);
    const er = f32x4.mul(half, f32x4.add(ar, br)), ei = f32x4.mul(half, f32x4.sub(ai, bi));
    const or = f32x4.mul(half, f32x4.add(ai, bi)), oi = f32x4.mul(half, f32x4.sub(br, ar));
    const wr = splat(twRe, k), wi = splat(twIm, k);
    const xr = cmulRe(or, oi, wr, wi), xi = cmulIm(or, oi, wr, wi);
    const kr = f32x4.add(er, xr), ki = f32x4.add(ei, xi), mr = f32x4.sub(er, xr), mi = f32x4.sub(xi, ei);
    let pk = f32x4.add(f32x4.mul(kr, kr), f32x4.mul(ki, ki));
    let pm = f32x4.add(f32x4.mul(mr, mr), f32x4.mul(mi, mi));
    if (power == 1) {
      pk = f32x4.sqrt(pk);
      pm = f32x4.sqrt(pm);
    }
    vst(pw, k, pk);
    vst(pw, m, pm);
  }
}

/**
 * The bank in bin-pair form (mel.ts `BinPairs`: bin k feeds band[k] with w0[k] and band[k] + 1
 * with w1[k]; band -1 none) over the power rows `pw` of four frames, into acc (rows + 1 v128).
 */
function melBands(pw: usize, bins: i32, band: usize, w0: usize, w1: usize, acc: usize, rows: i32): void {
  memory.fill(acc, 0, <usize>(rows + 1) << 4);
  let cur = -1;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  for (let k = 0; k < bins; k++) {
    const b = ri(band, k);
    if (b < 0) continue;
    if (b != cur) {
      if (cur >= 0) {
        vst(acc, cur, f32x4.add(vld(acc, cur), s0));
        vst(acc, cur + 1, f32x4.add(vld(acc, cur + 1), s1));
      }
      cur = b;
      s0 = f32x4.splat(0);
      s1 = f32x4.splat(0);
    }
    const v = vld(pw, k);
    s0 = f32x4.add(s0, f32x4.mul(splat(w0, k), v));
    s1 = f32x4.add(s1, f32x4.mul(splat(w1, k), v));
  }
  if (cur >= 0) {
    vst(acc, cur, f32x4.add(vld(acc, cur), s0));
    vst(acc, cur + 1, f32x4.add(vld(acc, cur + 1), s1));
  }
}

/** Lanes 0 .. lanes-1 of the v128 rows src[0 .. cols) into the frame-major rows out[l * cols ..]. */
function storeLanes(src: usize, cols: i32, lanes: i32, out: usize): void {
  if (lanes == 4) {
    let k = 0;
    // 4 x 4 transposes: four columns of four frames to four frames' rows.
    for (; k + 4 <= cols; k += 4) {
      const p0 = vld(src, k), p1 = vld(src, k + 1), p2 = vld(src, k + 2), p3 = vld(src, k + 3);
      const t0 = v128.shuffle<f32>(p0, p1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(p2, p3, 0, 4, 1, 5);
      const t2 = v128.shuffle<f32>(p0, p1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(p2, p3, 2, 6, 3, 7);
      const at = out + (<usize>k << 2), stride = <usize>cols << 2;
      v128.store(at, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
      v128.store(at + stride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
      v128.store(at + 2 * stride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
      v128.store(at + 3 * stride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
    }
    for (; k < cols; k++) for (let l = 0; l < 4; l++) store<f32>(out + ((<usize>(l * cols + k)) << 2), load<f32>(src + (<usize>k << 4) + (<usize>l << 2)));
    return;
  }
  for (let l = 0; l < lanes; l++) {
    for (let k = 0; k < cols; k++) store<f32>(out + ((<usize>(l * cols + k)) << 2), load<f32>(src + (<usize>k << 4) + (<usize>l << 2)));
  }
}

/**
 * Mel energies of `frames` frames, frame f the 2h samples at signal + f * hop (f32) times
 * `window` (2h f32), |X|^power (power 1 or 2) through the bank in bin-pair form (`mel`: a record
 * of three i32 offsets band, w0, w1; `rows` bands), four frames at a time, into out as frames x
 * rows f32; `acc` (rows + 1 v128) is their scratch.
 */
export function melFrames(signal: usize, hop: i32, frames: i32, window: usize, power: i32, out: usize, plan: usize, mel: usize, rows: i32, acc: usize): void {
  const h = load<i32>(plan), radix2First = load<i32>(plan, 4) != 0;
  const rev = <usize>load<i32>(plan, 8), tw = <usize>load<i32>(plan, 12);
  const twRe = <usize>load<i32>(plan, 16), twIm = <usize>load<i32>(plan, 20);
  const zRe = <usize>load<i32>(plan, 24), zIm = <usize>load<i32>(plan, 28), pw = <usize>load<i32>(plan, 32);
  const band = <usize>load<i32>(mel), w0 = <usize>load<i32>(mel, 4), w1 = <usize>load<i32>(mel, 8);
  for (let f = 0; f < frames; f += 4) {
    const lanes = min(4, frames - f);
    // Missing lanes of the last group repeat its last frame (computed, never stored).
    const o0 = f * hop, o1 = min(f + 1, frames - 1) * hop, o2 = min(f + 2, frames - 1) * hop, o3 = min(f + 3, frames - 1) * hop;
    loadFrames(signal, o0, o1, o2, o3, window, rev, zRe, zIm, h);
    if (radix2First) firstRadix2Pass(zRe, zIm, h);
    else firstRadix4Pass(zRe, zIm, h);
    radix4Passes(zRe, zIm, h, radix2First ? 2 : 4, tw, radix2First ? 0 : 6);
    splitPower(zRe, zIm, twRe, twIm, h, pw, power);
    melBands(pw, h + 1, band, w0, w1, acc, rows);
    storeLanes(acc, rows, lanes, out + ((<usize>f * <usize>rows) << 2));
  }
}
/**
 * Rows k0 .. k0 + 3 of four frames (f32 rows of `stride` values at `rows`, frame l at l * stride;
 * times the same rows of `mask` when it is not 0) as four v128, bin k0 + i's four frames in the
 * i-th, into re[k0 ..]: a 4 x 4 transpose.
 */
@inline function transposeIn(rows: usize, mask: usize, stride: usize, k0: i32, out: usize): void {
  const o = <usize>k0 << 2;
  let p0 = v128.load(rows + o), p1 = v128.load(rows + stride + o), p2 = v128.load(rows + 2 * stride + o), p3 = v128.load(rows + 3 * stride + o);
  if (mask != 0) {
    p0 = f32x4.mul(p0, v128.load(mask + o));
    p1 = f32x4.mul(p1, v128.load(mask + stride + o));
    p2 = f32x4.mul(p2, v128.load(mask + 2 * stride + o));
    p3 = f32x4.mul(p3, v128.load(mask + 3 * stride + o));
  }
  const t0 = v128.shuffle<f32>(p0, p1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(p2, p3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(p0, p1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(p2, p3, 2, 6, 3, 7);
  vst(out, k0, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  vst(out, k0 + 1, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  vst(out, k0 + 2, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  vst(out, k0 + 3, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/** Windowed samples (lanes (2k, 2k + 1) of one frame, f32) added to the f64 target pair at `at`. */
@inline function addPair(at: usize, pair: v128): void {
  v128.store(at, f64x2.add(v128.load(at), f64x2.promote_low_f32x4(pair)));
}

/**
 * The inverse STFT's overlap-add (stft.ts `istftMasked`), four frames at a time, one per f32x4
 * lane: frame t's h + 1 bins are the f32 rows re, im (frame-major, `stride` values apart, each
 * row readable up to a multiple of 4) times the `mask` rows (none when 0); `window` (2h f32) times
 * its inverse transform (scaled 1 / 2h) is added to the f64 `target` at t * hop. The four frames'
 * samples are added k by k, so a sample's terms are summed in another order than frame by frame.
 */
export function overlapAddFrames(re: usize, im: usize, mask: usize, stride: i32, frames: i32, window: usize, target: usize, hop: i32, plan: usize): void {
  const h = load<i32>(plan), radix2First = load<i32>(plan, 4) != 0;
  const rev = <usize>load<i32>(plan, 8), tw = <usize>load<i32>(plan, 12);
  const twRe = <usize>load<i32>(plan, 16), twIm = <usize>load<i32>(plan, 20);
  const zRe = <usize>load<i32>(plan, 24), zIm = <usize>load<i32>(plan, 28);
  const xRe = <usize>load<i32>(plan, 32), xIm = <usize>load<i32>(plan, 36);
  const rowBytes = <usize>stride << 2;
  const half = f32x4.splat(<f32>(0.5 / <f64>h));
  const zero = f32x4.splat(0);
  for (let f = 0; f < frames; f += 4) {
    const lanes = min(4, frames - f);
    // Missing lanes of the last group read the first frame of the group again (not added).
    const rowsRe = re + <usize>f * rowBytes, rowsIm = im + <usize>f * rowBytes, rowsMask = mask != 0 ? mask + <usize>f * rowBytes : 0;
    const lastRows = lanes == 4 ? rowBytes : 0;
    for (let k0 = 0; k0 <= h; k0 += 4) {
      transposeIn(rowsRe, rowsMask, lastRows == 0 ? 0 : rowBytes, k0, xRe);
      transposeIn(rowsIm, rowsMask, lastRows == 0 ? 0 : rowBytes, k0, xIm);
    }
    if (lanes < 4) {
      // Gather lane by lane for a short group (the transposes above read frame f four times).
      for (let k = 0; k <= h; k++) {
        let vr = zero, vi = zero;
        for (let l = 0; l < lanes; l++) {
          const o = <usize>(f + l) * rowBytes + (<usize>k << 2);
          const g: f32 = mask != 0 ? load<f32>(mask + o) : 1;
          const r = load<f32>(re + o) * g, i = load<f32>(im + o) * g;
          if (l == 0) { vr = f32x4.replace_lane(vr, 0, r); vi = f32x4.replace_lane(vi, 0, i); }
          else if (l == 1) { vr = f32x4.replace_lane(vr, 1, r); vi = f32x4.replace_lane(vi, 1, i); }
          else { vr = f32x4.replace_lane(vr, 2, r); vi = f32x4.replace_lane(vi, 2, i); }
        }
        vst(xRe, k, vr);
        vst(xIm, k, vi);
      }
    }
    // E[k] = (X[k] + conj(X[h-k])) / 2, O[k] = (X[k] - conj(X[h-k])) / (2 W^k); Z = E + iO, scaled 1/h, in bit-reversed slots.
    for (let k = 0; k < h; k++) {
      const ar = vld(xRe, k), ai = k == 0 ? zero : vld(xIm, k);
      const br = vld(xRe, h - k), bi = k == 0 ? zero : f32x4.neg(vld(xIm, h - k));
      const er = f32x4.mul(half, f32x4.add(ar, br)), ei = f32x4.mul(half, f32x4.add(ai, bi));
      const dr = f32x4.mul(half, f32x4.sub(ar, br)), di = f32x4.mul(half, f32x4.sub(ai, bi));
      const wr = splat(twRe, k), wi = f32x4.neg(splat(twIm, k));
      const or = cmulRe(dr, di, wr, wi), oi = cmulIm(dr, di, wr, wi);
      const j = ri(rev, k);
      vst(zRe, j, f32x4.sub(er, oi));
      vst(zIm, j, f32x4.add(ei, or));
    }
    // The unscaled inverse by swapping the real and imaginary parts.
    if (radix2First) firstRadix2Pass(zIm, zRe, h);
    else firstRadix4Pass(zIm, zRe, h);
    radix4Passes(zIm, zRe, h, radix2First ? 2 : 4, tw, radix2First ? 0 : 6);
    // Samples 2k, 2k + 1 of frame f + l are lane l of zRe[k], zIm[k].
    const t0 = target + ((<usize>(f * hop)) << 3), step = <usize>hop << 3;
    for (let k = 0; k < h; k++) {
      const vr = f32x4.mul(vld(zRe, k), splat(window, 2 * k)), vi = f32x4.mul(vld(zIm, k), splat(window, 2 * k + 1));
      const lo = v128.shuffle<f32>(vr, vi, 0, 4, 1, 5), hi = v128.shuffle<f32>(vr, vi, 2, 6, 3, 7);
      const at = t0 + (<usize>k << 4);
      addPair(at, lo);
      if (lanes > 1) addPair(at + step, v128.shuffle<f32>(lo, lo, 2, 3, 2, 3));
      if (lanes > 2) addPair(at + 2 * step, hi);
      if (lanes > 3) addPair(at + 3 * step, v128.shuffle<f32>(hi, hi, 2, 3, 2, 3));
    }
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
