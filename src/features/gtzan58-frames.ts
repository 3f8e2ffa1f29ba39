/**
 * gtzan58's pass over the STFT frames in the WebAssembly kernel (src/dsp/stft.as.ts,
 * `gtzanFrames`): the same values, bit for bit, as the JavaScript frame visitor of gtzan58.ts, a
 * block of frames per call. The kernel is compiled in about a millisecond per thread; the
 * JavaScript it replaces cost every worker thread some 100 ms of V8 optimising before and while
 * its first clips ran, which is what held two workers back against one.
 *
 * The kernel's memory is fixed (see src/dsp/wasm.ts), so the thread's buffers are reserved once:
 * a block of BLOCK frames of signal and of every per-frame output. The frequency median of HPSS
 * runs per block on the block's magnitudes (`medianFilterLines`, the median kernel).
 */
import { RealFft, type FftExports, type WasmRealFft } from '../dsp/fft.js';
import { binPairs, type BinPairs } from '../dsp/mel.js';
import { medianFilterLines } from '../dsp/median.js';
import { sharedDct } from '../dsp/mfcc.js';
import { POWER_TO_DB_DEFAULTS } from '../dsp/db.js';
import { paddedSignal, paddedWindow, resolveStftOptions } from '../dsp/stft.js';
import { release } from '../dsp/scratch.js';
import type { FilterBank } from '../dsp/frame-matrix.js';
import { wasmKernel, wasmReserve } from '../dsp/wasm.js';
import type { FrameState } from './gtzan58.js';

/** Frames per call into the kernel. */
const BLOCK = 64;
/** Most mel bands the reserved block holds. */
const MAX_ROWS = 256;

/** The gtzan58 exports of stft.wasm (see stft.as.ts); pointers are byte offsets in its memory. */
interface GtzanExports extends FftExports {
  gtzanFrames(
    signal: number, hop: number, count: number, plan: number, tables: number,
    re: number, im: number, power: number, mag: number, magT: number,
    centroid: number, bandwidth: number, rolloff: number, rollPercent: number, mel: number,
    kFrom: number, kHi: number, threshold: number, sr: number, pitch: number, pmag: number,
    blocks: number, tailBlocks: number,
  ): number;
  melStatistics(mel: number, frames: number, bands: number, amin: number, offset: number, topDb: number, shift: number, env: number, dct: number, lift: number, nMfcc: number, mfcc: number, stats: number): void;
}

/** What the pass fills: the arrays of gtzan58's frame state (see `FrameState` there). */
export type FrameOutputs = Pick<FrameState, 'spec' | 'power' | 'magT' | 'percMedian' | 'centroid' | 'bandwidth' | 'rolloff' | 'mel' | 'freq' | 'tuning' | 'frames' | 'rmsBlocks'>;

/** Byte offsets and views of one thread's reserved buffers. */
class Buffers {
  constructor(
    readonly kernel: GtzanExports,
    readonly plan: WasmRealFft,
    private readonly base: number,
    readonly bins: number,
    readonly nFft: number,
    readonly hop: number,
  ) {
    const b = bins;
    let next = base;
    const take = (bytes: number) => {
      const p = next;
      next += (bytes + 15) & ~15;
      return p;
    };
    const buffer = kernel.memory.buffer;
    this.at = {
      tables: take(4 * 9), fr: take(8 * b), fi: take(8 * b), window: take(8 * nFft), freq: take(8 * b),
      band: take(4 * b), w0: take(8 * b), w1: take(8 * b), acc: take(8 * (MAX_ROWS + 1)),
      signal: take(8 * ((BLOCK - 1) * hop + nFft)),
      re: take(4 * BLOCK * b), im: take(4 * BLOCK * b), power: take(4 * BLOCK * b), mag: take(4 * BLOCK * b), magT: take(4 * BLOCK * b),
      centroid: take(4 * BLOCK), bandwidth: take(8 * BLOCK), rolloff: take(4 * BLOCK), mel: take(4 * BLOCK * MAX_ROWS),
      pitch: take(8 * BLOCK * b), pmag: take(8 * BLOCK * b), blocks: take(8 * (BLOCK + nFft / hop)),
    };
    this.bytes = next - base;
    if (base < 0) return;
    const f64 = (p: number, n: number) => new Float64Array(buffer, p, n);
    const f32 = (p: number, n: number) => new Float32Array(buffer, p, n);
    this.tables = new Int32Array(buffer, this.at.tables, 9);
    this.window = f64(this.at.window, nFft);
    this.freq = f64(this.at.freq, b);
    this.band = new Int32Array(buffer, this.at.band, b);
    this.w0 = f64(this.at.w0, b);
    this.w1 = f64(this.at.w1, b);
    this.signal = f64(this.at.signal, (BLOCK - 1) * hop + nFft);
    this.re = f32(this.at.re, BLOCK * b);
    this.im = f32(this.at.im, BLOCK * b);
    this.power = f32(this.at.power, BLOCK * b);
    this.mag = f32(this.at.mag, BLOCK * b);
    this.magT = f32(this.at.magT, BLOCK * b);
    this.centroid = f32(this.at.centroid, BLOCK);
    this.bandwidth = f64(this.at.bandwidth, BLOCK);
    this.rolloff = f32(this.at.rolloff, BLOCK);
    this.mel = f32(this.at.mel, BLOCK * MAX_ROWS);
    this.pitch = f64(this.at.pitch, BLOCK * b);
    this.pmag = f64(this.at.pmag, BLOCK * b);
    this.blocks = f64(this.at.blocks, BLOCK + nFft / hop);
  }

  readonly at: Record<'tables' | 'fr' | 'fi' | 'window' | 'freq' | 'band' | 'w0' | 'w1' | 'acc' | 'signal' | 're' | 'im' | 'power' | 'mag' | 'magT' | 'centroid' | 'bandwidth' | 'rolloff' | 'mel' | 'pitch' | 'pmag' | 'blocks', number>;
  /** Bytes the buffers take (from `base`). */
  readonly bytes: number;
  readonly tables!: Int32Array;
  readonly window!: Float64Array;
  readonly freq!: Float64Array;
  readonly band!: Int32Array;
  readonly w0!: Float64Array;
  readonly w1!: Float64Array;
  readonly signal!: Float64Array;
  readonly re!: Float32Array;
  readonly im!: Float32Array;
  readonly power!: Float32Array;
  readonly mag!: Float32Array;
  readonly magT!: Float32Array;
  readonly centroid!: Float32Array;
  readonly bandwidth!: Float64Array;
  readonly rolloff!: Float32Array;
  readonly mel!: Float32Array;
  readonly pitch!: Float64Array;
  readonly pmag!: Float64Array;
  readonly blocks!: Float64Array;
}

/** This thread's buffers by "nFft/hop" (null: the kernel is not built or they do not fit). */
const threadBuffers = new Map<string, Buffers | null>();

function buffersFor(nFft: number, hop: number): Buffers | null {
  const key = `${nFft}/${hop}`;
  if (threadBuffers.has(key)) return threadBuffers.get(key)!;
  let made: Buffers | null = null;
  const plan = new RealFft(nFft).wasmPlan;
  if (plan) {
    const kernel = plan.kernel as GtzanExports;
    const bins = (nFft >> 1) + 1;
    const bytes = new Buffers(kernel, plan, -1, bins, nFft, hop).bytes;
    const base = wasmReserve(kernel, bytes);
    if (base >= 0) made = new Buffers(kernel, plan, base, bins, nFft, hop);
  }
  threadBuffers.set(key, made);
  return made;
}

/**
 * Runs gtzan58's frame pass (STFT n_fft `nFft`, hop `hop`, Hann, centred, zero padding) of `y`
 * in the kernel, filling `out`; false (nothing written) when it cannot run here: the kernel not
 * built, its memory too small, or a filter bank that is not in bin-pair form.
 */
export function gtzanFramesInWasm(y: Float32Array, nFft: number, hop: number, melBank: FilterBank, rollPercent: number, medianSize: number, out: FrameOutputs): boolean {
  const buffers = buffersFor(nFft, hop);
  const pairs: BinPairs | undefined = melBank.rows <= MAX_ROWS ? binPairs(melBank) : undefined;
  if (!buffers || !pairs || melBank.bins !== buffers.bins) return false;
  const { kernel, plan, at, bins } = buffers;
  const o = resolveStftOptions({ nFft, hopLength: hop });
  buffers.window.set(paddedWindow(o.window, o.winLength, nFft));
  buffers.freq.set(out.freq);
  buffers.band.set(pairs.band);
  buffers.w0.set(pairs.w0);
  buffers.w1.set(pairs.w1);
  // The tables record the kernel reads (stft.as.ts `table`).
  buffers.tables.set([at.window, at.fr, at.fi, at.freq, at.band, at.w0, at.w1, at.acc, melBank.rows]);
  const search = out.tuning.peakSearch;
  const rows = melBank.rows;
  const x = paddedSignal(y, o);
  const { frames } = out;
  // rms rides along when its frames are the STFT's: hop-long blocks, n_fft / hop per frame.
  const perFrame = nFft % hop === 0 && o.padMode === 'constant' && o.center ? nFft / hop : 0;
  const rmsBlocks = perFrame ? new Float64Array(frames - 1 + perFrame) : undefined;
  for (let t0 = 0; t0 < frames; t0 += BLOCK) {
    const count = Math.min(BLOCK, frames - t0);
    const from = t0 * hop;
    buffers.signal.set(x.subarray(from, from + (count - 1) * hop + nFft));
    const tail = rmsBlocks && t0 + count === frames ? perFrame - 1 : 0;
    const peaks = kernel.gtzanFrames(
      at.signal, hop, count, plan.at.plan, at.tables,
      at.re, at.im, at.power, at.mag, at.magT,
      at.centroid, at.bandwidth, at.rolloff, rollPercent, at.mel,
      search.from, search.to, search.threshold, search.sr, at.pitch, at.pmag,
      at.blocks, tail,
    );
    rmsBlocks?.set(part(buffers.blocks, count + tail), t0);
    const n = count * bins;
    const base = t0 * bins;
    out.spec.re.set(part(buffers.re, n), base);
    out.spec.im.set(part(buffers.im, n), base);
    out.power.set(part(buffers.power, n), base);
    transposedBlockInto(buffers.magT, count, bins, out.magT, out.frames, t0);
    out.centroid.set(part(buffers.centroid, count), t0);
    bandwidthFromSums(buffers.bandwidth, count, out.bandwidth, t0);
    out.rolloff.set(part(buffers.rolloff, count), t0);
    out.mel.set(part(buffers.mel, count * rows), t0 * rows);
    out.tuning.addPeaks(buffers.pitch, buffers.pmag, peaks);
    medianFilterLines(part(buffers.mag, n), count, bins, medianSize, out.percMedian.subarray(base, base + n));
  }
  release(x);
  out.rmsBlocks = rmsBlocks;
  return true;
}

/** The first n values of a block view. */
function part<T extends Float32Array | Float64Array>(view: T, n: number): T {
  return (n === view.length ? view : view.subarray(0, n)) as T;
}

/** The bins x count block `src` into columns t0 .. t0 + count of the bins x frames matrix `dst`. */
function transposedBlockInto(src: Float32Array, count: number, bins: number, dst: Float32Array, frames: number, t0: number): void {
  for (let k = 0; k < bins; k++) {
    const s = k * count;
    const d = k * frames + t0;
    for (let j = 0; j < count; j++) dst[d + j] = src[s + j];
  }
}

/** Spectral bandwidth (p = 2) from the kernel's sums: out[t0 + j] = sums[j] ^ (1/2), as `bandwidthOfFrame` takes it. */
function bandwidthFromSums(sums: Float64Array, count: number, out: Float32Array, t0: number): void {
  for (let j = 0; j < count; j++) out[t0 + j] = Math.pow(sums[j], 1 / 2);
}

/** Most frames `melStatisticsInWasm` takes (about 95 s at 22050 Hz, hop 512), mel bands and coefficients. */
const MEL_MAX_FRAMES = 4096;
const MEL_MAX_BANDS = 128;
const MAX_MFCC = 40;

/** This thread's buffers for `melStatisticsInWasm` (byte offsets; null: no kernel or no room). */
let melBuffers: { mel: number; env: number; dct: number; lift: number; mfcc: number; stats: number; kernel: GtzanExports } | null | undefined;

/** What `melStatisticsInWasm` gives: the onset strength envelope and each MFCC's mean and variance. */
export interface MelStatistics {
  /** Onset strength per frame (librosa `onset_strength`, centred), the tempo's input. */
  onsetEnvelope: Float32Array;
  /** Mean then population variance of each of the nMfcc coefficients. */
  mfccStats: Float64Array;
}

/**
 * gtzan58's statistics of its mel power spectrogram (frames x bands, frame-major) in the
 * WebAssembly kernel: dB (ref 1, amin 1e-10, top_db 80), the onset strength envelope (lag 1,
 * centred for n_fft / hop), `nMfcc` MFCCs (no liftering) and their means and variances; the same
 * values bit for bit as gtzan58's JavaScript. Null when it cannot run here (kernel not built, or
 * more frames, bands or coefficients than its buffers hold).
 */
export function melStatisticsInWasm(mel: Float32Array, frames: number, bands: number, nMfcc: number, nFft: number, hop: number): MelStatistics | null {
  if (melBuffers === undefined) {
    melBuffers = null;
    const kernel = wasmKernel<GtzanExports>('stft');
    const sizes = [4 * MEL_MAX_FRAMES * MEL_MAX_BANDS, 4 * MEL_MAX_FRAMES, 8 * MAX_MFCC * MEL_MAX_BANDS, 8 * MAX_MFCC, 4 * MEL_MAX_FRAMES * MAX_MFCC, 16 * MAX_MFCC].map((b) => (b + 15) & ~15);
    const base = kernel ? wasmReserve(kernel, sizes.reduce((a, b) => a + b, 0)) : -1;
    if (kernel && base >= 0) {
      const [melAt, env, dct, lift, mfcc, stats] = sizes.map((_, i) => base + sizes.slice(0, i).reduce((a, b) => a + b, 0));
      melBuffers = { mel: melAt, env, dct, lift, mfcc, stats, kernel };
    }
  }
  const at = melBuffers;
  if (!at || frames < 1 || frames > MEL_MAX_FRAMES || bands > MEL_MAX_BANDS || nMfcc > MAX_MFCC || mel.length !== frames * bands) return null;
  const buffer = at.kernel.memory.buffer;
  new Float32Array(buffer, at.mel, frames * bands).set(mel);
  new Float64Array(buffer, at.dct, nMfcc * bands).set(sharedDct(bands, nMfcc));
  new Float64Array(buffer, at.lift, nMfcc).fill(1);
  const { amin, topDb } = POWER_TO_DB_DEFAULTS;
  const offset = 10 * Math.log10(Math.max(amin, 1));
  const shift = 1 + Math.floor(nFft / (2 * hop));
  at.kernel.melStatistics(at.mel, frames, bands, amin, offset, topDb ?? Infinity, shift, at.env, at.dct, at.lift, nMfcc, at.mfcc, at.stats);
  const envLength = Math.min(shift + frames - 1, frames);
  return {
    onsetEnvelope: new Float32Array(buffer, at.env, envLength).slice(),
    mfccStats: new Float64Array(buffer, at.stats, 2 * nMfcc).slice(),
  };
}
