/**
 * The inverse STFT's masked overlap-add in the Float32 SIMD kernel (`spectrum.wasm`,
 * kernels/spectrum.as.ts `overlapAddFrames`): four frames per f32x4, a block of frames per call,
 * their spectra and mask copied in (Float32); the output's running span stays in the kernel. It has no
 * JavaScript twin: `istftMasked`'s frame-by-frame Float64 JavaScript is the fallback (no kernel,
 * `withoutKernels(['spectrum'])`, an nFft that is not a power of two), and the parity tests hold
 * both to librosa. Memory stays bounded: BLOCK frames at a time.
 */
import { setSpectrumWindow, spectrumKernel, spectrumPlan } from './spectrum-kernel.js';
import type { Spectrum } from './stft.js';
import type { WindowName } from './window.js';
import { wasmReserve } from './wasm.js';

/** Frames per call into the kernel. */
const BLOCK = 64;

/** One half length's block buffers in the kernel's memory (null: no room). */
const reserved = new Map<number, { at: Record<'re' | 'im' | 'mask' | 'target', number>; f32: Float32Array; f64: Float64Array } | null>();

/**
 * The overlap-add y[t * hop + i] += window[i] * x_t[i] of the first `frames` frames of `spec`
 * (times `mask`, frames x bins, when given), x_t the inverse transform of frame t, kept in the
 * kernel's memory: a block's span stays there, and the samples no later frame touches are handed
 * to `finished(view, viewStart, from, to)`, which reads y[p] = view[p - viewStart] for p in
 * [from, to) before the next block overwrites the view; the last call ends at the end of y
 * (hop * (frames - 1) + nFft). So y is never built: no Float64 copy of the whole output goes in
 * or out. False (nothing called) when the kernel does not run it (see above, or a hop longer
 * than the transform).
 */
export function maskedOverlapAddInWasm(
  nFft: number, window: WindowName, winLength: number, spec: Spectrum, mask: Float32Array | null, frames: number, hop: number,
  finished: (view: Float64Array, viewStart: number, from: number, to: number) => void,
): boolean {
  const h = nFft >> 1;
  const kernel = spectrumKernel();
  const plan = kernel && nFft === 2 * h && hop <= nFft ? spectrumPlan(h) : null;
  if (!kernel || !plan) return false;
  const bins = spec.bins;
  if (!reserved.has(h)) {
    // Rows padded to a multiple of 4 values (the kernel reads bins four at a time).
    const rows = 4 * (BLOCK * bins + 4);
    const at = wasmReserve(kernel, { re: rows, im: rows, mask: rows, target: 8 * BLOCK * nFft });
    reserved.set(h, at && { at, f32: new Float32Array(kernel.memory.buffer), f64: new Float64Array(kernel.memory.buffer) });
  }
  const buffers = reserved.get(h);
  if (!buffers) return false;
  const { at, f32, f64 } = buffers;
  setSpectrumWindow(plan, window, winLength);
  // target[0] is sample t0 * hop of y; what the block leaves for the next (nFft - hop samples) moves to the front.
  const target = at.target >> 3;
  const span = (BLOCK - 1) * hop + nFft;
  const view = f64.subarray(target, target + span);
  view.fill(0);
  for (let t0 = 0; t0 < frames; t0 += BLOCK) {
    const count = Math.min(BLOCK, frames - t0);
    const from = t0 * bins, to = (t0 + count) * bins;
    f32.set(spec.re.subarray(from, to), at.re >> 2);
    f32.set(spec.im.subarray(from, to), at.im >> 2);
    if (mask) f32.set(mask.subarray(from, to), at.mask >> 2);
    kernel.overlapAddFrames(at.re, at.im, mask ? at.mask : 0, bins, count, plan.window, at.target, hop, plan.record);
    const last = t0 + count >= frames;
    const done = last ? (count - 1) * hop + nFft : count * hop;
    finished(view, t0 * hop, t0 * hop, t0 * hop + done);
    if (!last) {
      view.copyWithin(0, done, (count - 1) * hop + nFft);
      view.fill(0, nFft - hop);
    }
  }
  return true;
}
