/**
 * The mel spectrogram of a power-of-two STFT in the SIMD kernel (kernels/spectrum.as.ts,
 * `spectrum.wasm`): four frames per f32x4 lane group, Float32 throughout, the signal padded
 * straight into the kernel's memory a chunk of frames at a time and the mel rows copied out once.
 * `melFromSamples` runs here when it can; its Float64 frame-by-frame path is the fallback (no
 * kernel, `withoutKernels(['spectrum'])`, another nFft or power) and both are held to librosa by
 * the parity tests. Memory stays bounded whatever the signal's length: at most CHUNK_SAMPLES
 * samples and CHUNK_VALUES outputs are in the kernel at once.
 */
import type { BinPairs } from './mel.js';
import { powerOfTwoPlan, splitTwiddles } from './fft.js';
import { paddedRange } from './pad.js';
import type { ResolvedStftOptions } from './stft.js';
import { kernelEnabled, wasmKernel, wasmReserve, type ArenaKernel } from './wasm.js';
import { getWindow } from './window.js';

/** spectrum.wasm's export (see kernels/spectrum.as.ts `melFrames`); every pointer is a byte offset in its memory. */
interface SpectrumExports extends ArenaKernel {
  melFrames(signal: number, hop: number, frames: number, window: number, power: number, out: number, plan: number, mel: number, rows: number, acc: number): void;
}

/** Padded samples in the kernel at once (4 MiB): 2048 frames of hop 512. */
const CHUNK_SAMPLES = 1 << 20;
/** Output values in the kernel at once (4 MiB). */
const CHUNK_VALUES = 1 << 20;
/** Most mel bands the kernel's scratch holds. */
const MAX_ROWS = 4096;
/** Smallest half length the kernel takes (its passes assume h >= 16). */
const MIN_HALF = 16;

/** A mel bank in bin-pair form (mel.ts `binPairs`) with its number of bands. */
export interface PairBank {
  pairs: BinPairs;
  rows: number;
}

/** This thread's kernel with its shared buffers, or null when it is not built. */
interface Kernel {
  exports: SpectrumExports;
  f32: Float32Array;
  signal: number;
  out: number;
  acc: number;
  mel: number;
  /** The bank whose pairs are at `mel` for this half length (rewritten when another comes). */
  bankOf: Map<number, BinPairs>;
}

/** One half length's tables and buffers in the kernel's memory. */
interface Plan {
  h: number;
  at: Record<'plan' | 'rev' | 'tw' | 'twRe' | 'twIm' | 'zRe' | 'zIm' | 'pw' | 'window' | 'band' | 'w0' | 'w1', number>;
  /** Which window is at `at.window` ("hann/2048"). */
  windowKey: string;
}

let kernel: Kernel | null | undefined;
const plans = new Map<number, Plan | null>();

function spectrumKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const exports = wasmKernel<SpectrumExports & { memory: { buffer: ArrayBuffer } }>('spectrum');
  const at = exports && wasmReserve(exports, { signal: 4 * CHUNK_SAMPLES, out: 4 * CHUNK_VALUES, acc: 16 * (MAX_ROWS + 1), mel: 16 });
  kernel = exports && at ? { exports, f32: new Float32Array(exports.memory.buffer), ...at, bankOf: new Map() } : null;
  return kernel;
}

function planFor(k: Kernel, h: number): Plan | null {
  if (plans.has(h)) return plans.get(h)!;
  const p2 = powerOfTwoPlan(h);
  const at = wasmReserve(k.exports, {
    plan: 40,
    rev: 4 * h,
    tw: 4 * p2.twiddles.length,
    twRe: 4 * h,
    twIm: 4 * h,
    zRe: 16 * h,
    zIm: 16 * h,
    pw: 16 * (h + 1),
    window: 8 * h,
    band: 4 * (h + 1),
    w0: 4 * (h + 1),
    w1: 4 * (h + 1),
  });
  let plan: Plan | null = null;
  if (at) {
    const buffer = k.exports.memory.buffer;
    new Int32Array(buffer, at.plan, 9).set([h, p2.radix2First ? 1 : 0, at.rev, at.tw, at.twRe, at.twIm, at.zRe, at.zIm, at.pw]);
    new Int32Array(buffer, at.rev, h).set(p2.bitrev);
    k.f32.set(p2.twiddles, at.tw >> 2);
    const [twRe, twIm] = splitTwiddles(2 * h);
    k.f32.set(twRe, at.twRe >> 2);
    k.f32.set(twIm, at.twIm >> 2);
    plan = { h, at, windowKey: '' };
  }
  plans.set(h, plan);
  return plan;
}

/**
 * Mel energies of `y` through `bank`, frames x bank.rows Float32, frame-major, |STFT|^power
 * before the bank; null when the kernel cannot run it here (not built or switched off, power
 * other than 1 or 2, nFft not a power of two >= 32, or too large for its memory). `frames` is
 * the caller's `frameCount`.
 */
export function simdMelFrames(y: Float32Array, o: ResolvedStftOptions, frames: number, power: number, bank: PairBank): Float32Array | null {
  const n = o.nFft;
  const h = n >> 1;
  if (!kernelEnabled('spectrum') || (power !== 1 && power !== 2) || h < MIN_HALF || (n & (n - 1)) !== 0 || bank.rows > MAX_ROWS) return null;
  if (bank.pairs.band.length !== h + 1) return null;
  const cols = bank.rows;
  // Frames per chunk: a multiple of 4 whose samples and outputs fit.
  const chunk = Math.min(Math.floor((CHUNK_SAMPLES - n) / o.hopLength) + 1, Math.floor(CHUNK_VALUES / cols)) & ~3;
  if (chunk < 4) return null;
  const k = spectrumKernel();
  const plan = k && planFor(k, h);
  if (!k || !plan) return null;
  const { at } = plan;
  const windowKey = `${o.window}/${o.winLength}`;
  if (plan.windowKey !== windowKey) {
    const w = k.f32.subarray(at.window >> 2, (at.window >> 2) + n).fill(0);
    w.set(getWindow(o.window, o.winLength, true), (n - o.winLength) >> 1);
    plan.windowKey = windowKey;
  }
  if (k.bankOf.get(h) !== bank.pairs) {
    new Int32Array(k.exports.memory.buffer, at.band, h + 1).set(bank.pairs.band);
    k.f32.set(bank.pairs.w0, at.w0 >> 2);
    k.f32.set(bank.pairs.w1, at.w1 >> 2);
    k.bankOf.set(h, bank.pairs);
  }
  new Int32Array(k.exports.memory.buffer, k.mel, 3).set([at.band, at.w0, at.w1]);
  const pad = o.center ? n >> 1 : 0;
  const out = new Float32Array(frames * cols);
  const signal = k.f32.subarray(k.signal >> 2, (k.signal >> 2) + CHUNK_SAMPLES);
  for (let f0 = 0; f0 < frames; f0 += chunk) {
    const count = Math.min(chunk, frames - f0);
    const from = f0 * o.hopLength;
    paddedRange(y, pad, o.padMode, from, from + (count - 1) * o.hopLength + n, signal);
    k.exports.melFrames(k.signal, o.hopLength, count, at.window, power, k.out, at.plan, k.mel, cols, k.acc);
    out.set(k.f32.subarray(k.out >> 2, (k.out >> 2) + count * cols), f0 * cols);
  }
  return out;
}
