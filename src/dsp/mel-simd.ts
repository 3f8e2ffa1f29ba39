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
import { paddedRange } from './pad.js';
import { setSpectrumWindow, spectrumKernel, spectrumPlan, type SpectrumExports } from './spectrum-kernel.js';
import type { ResolvedStftOptions } from './stft.js';
import { wasmReserve } from './wasm.js';

/** Padded samples in the kernel at once (4 MiB): 2048 frames of hop 512. */
const CHUNK_SAMPLES = 1 << 20;
/** Output values in the kernel at once (4 MiB). */
const CHUNK_VALUES = 1 << 20;
/** Most mel bands the kernel's scratch holds. */
const MAX_ROWS = 4096;

/** A mel bank in bin-pair form (mel.ts `binPairs`) with its number of bands. */
export interface PairBank {
  pairs: BinPairs;
  rows: number;
}

/** This thread's buffers for the mel spectrogram in the kernel, or null (no kernel or no room). */
interface Buffers {
  exports: SpectrumExports;
  f32: Float32Array;
  at: Record<'signal' | 'out' | 'acc' | 'mel', number>;
  /** Per half length, the bank in bin-pair form (band, w0, w1) and the pairs it holds now. */
  banks: Map<number, { at: Record<'band' | 'w0' | 'w1', number>; holds: BinPairs | null } | null>;
}

let buffers: Buffers | null | undefined;

function melBuffers(): Buffers | null {
  if (buffers !== undefined) return buffers;
  const exports = spectrumKernel();
  const at = exports && wasmReserve(exports, { signal: 4 * CHUNK_SAMPLES, out: 4 * CHUNK_VALUES, acc: 16 * (MAX_ROWS + 1), mel: 16 });
  buffers = exports && at ? { exports, f32: new Float32Array(exports.memory.buffer), at, banks: new Map() } : null;
  return buffers;
}

/** The kernel's copy of `pairs` for half length h (written when another bank is there), or null when it does not fit. */
function bankAt(b: Buffers, h: number, pairs: BinPairs): Record<'band' | 'w0' | 'w1', number> | null {
  if (!b.banks.has(h)) {
    const at = wasmReserve(b.exports, { band: 4 * (h + 1), w0: 4 * (h + 1), w1: 4 * (h + 1) });
    b.banks.set(h, at && { at, holds: null });
  }
  const bank = b.banks.get(h);
  if (!bank) return null;
  if (bank.holds !== pairs) {
    new Int32Array(b.exports.memory.buffer, bank.at.band, h + 1).set(pairs.band);
    b.f32.set(pairs.w0, bank.at.w0 >> 2);
    b.f32.set(pairs.w1, bank.at.w1 >> 2);
    bank.holds = pairs;
  }
  return bank.at;
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
  if ((power !== 1 && power !== 2) || bank.rows > MAX_ROWS || bank.pairs.band.length !== h + 1 || n !== 2 * h) return null;
  const cols = bank.rows;
  // Frames per chunk: a multiple of 4 whose samples and outputs fit.
  const chunk = Math.min(Math.floor((CHUNK_SAMPLES - n) / o.hopLength) + 1, Math.floor(CHUNK_VALUES / cols)) & ~3;
  const plan = chunk >= 4 ? spectrumPlan(h) : null;
  const b = plan && melBuffers();
  const pairsAt = b && bankAt(b, h, bank.pairs);
  if (!plan || !b || !pairsAt) return null;
  setSpectrumWindow(plan, o.window, o.winLength);
  new Int32Array(b.exports.memory.buffer, b.at.mel, 3).set([pairsAt.band, pairsAt.w0, pairsAt.w1]);
  const pad = o.center ? n >> 1 : 0;
  const out = new Float32Array(frames * cols);
  const signal = b.f32.subarray(b.at.signal >> 2, (b.at.signal >> 2) + CHUNK_SAMPLES);
  for (let f0 = 0; f0 < frames; f0 += chunk) {
    const count = Math.min(chunk, frames - f0);
    const from = f0 * o.hopLength;
    paddedRange(y, pad, o.padMode, from, from + (count - 1) * o.hopLength + n, signal);
    b.exports.melFrames(b.at.signal, o.hopLength, count, plan.window, power, b.at.out, plan.record, b.at.mel, cols, b.at.acc);
    out.set(b.f32.subarray(b.at.out >> 2, (b.at.out >> 2) + count * cols), f0 * cols);
  }
  return out;
}
