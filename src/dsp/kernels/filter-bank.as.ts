// AssemblyScript (see kernels.as.ts): frame-matrix.ts `applyFilterBank` (its `applyGroupsToFrame`
// per frame), two frames at a time in the f64x2 lanes: lane 0 frame t, lane 1 frame t + 1, each
// lane's sums in the JavaScript's order, so the same values bit for bit. Host: frame-matrix.ts.
import { ri } from './memory.as';

/** f32 k of the rows at `a` (lane 0) and `b` (lane 1), as f64. */
@inline function pair(a: usize, b: usize, k: i32): v128 {
  const o = <usize>k << 2;
  return f64x2.promote_low_f32x4(v128.load32_lane(b + o, v128.load32_zero(a + o), 1));
}

@inline function wsplat(w: usize, i: i32): v128 {
  return v128.load64_splat(w + (<usize>i << 3));
}

/** Lane 0 of v to f32 out[i], lane 1 to out[i + stride]. */
@inline function storePair(out: usize, i: i32, stride: i32, v: v128): void {
  const lanes = f32x4.demote_f64x2_zero(v);
  v128.store32_lane(out + (<usize>i << 2), lanes, 0);
  v128.store32_lane(out + (<usize>(i + stride) << 2), lanes, 1);
}

/**
 * out (frames x rows f32) = x (frames x bins f32) through the f64 weights (rows x bins) by the
 * row groups (frame-matrix.ts `filterGroups`: first row, lo, hi, 4 or 1; `nGroups` of them).
 */
export function applyGroups(weights: usize, groups: usize, nGroups: i32, bins: i32, rows: i32, x: usize, frames: i32, out: usize): void {
  for (let t = 0; t < frames; t += 2) {
    const a = x + ((<usize>(t * bins)) << 2);
    // An odd last frame rides in both lanes; lane 1 is not stored.
    const b = t + 1 < frames ? a + (<usize>bins << 2) : a;
    const o = t * rows;
    const stride = t + 1 < frames ? rows : 0;
    for (let g = 0; g < nGroups; g++) {
      const r0 = ri(groups, 4 * g), lo = ri(groups, 4 * g + 1), hi = ri(groups, 4 * g + 2);
      const w0 = r0 * bins;
      if (ri(groups, 4 * g + 3) == 1) {
        let acc = f64x2.splat(0);
        for (let k = lo; k < hi; k++) acc = f64x2.add(acc, f64x2.mul(wsplat(weights, w0 + k), pair(a, b, k)));
        storePair(out, o + r0, stride, acc);
        continue;
      }
      const w1 = w0 + bins, w2 = w1 + bins, w3 = w2 + bins;
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      for (let k = lo; k < hi; k++) {
        const v = pair(a, b, k);
        a0 = f64x2.add(a0, f64x2.mul(wsplat(weights, w0 + k), v));
        a1 = f64x2.add(a1, f64x2.mul(wsplat(weights, w1 + k), v));
        a2 = f64x2.add(a2, f64x2.mul(wsplat(weights, w2 + k), v));
        a3 = f64x2.add(a3, f64x2.mul(wsplat(weights, w3 + k), v));
      }
      storePair(out, o + r0, stride, a0);
      storePair(out, o + r0 + 1, stride, a1);
      storePair(out, o + r0 + 2, stride, a2);
      storePair(out, o + r0 + 3, stride, a3);
    }
  }
}
