// AssemblyScript (see kernels.as.ts): tempo.ts `estimateTempo`'s sum over the onset envelope's
// windows, statement for statement (`windowSpectra`'s forEach, `powerInPlace`, `windowEnergy`,
// `addScaled`), so the same values bit for bit. Host: tempo.ts `energyWeightedPowerSumInWasm`.
import { forwardWindowedPair, planH } from './fft.as';

/** Float64 `tiny` (tempo.ts FLOAT64_TINY). */
const FLOAT64_TINY: f64 = 2.2250738585072014e-308;

/** 1 / (the energy sum (x[i] * window[i])^2, i < winLength), or 1 below Float64 tiny. */
@inline function weightOf(x: usize, window: usize, winLength: i32): f64 {
  let energy: f64 = 0;
  for (let i = 0; i < winLength; i++) {
    const o = <usize>i << 3;
    const v = load<f64>(x + o) * load<f64>(window + o);
    energy += v * v;
  }
  return energy < FLOAT64_TINY ? 1 : 1 / energy;
}

/** sum[k] += (re[k]^2 + im[k]^2) * w for k < bins. */
@inline function addWeightedPower(sum: usize, re: usize, im: usize, bins: i32, w: f64): void {
  for (let k = 0; k < bins; k++) {
    const o = <usize>k << 3;
    const r = load<f64>(re + o), i = load<f64>(im + o);
    store<f64>(sum + o, load<f64>(sum + o) + (r * r + i * i) * w);
  }
}

/**
 * For t = 0 .. frames - 1 in order, x_t the 2h samples at `padded` + t (f64): sum (h + 1 f64) +=
 * |FFT(x_t * window)|^2 / (the energy of x_t's first winLength samples times the window). The
 * window holds 2h values (zero past winLength); re, im, re2, im2 are h + 1 f64 of scratch each.
 */
export function energyWeightedPowerSum(padded: usize, frames: i32, window: usize, winLength: i32, sum: usize, re: usize, im: usize, re2: usize, im2: usize, plan: usize): void {
  const bins = planH(plan) + 1;
  let t = 0;
  for (; t + 1 < frames; t += 2) {
    const a = padded + (<usize>t << 3);
    forwardWindowedPair(a, a + 8, window, re, im, re2, im2, plan);
    addWeightedPower(sum, re, im, bins, weightOf(a, window, winLength));
    addWeightedPower(sum, re2, im2, bins, weightOf(a + 8, window, winLength));
  }
  if (t < frames) {
    // An odd last window rides in both lanes; lane B is not used.
    const a = padded + (<usize>t << 3);
    forwardWindowedPair(a, a, window, re, im, re2, im2, plan);
    addWeightedPower(sum, re, im, bins, weightOf(a, window, winLength));
  }
}
