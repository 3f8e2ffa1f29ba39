// AssemblyScript (see kernels.as.ts): gtzan58's frame pass (src/features/gtzan58.ts `visitFrame` +
// rms's block sums: the STFT frame, power, magnitude, centroid, bandwidth, roll-off, mel bands and
// tuning peaks of each frame while it is in cache) and its mel statistics (db.ts, onset.ts,
// mfcc.ts), statement for statement. Host: src/features/gtzan58-frames.ts.
import { f, sf, ri, f32at, sf32 } from './memory.as';
import { forwardWindowed, forwardWindowedPair, planH } from './fft.as';

// util.normalize's threshold for float32 input, and librosa's util.tiny for float32.
const TINY: f64 = 1.1754943508222875e-38;

// gtzan58's tables as the host lays them out (gtzan58-frames.ts): eleven i32 at `tables`, the byte
// offsets of the window (2h f64), the scratch bins `fr`, `fi` (h + 1 f64 each), the bins'
// frequencies (h + 1 f64, Hz), the mel bank in bin-pair form (`band` i32, `w0`, `w1` f64 per bin:
// bin k feeds band[k] and band[k] + 1; -1 none) and its scratch `acc` (rows + 1 f64), then rows,
// then the second frame's scratch bins `fr2`, `fi2`.
@inline function table(tables: usize, i: i32): usize {
  return <usize>load<i32>(tables + ((<usize>i) << 2));
}

/** `framePeaks` of the f32 power frame at `data` whose largest value is `max`: appends (pitch, magnitude) at index `n` on; returns the new count. */
function framePeaks(data: usize, bins: i32, max: f64, kFrom: i32, kHi: i32, threshold: f64, sr: f64, nFft: f64, pitch: usize, pmag: usize, n: i32): i32 {
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
 * magnitude at j * bins, the centroid
 * (f32), the bandwidth's sum before its square root (f64), the roll-off (f32, Hz), the mel bands
 * (f32, rows each) and the tuning peaks (pitch, magnitude: f64 each) appended from index 0;
 * and `rms`'s sums of squares of each hop of samples from each frame's start (f64 `blocks`,
 * count + tailBlocks of them). Returns the number of peaks.
 */
export function gtzanFrames(
  signal: usize, hop: i32, count: i32, plan: usize, tables: usize,
  re: usize, im: usize, power: usize, mag: usize,
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
  const fr2 = table(tables, 9), fi2 = table(tables, 10);
  for (let j = 0; j < count; j++) {
    // Two frames' transforms at once (the f64x2 lanes); the second frame's bins wait in fr2, fi2.
    let xr = fr, xi = fi;
    if (j % 2 == 1) {
      xr = fr2;
      xi = fi2;
    } else if (j + 1 < count) {
      forwardWindowedPair(signal + ((<usize>(j * hop)) << 3), signal + ((<usize>((j + 1) * hop)) << 3), window, fr, fi, fr2, fi2, plan);
    } else {
      forwardWindowed(signal + ((<usize>(j * hop)) << 3), window, fr, fi, plan);
    }
    const row = j * bins;
    const reRow = re + ((<usize>row) << 2), imRow = im + ((<usize>row) << 2);
    const pRow = power + ((<usize>row) << 2), mRow = mag + ((<usize>row) << 2);
    // The rows, with the sums that centroidOfFrame, bandwidthOfFrame and rolloffOfFrame each take
    // over the f32 magnitudes (the same sum, in the same order) and framePeaks' largest power.
    let sum: f64 = 0;
    let weighted: f64 = 0;
    let max: f64 = -Infinity;
    for (let k = 0; k < bins; k++) {
      const a = f(xr, k), b = f(xi, k);
      sf32(reRow, k, a);
      sf32(imRow, k, b);
      const p = a * a + b * b;
      const p32 = <f64><f32>p;
      store<f32>(pRow + (<usize>k << 2), <f32>p32);
      if (p32 > max) max = p32;
      const m = <f64><f32>Math.sqrt(p);
      store<f32>(mRow + (<usize>k << 2), <f32>m);
      sum += m;
      weighted += f(freq, k) * m;
    }
    sf32(centroid, j, weighted / (sum < TINY ? 1 : sum));
    // spectral_bandwidth (p = 2, norm; before its square root, which the host takes as Math.pow)
    // about the centroid as stored (f32), and the roll-off: the first bin whose cumulative
    // magnitude reaches rollPercent of the total, in one pass.
    const c = f32at(centroid, j);
    const scale = sum >= TINY ? 1 / sum : 1;
    const rollAt = rollPercent * sum;
    let acc: f64 = 0;
    let cum: f64 = 0;
    let roll = bins;
    for (let k = 0; k < bins; k++) {
      const m = f32at(mRow, k);
      const dev = Math.abs(f(freq, k) - c);
      acc += m * scale * (dev * dev);
      if (roll == bins) {
        cum += m;
        if (cum >= rollAt) roll = k;
      }
    }
    sf(bandwidth, j, acc);
    sf32(rolloff, j, f(freq, roll < bins - 1 ? roll : bins - 1));
    peaks = framePeaks(pRow, bins, max, kFrom, kHi, threshold, sr, nFft, pitch, pmag, peaks);
    binPairsFrame(pRow, bins, mel + ((<usize>(j * rows)) << 2), tables);
  }
  return peaks;
}

// JavaScript's own Math functions (wasm.ts passes them in): the kernels that need a
// transcendental call these, so their results are V8's, bit for bit, in every tier.
@external("env", "exp") declare function jsExp(x: f64): f64;
@external("env", "pow") declare function jsPow(x: f64, y: f64): f64;
@external("env", "log2") declare function jsLog2(x: f64): f64;

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
/** Coefficients i, i + 1 of the f64x2 sums times their lifter weights lift[k], lift[k + 1], to f32 out[i], out[i + 1]. */
@inline function storeCoefficients(out: usize, i: i32, sums: v128, lift: usize, k: i32): void {
  sf32(out, i, f64x2.extract_lane(sums, 0) * f(lift, k));
  sf32(out, i + 1, f64x2.extract_lane(sums, 1) * f(lift, k + 1));
}

export function melStatistics(mel: usize, frames: i32, bands: i32, amin: f64, offset: f64, topDb: f64, shift: i32, env: usize, dct: usize, dctT: usize, lift: usize, nMfcc: i32, mfcc: usize, stats: usize): void {
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
  // MFCCs (mfcc.ts `mfccOfFrame`), then their statistics. Coefficients go in f64x2 pairs, up to
  // eight at a time, over `dctT` (bands x nMfcc: the DCT rows transposed here, so a pair's two
  // weights for band j are adjacent); each lane sums its coefficient's terms in band order, as
  // the JavaScript does, so the same values bit for bit.
  for (let j = 0; j < bands; j++) for (let k = 0; k < nMfcc; k++) sf(dctT, j * nMfcc + k, f(dct, k * bands + j));
  const dctRow = <usize>nMfcc << 3;
  for (let t = 0; t < frames; t++) {
    const base = t * bands;
    const o = t * nMfcc;
    let k = 0;
    for (; k + 8 <= nMfcc; k += 8) {
      let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let w = dctT + (<usize>k << 3);
      for (let j = 0; j < bands; j++, w += dctRow) {
        const v = f64x2.splat(f32at(mel, base + j));
        a0 = f64x2.add(a0, f64x2.mul(v128.load(w), v));
        a1 = f64x2.add(a1, f64x2.mul(v128.load(w, 16), v));
        a2 = f64x2.add(a2, f64x2.mul(v128.load(w, 32), v));
        a3 = f64x2.add(a3, f64x2.mul(v128.load(w, 48), v));
      }
      storeCoefficients(mfcc, o + k, a0, lift, k);
      storeCoefficients(mfcc, o + k + 2, a1, lift, k + 2);
      storeCoefficients(mfcc, o + k + 4, a2, lift, k + 4);
      storeCoefficients(mfcc, o + k + 6, a3, lift, k + 6);
    }
    for (; k + 2 <= nMfcc; k += 2) {
      let a0 = f64x2.splat(0);
      let w = dctT + (<usize>k << 3);
      for (let j = 0; j < bands; j++, w += dctRow) a0 = f64x2.add(a0, f64x2.mul(v128.load(w), f64x2.splat(f32at(mel, base + j))));
      storeCoefficients(mfcc, o + k, a0, lift, k);
    }
    if (k < nMfcc) {
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

@external("env", "log1p") declare function jsLog1p(x: f64): f64;
