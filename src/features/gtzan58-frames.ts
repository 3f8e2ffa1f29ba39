/**
 * gtzan58's pass over the STFT frames in the WebAssembly kernel (src/dsp/kernels/gtzan58.as.ts,
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

/** The gtzan58 exports of stft.wasm (see kernels/gtzan58.as.ts); pointers are byte offsets in its memory. */
interface GtzanExports extends FftExports {
  gtzanFrames(
    signal: number, hop: number, count: number, plan: number, tables: number,
    re: number, im: number, power: number, mag: number,
    centroid: number, bandwidth: number, rolloff: number, rollPercent: number, mel: number,
    kFrom: number, kHi: number, threshold: number, sr: number, pitch: number, pmag: number,
    blocks: number, tailBlocks: number,
  ): number;
  melStatistics(mel: number, frames: number, bands: number, amin: number, offset: number, topDb: number, shift: number, env: number, dct: number, dctT: number, lift: number, nMfcc: number, mfcc: number, stats: number): void;
}

/** What the pass fills: the arrays of gtzan58's frame state (see `FrameState` there). */
export type FrameOutputs = Pick<FrameState, 'spec' | 'power' | 'mag' | 'percMedian' | 'centroid' | 'bandwidth' | 'rolloff' | 'mel' | 'freq' | 'tuning' | 'frames' | 'rmsBlocks'>;

/** The byte sizes of one thread's buffers for the frame pass (bins per frame, FFT length, hop). */
function bufferSizes(bins: number, nFft: number, hop: number) {
  const rows = 4 * BLOCK * bins;
  return {
    tables: 4 * 11, fr: 8 * bins, fi: 8 * bins, fr2: 8 * bins, fi2: 8 * bins, window: 8 * nFft, freq: 8 * bins, band: 4 * bins, w0: 8 * bins, w1: 8 * bins, acc: 8 * (MAX_ROWS + 1),
    signal: 8 * ((BLOCK - 1) * hop + nFft), re: rows, im: rows, power: rows, mag: rows,
    centroid: 4 * BLOCK, bandwidth: 8 * BLOCK, rolloff: 4 * BLOCK, mel: 4 * BLOCK * MAX_ROWS,
    pitch: 8 * BLOCK * bins, pmag: 8 * BLOCK * bins, blocks: 8 * (BLOCK + nFft / hop),
  };
}

/** One thread's reserved buffers for the frame pass: byte offsets (`at`) and typed views of them. */
interface Buffers {
  kernel: GtzanExports;
  plan: WasmRealFft;
  bins: number;
  at: Record<keyof ReturnType<typeof bufferSizes>, number>;
  tables: Int32Array;
  window: Float64Array;
  freq: Float64Array;
  band: Int32Array;
  w0: Float64Array;
  w1: Float64Array;
  signal: Float64Array;
  re: Float32Array;
  im: Float32Array;
  power: Float32Array;
  mag: Float32Array;
  centroid: Float32Array;
  bandwidth: Float64Array;
  rolloff: Float32Array;
  mel: Float32Array;
  pitch: Float64Array;
  pmag: Float64Array;
  blocks: Float64Array;
}

/** This thread's buffers by "nFft/hop" (null: the kernel is not built or they do not fit). */
const threadBuffers = new Map<string, Buffers | null>();

function buffersFor(nFft: number, hop: number): Buffers | null {
  const key = `${nFft}/${hop}`;
  if (threadBuffers.has(key)) return threadBuffers.get(key)!;
  let made: Buffers | null = null;
  const plan = new RealFft(nFft).wasmPlan;
  const bins = (nFft >> 1) + 1;
  const kernel = plan?.kernel as GtzanExports | undefined;
  const at = kernel && wasmReserve(kernel, bufferSizes(bins, nFft, hop));
  if (plan && kernel && at) {
    const buffer = kernel.memory.buffer;
    const f64 = (p: number, n: number) => new Float64Array(buffer, p, n);
    const f32 = (p: number, n: number) => new Float32Array(buffer, p, n);
    made = {
      kernel, plan, bins, at,
      tables: new Int32Array(buffer, at.tables, 11),
      window: f64(at.window, nFft),
      freq: f64(at.freq, bins),
      band: new Int32Array(buffer, at.band, bins),
      w0: f64(at.w0, bins),
      w1: f64(at.w1, bins),
      signal: f64(at.signal, (BLOCK - 1) * hop + nFft),
      re: f32(at.re, BLOCK * bins),
      im: f32(at.im, BLOCK * bins),
      power: f32(at.power, BLOCK * bins),
      mag: f32(at.mag, BLOCK * bins),
      centroid: f32(at.centroid, BLOCK),
      bandwidth: f64(at.bandwidth, BLOCK),
      rolloff: f32(at.rolloff, BLOCK),
      mel: f32(at.mel, BLOCK * MAX_ROWS),
      pitch: f64(at.pitch, BLOCK * bins),
      pmag: f64(at.pmag, BLOCK * bins),
      blocks: f64(at.blocks, BLOCK + nFft / hop),
    };
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
  // The tables record the kernel reads (kernels/gtzan58.as.ts `table`).
  buffers.tables.set([at.window, at.fr, at.fi, at.freq, at.band, at.w0, at.w1, at.acc, melBank.rows, at.fr2, at.fi2]);
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
      at.re, at.im, at.power, at.mag,
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
    out.mag.set(part(buffers.mag, n), base);
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

/** Spectral bandwidth (p = 2) from the kernel's sums: out[t0 + j] = sums[j] ^ (1/2), as `bandwidthOfFrame` takes it. */
function bandwidthFromSums(sums: Float64Array, count: number, out: Float32Array, t0: number): void {
  for (let j = 0; j < count; j++) out[t0 + j] = Math.pow(sums[j], 1 / 2);
}

/** Most frames `melStatisticsInWasm` takes (about 95 s at 22050 Hz, hop 512), mel bands and coefficients. */
const MEL_MAX_FRAMES = 4096;
const MEL_MAX_BANDS = 128;
const MAX_MFCC = 40;

/** This thread's buffers for `melStatisticsInWasm` (byte offsets; null: no kernel or no room). */
let melBuffers: { mel: number; env: number; dct: number; dctT: number; lift: number; mfcc: number; stats: number; kernel: GtzanExports } | null | undefined;

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
    const at = kernel && wasmReserve(kernel, { mel: 4 * MEL_MAX_FRAMES * MEL_MAX_BANDS, env: 4 * MEL_MAX_FRAMES, dct: 8 * MAX_MFCC * MEL_MAX_BANDS, dctT: 8 * MAX_MFCC * MEL_MAX_BANDS, lift: 8 * MAX_MFCC, mfcc: 4 * MEL_MAX_FRAMES * MAX_MFCC, stats: 16 * MAX_MFCC });
    if (kernel && at) melBuffers = { ...at, kernel };
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
  at.kernel.melStatistics(at.mel, frames, bands, amin, offset, topDb ?? Infinity, shift, at.env, at.dct, at.dctT, at.lift, nMfcc, at.mfcc, at.stats);
  const envLength = Math.min(shift + frames - 1, frames);
  return {
    onsetEnvelope: new Float32Array(buffer, at.env, envLength).slice(),
    mfccStats: new Float64Array(buffer, at.stats, 2 * nMfcc).slice(),
  };
}
