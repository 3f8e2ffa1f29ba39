/**
 * This thread's `spectrum.wasm` (kernels/spectrum.as.ts): the Float32 SIMD transforms, four frames
 * per f32x4, of the mel spectrogram (mel-simd.ts) and of the inverse STFT's overlap-add
 * (overlap-add.ts). Each power-of-two half length gets one plan in its fixed memory, shared by
 * both: the bit reversal, the radix-4 and split twiddles (Float32), the work rows and the window.
 */
import { powerOfTwoPlan, splitTwiddles } from './fft.js';
import { kernelEnabled, wasmKernel, wasmReserve, type ArenaKernel } from './wasm.js';
import { getWindow, type WindowName } from './window.js';

/** spectrum.wasm's exports (pointers are byte offsets in its memory). */
export interface SpectrumExports extends ArenaKernel {
  melFrames(signal: number, hop: number, frames: number, window: number, power: number, out: number, plan: number, mel: number, rows: number, acc: number): void;
  overlapAddFrames(re: number, im: number, mask: number, stride: number, frames: number, window: number, target: number, hop: number, plan: number): void;
}

/** Smallest half length the kernel takes (its passes assume h >= 16). */
const MIN_HALF = 16;

/** One half length's tables and buffers in the kernel's memory. */
export interface SpectrumPlan {
  h: number;
  /** The plan record the kernel takes, and the window (2h f32). */
  record: number;
  window: number;
  /** Which window is at `window` ("hann/2048"). */
  windowKey: string;
}

let kernel: SpectrumExports | null | undefined;
const plans = new Map<number, SpectrumPlan | null>();

/** This thread's kernel, or null when it is switched off (`spectrum`) or not built. */
export function spectrumKernel(): SpectrumExports | null {
  if (!kernelEnabled('spectrum')) return null;
  if (kernel === undefined) kernel = wasmKernel<SpectrumExports>('spectrum');
  return kernel;
}

/** The plan for transforms of 2h samples (h a power of two >= 16), or null (kernel off, other length, no room). */
export function spectrumPlan(h: number): SpectrumPlan | null {
  const k = spectrumKernel();
  if (!k || h < MIN_HALF || (h & (h - 1)) !== 0) return null;
  if (plans.has(h)) return plans.get(h)!;
  const p2 = powerOfTwoPlan(h);
  // Work rows of h + 4: the inverse reads bins four at a time, up to h + 3.
  const at = wasmReserve(k, { record: 40, rev: 4 * h, tw: 4 * p2.twiddles.length, twRe: 4 * h, twIm: 4 * h, zRe: 16 * h, zIm: 16 * h, pw: 16 * (h + 4), pw2: 16 * (h + 4), window: 8 * h });
  let plan: SpectrumPlan | null = null;
  if (at) {
    const buffer = k.memory.buffer;
    const f32 = new Float32Array(buffer);
    new Int32Array(buffer, at.record, 10).set([h, p2.radix2First ? 1 : 0, at.rev, at.tw, at.twRe, at.twIm, at.zRe, at.zIm, at.pw, at.pw2]);
    new Int32Array(buffer, at.rev, h).set(p2.bitrev);
    f32.set(p2.twiddles, at.tw >> 2);
    const [twRe, twIm] = splitTwiddles(2 * h);
    f32.set(twRe, at.twRe >> 2);
    f32.set(twIm, at.twIm >> 2);
    plan = { h, record: at.record, window: at.window, windowKey: '' };
  }
  plans.set(h, plan);
  return plan;
}

/** Puts the periodic `window` of `winLength` samples, centred in 2h zeros, at plan.window (when another is there). */
export function setSpectrumWindow(plan: SpectrumPlan, window: WindowName, winLength: number): void {
  const key = `${window}/${winLength}`;
  if (plan.windowKey === key) return;
  const n = 2 * plan.h;
  const w = new Float32Array(spectrumKernel()!.memory.buffer, plan.window, n).fill(0);
  w.set(getWindow(window, winLength, true), (n - winLength) >> 1);
  plan.windowKey = key;
}
