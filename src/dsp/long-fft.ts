/**
 * Long power-of-two complex transforms (2^12 to 2^19 points: the scattering transform's) in the
 * SIMD kernel kernels/long-fft.as.ts (`long-fft.wasm`), two butterflies per f64x2 step: the values
 * of fft.ts `PowerOfTwoFft`, bit for bit, which stays the fallback (`withoutKernels(['longFft'])`).
 * The points are copied into the kernel's fixed memory and back, one transform at a time; each
 * length's tables (bit reversal and twiddles regrouped in pairs) are laid out once per thread.
 */
import type { PowerOfTwoFft } from './fft.js';
import { kernelEnabled, wasmKernel, wasmReserve, type ArenaKernel } from './wasm.js';

/** The export of long-fft.wasm (pointers are byte offsets in its memory; flags 0 or 1). */
interface LongFftExports extends ArenaKernel {
  transform(re: number, im: number, plan: number, permute: number, firstPassDone: number): void;
}

/** Shortest transform sent to the kernel: shorter ones gain less than the copies cost. */
export const LONG_FFT_MIN = 1 << 12;
/** Longest transform the kernel's memory holds (with every length's tables up to it). */
export const LONG_FFT_MAX = 1 << 19;

interface Kernel {
  exports: LongFftExports;
  re: Float64Array;
  im: Float64Array;
  at: { re: number; im: number };
}

let kernel: Kernel | null | undefined;
/** Plan record offsets by length (null: no room). */
const plans = new Map<number, number | null>();

function longKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const exports = wasmKernel<LongFftExports>('long-fft');
  const at = exports && wasmReserve(exports, { re: 8 * LONG_FFT_MAX, im: 8 * LONG_FFT_MAX });
  kernel = exports && at ? { exports, at, re: new Float64Array(exports.memory.buffer, at.re, LONG_FFT_MAX), im: new Float64Array(exports.memory.buffer, at.im, LONG_FFT_MAX) } : null;
  return kernel;
}

/** The kernel's plan for `p`: the bit reversal and the twiddles of every radix-4 pass with span >= 2, in pairs of butterflies. */
function planFor(k: Kernel, p: PowerOfTwoFft): number | null {
  if (plans.has(p.n)) return plans.get(p.n)!;
  const n = p.n;
  const tw = p.twiddles;
  // The JavaScript's table starts at span 2 (radix-2 first) or 1 (six values the passes skip).
  const skip = p.radix2First ? 0 : 6;
  const at = wasmReserve(k.exports, { plan: 16, rev: 4 * n, tw: 8 * (tw.length - skip) });
  if (at) {
    const buffer = k.exports.memory.buffer;
    new Int32Array(buffer, at.plan, 4).set([n, p.radix2First ? 1 : 0, at.rev, at.tw]);
    new Int32Array(buffer, at.rev, n).set(p.bitrev);
    const pairs = new Float64Array(buffer, at.tw, tw.length - skip);
    let from = skip;
    let to = 0;
    for (let h = p.radix2First ? 2 : 4; 4 * h <= n; h *= 4) {
      for (let k2 = 0; k2 < h; k2 += 2, to += 12) {
        // (k, k + 1) of each of w1r, w1i, w2r, w2i, w3r, w3i
        for (let q = 0; q < 6; q++) {
          pairs[to + 2 * q] = tw[from + 6 * k2 + q];
          pairs[to + 2 * q + 1] = tw[from + 6 * (k2 + 1) + q];
        }
      }
      from += 6 * h;
    }
  }
  plans.set(n, at ? at.plan : null);
  return at ? at.plan : null;
}

/**
 * `p.transform(re, im)` (permute) or `p.transformBitReversed(re, im, firstPassDone)` in the
 * kernel; false (nothing done) when it does not run here: switched off or not built, a length
 * outside [LONG_FFT_MIN, LONG_FFT_MAX], or no room for its tables.
 */
export function longTransform(p: PowerOfTwoFft, re: Float64Array, im: Float64Array, permute: boolean, firstPassDone: boolean): boolean {
  const n = p.n;
  if (n < LONG_FFT_MIN || n > LONG_FFT_MAX || !kernelEnabled('longFft')) return false;
  const k = longKernel();
  const plan = k && planFor(k, p);
  if (!k || plan === null) return false;
  const full = re.length === n;
  k.re.set(full ? re : re.subarray(0, n));
  k.im.set(full ? im : im.subarray(0, n));
  k.exports.transform(k.at.re, k.at.im, plan, permute ? 1 : 0, firstPassDone ? 1 : 0);
  re.set(n === LONG_FFT_MAX ? k.re : k.re.subarray(0, n));
  im.set(n === LONG_FFT_MAX ? k.im : k.im.subarray(0, n));
  return true;
}
