/**
 * The inverse STFT's masked overlap-add in stft.wasm (kernels/fft.as.ts `maskedOverlapAdd`): a
 * block of frames per call, their spectra and mask copied in as Float32 and the output span they
 * touch as Float64, the inverse transforms two frames at a time in the f64x2 lanes. The same
 * values, bit for bit, as `istftMasked`'s frame-by-frame JavaScript, which is the fallback.
 */
import type { RealFft, WasmRealFft } from './fft.js';
import type { Spectrum } from './stft.js';
import { wasmReserve } from './wasm.js';

/** Frames per call into the kernel. */
const BLOCK = 64;

/** One half length's block buffers in the kernel's memory, with typed views. */
interface Buffers {
  at: Record<'re' | 'im' | 'mask' | 'window' | 'target', number>;
  re: Float32Array;
  im: Float32Array;
  mask: Float32Array;
  window: Float64Array;
  target: Float64Array;
}

/** This thread's buffers per half length (null: no room). */
const reserved = new Map<number, Buffers | null>();

function buffersFor(plan: WasmRealFft): Buffers | null {
  if (reserved.has(plan.h)) return reserved.get(plan.h)!;
  const n = 2 * plan.h;
  const bins = plan.h + 1;
  const at = wasmReserve(plan.kernel, { re: 4 * BLOCK * bins, im: 4 * BLOCK * bins, mask: 4 * BLOCK * bins, window: 8 * n, target: 8 * (BLOCK + 1) * n });
  const buffer = plan.kernel.memory.buffer;
  const made = at && {
    at,
    re: new Float32Array(buffer, at.re, BLOCK * bins),
    im: new Float32Array(buffer, at.im, BLOCK * bins),
    mask: new Float32Array(buffer, at.mask, BLOCK * bins),
    window: new Float64Array(buffer, at.window, n),
    target: new Float64Array(buffer, at.target, (BLOCK + 1) * n),
  };
  reserved.set(plan.h, made);
  return made;
}

/**
 * `y[t * hop + i] += window[i] * x_t[i]` for the first `frames` frames of `spec` (times `mask`,
 * frames x bins, when given), x_t the inverse transform of frame t, in frame order; false
 * (nothing written) when the kernel does not run `fft` or the hop exceeds its length.
 */
export function maskedOverlapAddInWasm(fft: RealFft, spec: Spectrum, mask: Float32Array | null, frames: number, window: Float64Array, y: Float64Array, hop: number): boolean {
  const plan = fft.wasmPlan;
  if (!plan || hop > fft.n || window.length !== fft.n) return false;
  const buffers = buffersFor(plan);
  if (!buffers) return false;
  const { at } = buffers;
  const bins = spec.bins;
  buffers.window.set(window);
  for (let t0 = 0; t0 < frames; t0 += BLOCK) {
    const count = Math.min(BLOCK, frames - t0);
    const rows = [t0 * bins, (t0 + count) * bins];
    buffers.re.set(spec.re.subarray(rows[0], rows[1]));
    buffers.im.set(spec.im.subarray(rows[0], rows[1]));
    if (mask) buffers.mask.set(mask.subarray(rows[0], rows[1]));
    const span = [t0 * hop, (t0 + count - 1) * hop + fft.n];
    buffers.target.set(y.subarray(span[0], span[1]));
    plan.kernel.maskedOverlapAdd(at.re, at.im, mask ? at.mask : 0, count, at.window, at.target, hop, plan.at.plan, plan.at.re, plan.at.im, plan.at.re2, plan.at.im2);
    y.set(buffers.target.subarray(0, span[1] - span[0]), span[0]);
  }
  return true;
}
