// AssemblyScript, compiled to dist/src/dsp/stft.wasm by `npm run build` (not by tsc: see the
// `exclude` of tsconfig.json). Each export is the JavaScript it names, statement for statement,
// with V8's own Math functions imported for the transcendentals, so the results are the same
// bit for bit: the power-of-two real FFTs of fft.ts, gtzan58's frame pass (gtzan58.ts
// `visitFrame` + rms's block sums), the inverse STFT (stft.ts), the chroma filter bank and
// chromagram (chroma.ts), gtzan58's mel statistics (db.ts, onset.ts, mfcc.ts), the tuning
// estimate (tuning.ts) and the tempo (tempo.ts). Compiled once per thread in about a
// millisecond, where V8 spent some 0.27 s of every worker optimising the JavaScript (and
// recompiling the loops that call it, clip after clip).
//
// The hosts (fft.ts `WasmRealFft`, stft.ts, chroma.ts, tuning.ts, tempo.ts, gtzan58-frames.ts)
// reserve their arrays once per thread in the fixed memory (wasm.ts `wasmReserve`) and pass byte
// offsets; a transform plan and gtzan58's tables are records of i32 offsets (see `planH`, `table`).

@inline function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function sf(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

@inline function ri(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

// A transform plan as the host lays it out (fft.ts `WasmRealFft`): eight i32 at `plan`, the half
// length h, 1 when log2 h is odd (a radix-2 first pass), and the byte offsets of the bit
// reversal `rev` (i32), the radix-4 twiddles `tw`, the split twiddles `twRe`, `twIm` and the
// scratch `zRe`, `zIm` (f64).
@inline function planH(plan: usize): i32 {
  return load<i32>(plan);
}
@inline function planRadix2First(plan: usize): bool {
  return load<i32>(plan, 4) != 0;
}
@inline function planRev(plan: usize): usize {
  return <usize>load<i32>(plan, 8);
}
@inline function planTw(plan: usize): usize {
  return <usize>load<i32>(plan, 12);
}
@inline function planTwRe(plan: usize): usize {
  return <usize>load<i32>(plan, 16);
}
@inline function planTwIm(plan: usize): usize {
  return <usize>load<i32>(plan, 20);
}
@inline function planZRe(plan: usize): usize {
  return <usize>load<i32>(plan, 24);
}
@inline function planZIm(plan: usize): usize {
  return <usize>load<i32>(plan, 28);
}

/** First byte the host may use (after the kernel's static data), 16-aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Bytes of the memory (fixed: it never grows). */
export function memoryBytes(): usize {
  return <usize>memory.size() << 16;
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
@inline function butterfly(re: usize, im: usize, a: i32, b: i32, c: i32, d: i32, pr: f64, pi: f64, qr: f64, qi: f64, ur: f64, ui: f64, vr: f64, vi: f64): void {
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

/**
 * estimateTempo's energy-weighted sum of window power spectra (src/dsp/tempo.ts): for each t <
 * frames, window t of the padded envelope (`winLength` f64 from `padded + t`, zero past
 * `paddedLength`) times `window` into `buf` (2h f64, zero past winLength), its power spectrum
 * (`forward`, then re^2 + im^2 into `re`) added to `sum` (h + 1 f64) times 1 / its energy
 * (1 when the energy is below float64 tiny).
 */
export function tempoPowerSum(padded: usize, paddedLength: i32, window: usize, winLength: i32, frames: i32, buf: usize, re: usize, im: usize, sum: usize, plan: usize): void {
  const h = planH(plan);
  const bins = h + 1;
  memory.fill(buf + ((<usize>winLength) << 3), 0, (<usize>(2 * h - winLength)) << 3);
  for (let t = 0; t < frames; t++) {
    let energy: f64 = 0;
    for (let i = 0; i < winLength; i++) {
      const v = (t + i < paddedLength ? f(padded, t + i) : 0) * f(window, i);
      sf(buf, i, v);
      energy += v * v;
    }
    forwardWindowed(buf, 0, re, im, plan);
    for (let k = 0; k < bins; k++) sf(re, k, f(re, k) * f(re, k) + f(im, k) * f(im, k));
    const w = energy < 2.2250738585072014e-308 ? 1 : 1 / energy;
    for (let k = 0; k < bins; k++) sf(sum, k, f(sum, k) + f(re, k) * w);
  }
}

@inline function f32at(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + (<usize>i << 2));
}

@inline function sf32(p: usize, i: i32, v: f64): void {
  store<f32>(p + (<usize>i << 2), <f32>v);
}

// util.normalize's threshold for float32 input, and librosa's util.tiny for float32.
const TINY: f64 = 1.1754943508222875e-38;

// gtzan58's tables as the host lays them out (gtzan58-frames.ts): nine i32 at `tables`, the byte
// offsets of the window (2h f64), the scratch bins `fr`, `fi` (h + 1 f64 each), the bins'
// frequencies (h + 1 f64, Hz), the mel bank in bin-pair form (`band` i32, `w0`, `w1` f64 per bin:
// bin k feeds band[k] and band[k] + 1; -1 none) and its scratch `acc` (rows + 1 f64), then rows.
@inline function table(tables: usize, i: i32): usize {
  return <usize>load<i32>(tables + ((<usize>i) << 2));
}

/** `centroidOfFrame` of the f32 magnitudes at `mag`. */
function centroidOfFrame(mag: usize, bins: i32, freq: usize): f64 {
  let sum: f64 = 0;
  let weighted: f64 = 0;
  for (let k = 0; k < bins; k++) {
    sum += f32at(mag, k);
    weighted += f(freq, k) * f32at(mag, k);
  }
  return weighted / (sum < TINY ? 1 : sum);
}

/** `bandwidthOfFrame` with p = 2 and norm, before its final power 1/p (the host takes it, as `Math.pow`). */
function bandwidthSum(mag: usize, bins: i32, freq: usize, c: f64): f64 {
  let sum: f64 = 0;
  for (let k = 0; k < bins; k++) sum += f32at(mag, k);
  const scale = sum >= TINY ? 1 / sum : 1;
  let acc: f64 = 0;
  for (let k = 0; k < bins; k++) {
    const dev = Math.abs(f(freq, k) - c);
    acc += f32at(mag, k) * scale * (dev * dev);
  }
  return acc;
}

/** `rolloffOfFrame`: the frequency (Hz) where the cumulative magnitude reaches `rollPercent` of the total. */
function rolloffOfFrame(mag: usize, bins: i32, freq: usize, rollPercent: f64): f64 {
  let total: f64 = 0;
  for (let k = 0; k < bins; k++) total += f32at(mag, k);
  const threshold = rollPercent * total;
  let cum: f64 = 0;
  let k = 0;
  for (; k < bins; k++) {
    cum += f32at(mag, k);
    if (cum >= threshold) break;
  }
  return f(freq, k < bins - 1 ? k : bins - 1);
}

/** `framePeaks` of the f32 power frame at `data`: appends (pitch, magnitude) at index `n` on; returns the new count. */
function framePeaks(data: usize, bins: i32, kFrom: i32, kHi: i32, threshold: f64, sr: f64, nFft: f64, pitch: usize, pmag: usize, n: i32): i32 {
  let max: f64 = -Infinity;
  for (let k = 0; k < bins; k++) if (f32at(data, k) > max) max = f32at(data, k);
  const ref = threshold * max;
  for (let k = kFrom; k < kHi; k++) {
    const v = f32at(data, k);
    const x = v > ref ? v : 0;
    let next = x;
    if (k + 1 < bins) {
      const w = f32at(data, k + 1);
      next = w > ref ? w : 0;
    }
    const u = f32at(data, k - 1);
    if (!(x > (u > ref ? u : 0) && x >= next)) continue;
    let shift: f64 = 0;
    let avg: f64 = 0;
    if (k + 1 < bins) {
      avg = 0.5 * (f32at(data, k + 1) - f32at(data, k - 1));
      const curv = 2 * f32at(data, k) - f32at(data, k + 1) - f32at(data, k - 1);
      shift = avg / (curv + (Math.abs(curv) < TINY ? 1 : 0));
    }
    sf(pitch, n, ((<f64>k + shift) * sr) / nFft);
    sf(pmag, n, f32at(data, k) + 0.5 * avg * shift);
    n++;
  }
  return n;
}

/** `binPairsFrame` of the f32 frame at `data` into the f32 bands at `out`. */
function binPairsFrame(data: usize, bins: i32, out: usize, tables: usize): void {
  const band = table(tables, 4), w0 = table(tables, 5), w1 = table(tables, 6), acc = table(tables, 7), rows = <i32>table(tables, 8);
  memory.fill(acc, 0, (<usize>(rows + 1)) << 3);
  let cur = -1;
  let s0: f64 = 0;
  let s1: f64 = 0;
  for (let k = 0; k < bins; k++) {
    const b = ri(band, k);
    if (b < 0) continue;
    if (b != cur) {
      if (cur >= 0) {
        sf(acc, cur, f(acc, cur) + s0);
        sf(acc, cur + 1, f(acc, cur + 1) + s1);
      }
      cur = b;
      s0 = 0;
      s1 = 0;
    }
    const v = f32at(data, k);
    s0 += f(w0, k) * v;
    s1 += f(w1, k) * v;
  }
  if (cur >= 0) {
    sf(acc, cur, f(acc, cur) + s0);
    sf(acc, cur + 1, f(acc, cur + 1) + s1);
  }
  for (let r = 0; r < rows; r++) sf32(out, r, f(acc, r));
}

/**
 * gtzan58's `visitFrame` for `count` frames `hop` samples apart from the padded signal at
 * `signal` (f64): per frame j, the f32 rows (bins each) of the STFT `re`, `im`, its power and
 * magnitude at j * bins, the magnitudes also transposed into `magT` (bins x count), the centroid
 * (f32), the bandwidth's sum before its square root (f64), the roll-off (f32, Hz), the mel bands
 * (f32, rows each) and the tuning peaks (pitch, magnitude: f64 each) appended from index 0;
 * and `rms`'s sums of squares of each hop of samples from each frame's start (f64 `blocks`,
 * count + tailBlocks of them). Returns the number of peaks.
 */
export function gtzanFrames(
  signal: usize, hop: i32, count: i32, plan: usize, tables: usize,
  re: usize, im: usize, power: usize, mag: usize, magT: usize,
  centroid: usize, bandwidth: usize, rolloff: usize, rollPercent: f64, mel: usize,
  kFrom: i32, kHi: i32, threshold: f64, sr: f64, pitch: usize, pmag: usize,
  blocks: usize, tailBlocks: i32,
): i32 {
  const h = planH(plan);
  const bins = h + 1;
  const nFft = <f64>(2 * h);
  const window = table(tables, 0), fr = table(tables, 1), fi = table(tables, 2), freq = table(tables, 3), rows = <i32>table(tables, 8);
  let peaks = 0;
  // rms's block sums (src/dsp/rms.ts `blockSums`): the squares of each hop of padded samples,
  // one block per frame, and `tailBlocks` more after the last frame of the signal.
  for (let b = 0; b < count + tailBlocks; b++) {
    const at = signal + ((<usize>(b * hop)) << 3);
    let acc: f64 = 0;
    for (let i = 0; i < hop; i++) acc += f(at, i) * f(at, i);
    sf(blocks, b, acc);
  }
  for (let j = 0; j < count; j++) {
    forwardWindowed(signal + ((<usize>(j * hop)) << 3), window, fr, fi, plan);
    const row = j * bins;
    const reRow = re + ((<usize>row) << 2), imRow = im + ((<usize>row) << 2);
    const pRow = power + ((<usize>row) << 2), mRow = mag + ((<usize>row) << 2);
    for (let k = 0; k < bins; k++) {
      const a = f(fr, k), b = f(fi, k);
      sf32(reRow, k, a);
      sf32(imRow, k, b);
      const p = a * a + b * b;
      sf32(pRow, k, p);
      const m = Math.sqrt(p);
      sf32(mRow, k, m);
      sf32(magT, k * count + j, m);
    }
    sf32(centroid, j, centroidOfFrame(mRow, bins, freq));
    sf(bandwidth, j, bandwidthSum(mRow, bins, freq, f32at(centroid, j)));
    sf32(rolloff, j, rolloffOfFrame(mRow, bins, freq, rollPercent));
    peaks = framePeaks(pRow, bins, kFrom, kHi, threshold, sr, nFft, pitch, pmag, peaks);
    binPairsFrame(pRow, bins, mel + ((<usize>(j * rows)) << 2), tables);
  }
  return peaks;
}

/**
 * istftMasked's overlap-add (src/dsp/stft.ts) of `count` frames: frame j's bins (f32 rows of
 * h + 1 at `sRe`, `sIm`, times the f32 `mask` rows unless `mask` is 0) into `re`, `im` (f64),
 * inverted and added times the window into `acc` (f64) from sample j * hop.
 */
export function istftFrames(sRe: usize, sIm: usize, mask: usize, count: i32, hop: i32, acc: usize, window: usize, re: usize, im: usize, plan: usize): void {
  const bins = planH(plan) + 1;
  for (let j = 0; j < count; j++) {
    const base = j * bins;
    if (mask != 0) {
      for (let k = 0; k < bins; k++) {
        const g = f32at(mask, base + k);
        sf(re, k, f32at(sRe, base + k) * g);
        sf(im, k, f32at(sIm, base + k) * g);
      }
    } else {
      for (let k = 0; k < bins; k++) {
        sf(re, k, f32at(sRe, base + k));
        sf(im, k, f32at(sIm, base + k));
      }
    }
    inverseWindowedAdd(re, im, window, acc + ((<usize>(j * hop)) << 3), plan);
  }
}

/**
 * istftMasked's normalisation (src/dsp/stft.ts, `divideByWindowSum` with `windowSumSquare`'s
 * sums) of the overlap-add samples p in [from, from + n), held at acc[p - from]: for
 * i = p - offset in [0, end), out[p - from] (f32) = y / wsum(p) where wsum(p) > float32 tiny,
 * else y; wsum(p) the squared window (`wsq`, nFft f64) summed over the frames covering p, in
 * frame order.
 */
export function istftNormalize(acc: usize, from: i32, n: i32, offset: i32, end: i32, nFrames: i32, hop: i32, nFft: i32, wsq: usize, out: usize): void {
  for (let p = from; p < from + n; p++) {
    const i = p - offset;
    if (i < 0 || i >= end) continue;
    let sum: f64 = 0;
    const last = min(nFrames - 1, p / hop);
    const a = p - nFft + 1;
    let first = a > 0 ? (a + hop - 1) / hop : -(-a / hop);
    if (first < 0) first = 0;
    for (let t = first; t <= last; t++) sum += f(wsq, p - t * hop);
    const y = f(acc, p - from);
    sf32(out, p - from, sum > TINY ? y / sum : y);
  }
}

/**
 * `chromagram`'s filtering and scaling (src/dsp/chroma.ts: `applyFilterBank`, then
 * `normalizeByMax`) of `count` f32 frames of `bins` at `data` into f32 rows of `rows` at `out`:
 * the bank's f64 `weights` (rows x bins) in `nGroups` groups of [first row, lo, hi, 1 or 4 rows]
 * (i32), each frame then divided by its largest |value| unless that is below float32 tiny.
 */
export function chromaFrames(data: usize, count: i32, bins: i32, weights: usize, groups: usize, nGroups: i32, rows: i32, out: usize): void {
  for (let t = 0; t < count; t++) {
    const base = t * bins;
    const o = t * rows;
    for (let g = 0; g < nGroups; g++) {
      const r0 = ri(groups, 4 * g), lo = ri(groups, 4 * g + 1), hi = ri(groups, 4 * g + 2);
      const w0 = r0 * bins;
      if (ri(groups, 4 * g + 3) == 1) {
        let acc: f64 = 0;
        for (let k = lo; k < hi; k++) acc += f(weights, w0 + k) * f32at(data, base + k);
        sf32(out, o + r0, acc);
        continue;
      }
      const w1 = w0 + bins, w2 = w1 + bins, w3 = w2 + bins;
      let a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0;
      for (let k = lo; k < hi; k++) {
        const v = f32at(data, base + k);
        a0 += f(weights, w0 + k) * v;
        a1 += f(weights, w1 + k) * v;
        a2 += f(weights, w2 + k) * v;
        a3 += f(weights, w3 + k) * v;
      }
      sf32(out, o + r0, a0);
      sf32(out, o + r0 + 1, a1);
      sf32(out, o + r0 + 2, a2);
      sf32(out, o + r0 + 3, a3);
    }
    let max: f64 = 0;
    for (let c = 0; c < rows; c++) max = Math.max(max, Math.abs(f32at(out, o + c)));
    if (max < TINY) continue;
    for (let c = 0; c < rows; c++) sf32(out, o + c, f32at(out, o + c) / max);
  }
}

// JavaScript's own Math functions (wasm.ts passes them in): the kernels that need a
// transcendental call these, so their results are V8's, bit for bit, in every tier.
@external("env", "exp") declare function jsExp(x: f64): f64;
@external("env", "pow") declare function jsPow(x: f64, y: f64): f64;
@external("env", "log2") declare function jsLog2(x: f64): f64;

/** numpy.remainder: the result has the sign of the divisor (`pyMod` of chroma.ts). */
@inline function pyMod(a: f64, b: f64): f64 {
  const r = a % b;
  return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}

/**
 * `chromaFilterBank` of src/dsp/chroma.ts, statement for statement: the dense f32 weights
 * (n x bins, bins = nFft / 2 + 1) at `dense` and each row's nonzero range at `start`, `end` (i32,
 * n each), using `frqbins`, `width` (f64, nFft each) and `col` (f64, n) as scratch. `a440` is
 * 440 * 2^(tuning / n), `half` round(n / 2), `roll` 3 * floor(n / 12) (0 when not base C), and
 * `octwidth` NaN for no octave weighting.
 */
export function chromaBank(sr: f64, nFft: i32, n: i32, a440: f64, half: f64, roll: i32, ctroct: f64, octwidth: f64, frqbins: usize, width: usize, col: usize, dense: usize, start: usize, end: usize): void {
  const step = sr / <f64>nFft;
  const nf = <f64>n;
  for (let i = 1; i < nFft; i++) sf(frqbins, i, nf * jsLog2((<f64>i * step) / (a440 / 16)));
  sf(frqbins, 0, f(frqbins, 1) - 1.5 * nf);
  for (let i = 0; i < nFft - 1; i++) sf(width, i, Math.max(f(frqbins, i + 1) - f(frqbins, i), 1));
  sf(width, nFft - 1, 1);
  const bins = (nFft >> 1) + 1;
  for (let j = 0; j < bins; j++) {
    let norm: f64 = 0;
    for (let c = 0; c < n; c++) {
      const d = pyMod(f(frqbins, j) - <f64>c + half + 10 * nf, nf) - half;
      const v = jsExp(-0.5 * jsPow((2 * d) / f(width, j), 2));
      sf(col, c, v);
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    if (norm < 2.2250738585072014e-308) norm = 1;
    const octave = isNaN(octwidth) ? 1 : jsExp(-0.5 * jsPow((f(frqbins, j) / nf - ctroct) / octwidth, 2));
    for (let c = 0; c < n; c++) {
      const row = roll != 0 ? <i32>pyMod(<f64>(c - roll), nf) : c;
      sf32(dense, row * bins + j, (f(col, c) / norm) * octave);
    }
  }
  for (let r = 0; r < n; r++) {
    let s = 0;
    while (s < bins && load<f32>(dense + ((<usize>(r * bins + s)) << 2)) == 0) s++;
    let e = bins;
    while (e > s && load<f32>(dense + ((<usize>(r * bins + e - 1)) << 2)) == 0) e--;
    store<i32>(start + ((<usize>r) << 2), s);
    store<i32>(end + ((<usize>r) << 2), e);
  }
}

@external("env", "log") declare function jsLog(x: f64): f64;

/**
 * gtzan58's statistics of the mel power spectrogram (src/features/gtzan58.ts after its frame
 * pass), statement for statement with the JavaScript they replace:
 * - `powerToDb` (ref 1, amin, top_db) of the `frames` x `bands` f32 values at `mel`, in place;
 * - `onsetStrengthFromSpectrogram` of that (lag 1, no max filter, centred with `shift` frames)
 *   into f32 `env` (min(shift + frames - 1, frames) values);
 * - `mfccFromLogMel` (the f64 `dct`, nMfcc x bands, and lifter weights `lift`) into f32 `mfcc`,
 *   then each coefficient's mean and population variance (`meanVar`) into f64 `stats`
 *   (mean, var per coefficient).
 */
export function melStatistics(mel: usize, frames: i32, bands: i32, amin: f64, offset: f64, topDb: f64, shift: i32, env: usize, dct: usize, lift: usize, nMfcc: i32, mfcc: usize, stats: usize): void {
  const n = frames * bands;
  // powerToDb: 10 log10 as a natural log times a constant (db.ts `toDb`, `clampBelow`).
  const dbPerLn: f64 = 10 / Math.LN10;
  let peak: f64 = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = dbPerLn * jsLog(Math.max(amin, Math.abs(f32at(mel, i)))) - offset;
    sf32(mel, i, v);
    if (v > peak) peak = v;
  }
  const floor = <f64><f32>(peak - topDb);
  for (let i = 0; i < n; i++) if (f32at(mel, i) < floor) sf32(mel, i, floor);
  // Onset strength: the mean positive rise of each band from the previous frame, shifted.
  const total = shift + max(frames - 1, 0);
  const outLength = min(total, frames);
  for (let i = 0; i < min(shift, outLength); i++) sf32(env, i, 0);
  for (let t = 0; t + shift < outLength; t++) {
    const cur = (t + 1) * bands;
    const prev = t * bands;
    let sum: f64 = 0;
    for (let b = 0; b < bands; b++) {
      const d = f32at(mel, cur + b) - f32at(mel, prev + b);
      if (d > 0) sum += d;
    }
    sf32(env, shift + t, sum / <f64>bands);
  }
  // MFCCs (mfcc.ts `mfccOfFrame`: the first `full` four at a time), then their statistics.
  const full = nMfcc - (nMfcc % 4);
  for (let t = 0; t < frames; t++) {
    const base = t * bands;
    const o = t * nMfcc;
    for (let k = 0; k < full; k += 4) {
      const r0 = k * bands, r1 = r0 + bands, r2 = r1 + bands, r3 = r2 + bands;
      let a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0;
      for (let j = 0; j < bands; j++) {
        const v = f32at(mel, base + j);
        a0 += f(dct, r0 + j) * v;
        a1 += f(dct, r1 + j) * v;
        a2 += f(dct, r2 + j) * v;
        a3 += f(dct, r3 + j) * v;
      }
      sf32(mfcc, o + k, a0 * f(lift, k));
      sf32(mfcc, o + k + 1, a1 * f(lift, k + 1));
      sf32(mfcc, o + k + 2, a2 * f(lift, k + 2));
      sf32(mfcc, o + k + 3, a3 * f(lift, k + 3));
    }
    for (let k = full; k < nMfcc; k++) {
      let acc: f64 = 0;
      const row = k * bands;
      for (let j = 0; j < bands; j++) acc += f(dct, row + j) * f32at(mel, base + j);
      sf32(mfcc, o + k, acc * f(lift, k));
    }
  }
  for (let c = 0; c < nMfcc; c++) {
    let sum: f64 = 0;
    for (let t = 0; t < frames; t++) sum += f32at(mfcc, t * nMfcc + c);
    const mean = sum / <f64>frames;
    let sq: f64 = 0;
    for (let t = 0; t < frames; t++) {
      const d = f32at(mfcc, t * nMfcc + c) - mean;
      sq += d * d;
    }
    sf(stats, 2 * c, mean);
    sf(stats, 2 * c + 1, sq / <f64>frames);
  }
}

/** The k-th smallest (0-based) of the n f64 values at `a` (reordered in place; no NaN). */
function selectKth(a: usize, n: i32, k: i32): f64 {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = f(a, (lo + hi) >>> 1);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (f(a, i) < pivot) i++;
      while (f(a, j) > pivot) j--;
      if (i <= j) {
        const t = f(a, i);
        sf(a, i, f(a, j));
        sf(a, j, t);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return f(a, k);
}

/**
 * `TuningEstimator.estimate` of src/dsp/tuning.ts on `length` peaks (f64 `pitch`, `mag`): the
 * median magnitude of the pitched peaks (numpy's: the mean of the two middle values for an even
 * count), then the histogram (`counts`, i32, nEdges - 1) of the deviations of the pitches whose
 * magnitude reaches it from the grid of `binsPerOctave` (edges f64 `edges`, nEdges of them).
 * Returns the index of the fullest bin (the first of equals), -1 when no pitch is positive, or
 * -2 when a magnitude is NaN (the host then runs the JavaScript). `scratch`: length f64.
 */
export function tuningEstimate(pitch: usize, mag: usize, length: i32, scratch: usize, edges: usize, nEdges: i32, binsPerOctave: f64, counts: usize): i32 {
  let n = 0;
  for (let i = 0; i < length; i++) {
    if (f(pitch, i) > 0) {
      const m = f(mag, i);
      if (isNaN(m)) return -2;
      sf(scratch, n++, m);
    }
  }
  let threshold: f64 = 0;
  if (n > 0) {
    const mid = n >> 1;
    const upper = selectKth(scratch, n, mid);
    threshold = n % 2 ? upper : 0.5 * (selectKth(scratch, n, mid - 1) + upper);
  }
  memory.fill(counts, 0, (<usize>(nEdges - 1)) << 2);
  let any = false;
  const first = f(edges, 0);
  const last = f(edges, nEdges - 1);
  for (let i = 0; i < length; i++) {
    const fq = f(pitch, i);
    if (!(fq > 0 && f(mag, i) >= threshold)) continue;
    any = true;
    const octs = jsLog2(fq / (440.0 / 16));
    let r = binsPerOctave * octs;
    r = r - Math.floor(r);
    if (r >= 0.5) r -= 1;
    if (r < first || r > last) continue;
    let lo = 0;
    let hi = nEdges - 1;
    while (hi - lo > 1) {
      const m = (lo + hi) >> 1;
      if (f(edges, m) <= r) lo = m;
      else hi = m;
    }
    store<i32>(counts + ((<usize>lo) << 2), load<i32>(counts + ((<usize>lo) << 2)) + 1);
  }
  if (!any) return -1;
  let best = 0;
  for (let b = 1; b < nEdges - 1; b++) if (load<i32>(counts + ((<usize>b) << 2)) > load<i32>(counts + ((<usize>best) << 2))) best = b;
  return best;
}

@external("env", "log1p") declare function jsLog1p(x: f64): f64;

/**
 * The rest of `estimateTempo` (src/dsp/tempo.ts) after `tempoPowerSum`: the inverse transform of
 * the summed power spectrum `sum` (h + 1 f64; `zeros` h + 1 f64 of 0) into `full` (2h f64), its
 * first `winLength` lags over `frames`, and the lag whose log-normal-weighted score is highest
 * (numpy argmax: the first maximum, or the first NaN score). `maxTempo` NaN: no limit.
 */
export function tempoBestLag(sum: usize, zeros: usize, full: usize, plan: usize, winLength: i32, frames: i32, sr: f64, hop: f64, startBpm: f64, stdBpm: f64, maxTempo: f64): i32 {
  inverse(sum, zeros, full, plan);
  if (frames > 0) for (let i = 0; i < winLength; i++) sf(full, i, f(full, i) / <f64>frames);
  let firstAllowed = 0;
  if (!isNaN(maxTempo)) {
    let found = -1;
    for (let l = 0; l < winLength; l++) {
      if (bpmOfLag(l, sr, hop) < maxTempo) {
        found = l;
        break;
      }
    }
    firstAllowed = max(found, 0);
  }
  let best = 0;
  let bestScore: f64 = -Infinity;
  const logStart = jsLog2(startBpm);
  for (let l = 0; l < winLength; l++) {
    const z = (jsLog2(bpmOfLag(l, sr, hop)) - logStart) / stdBpm;
    const prior = l < firstAllowed ? -Infinity : -0.5 * z * z;
    const score = jsLog1p(1e6 * f(full, l)) + prior;
    if (isNaN(score)) return l;
    if (score > bestScore) {
      bestScore = score;
      best = l;
    }
  }
  return best;
}

/** `tempoFrequencies`: lag 0 is Infinity, lag l is 60 sr / (hop l) BPM. */
@inline function bpmOfLag(l: i32, sr: f64, hop: f64): f64 {
  return l == 0 ? Infinity : (60 * sr) / (hop * <f64>l);
}
