// AssemblyScript, compiled to dist/src/models/runtime/conv.wasm by `npm run build:kernels` with
// 128-bit SIMD. The convolution kernels of conv-kernels.ts: a packed single-precision GEMM (4 x 8
// register tiles of f32x4) and the im2col / col2im reshapes around it; and batch norm's passes for
// image-kernels.ts; all on float32 arrays in this module's fixed memory, addressed by byte offset.
// Layouts are row-major; images NHWC.

/** Pack B (K x N, row-major at `b`) into panels of 8 columns (K x 8 each, zero-padded) at `out`. */
export function packB(b: usize, K: i32, N: i32, out: usize): void {
  const panels = (N + 7) >> 3;
  for (let p = 0; p < panels; p++) {
    const base = out + (<usize>(p * K * 8) << 2);
    const j0 = p * 8;
    const cols = min(8, N - j0);
    for (let k = 0; k < K; k++) {
      const dst = base + (<usize>(k * 8) << 2);
      const src = b + (<usize>(k * N + j0) << 2);
      if (cols == 8) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      } else {
        for (let c = 0; c < 8; c++) store<f32>(dst + (<usize>c << 2), c < cols ? load<f32>(src + (<usize>c << 2)) : 0);
      }
    }
  }
}

/** Pack B = T^T, where T (N x K, row-major at `t`), into panels of 8 columns at `out`. */
export function packBT(t: usize, N: i32, K: i32, out: usize): void {
  const panels = (N + 7) >> 3;
  for (let p = 0; p < panels; p++) {
    const base = out + (<usize>(p * K * 8) << 2);
    for (let c = 0; c < 8; c++) {
      const j = p * 8 + c;
      for (let k = 0; k < K; k++) store<f32>(base + (<usize>(k * 8 + c) << 2), j < N ? load<f32>(t + (<usize>(j * K + k) << 2)) : 0);
    }
  }
}

@inline function storeRow(c: usize, v0: v128, v1: v128, cols: i32, acc: bool): void {
  if (cols == 8) {
    if (acc) {
      v0 = f32x4.add(v0, v128.load(c));
      v1 = f32x4.add(v1, v128.load(c, 16));
    }
    v128.store(c, v0);
    v128.store(c, v1, 16);
    return;
  }
  const tmp = memory.data(32, 16);
  v128.store(tmp, v0);
  v128.store(tmp, v1, 16);
  for (let j = 0; j < cols; j++) {
    const p = c + (<usize>j << 2);
    const v = load<f32>(tmp + (<usize>j << 2));
    store<f32>(p, acc ? load<f32>(p) + v : v);
  }
}

@inline function tile4(a: usize, lda: i32, bp: usize, K: i32, c: usize, ldc: i32, cols: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const a1 = a + (<usize>lda << 2), a2 = a + (<usize>(2 * lda) << 2), a3 = a + (<usize>(3 * lda) << 2);
  for (let k = 0; k < K; k++) {
    const off = <usize>k << 2;
    const pb = bp + (<usize>k << 5);
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(a + off);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a1 + off);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a2 + off);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a3 + off);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
  }
  storeRow(c, c00, c01, cols, acc);
  storeRow(c + (<usize>ldc << 2), c10, c11, cols, acc);
  storeRow(c + (<usize>(2 * ldc) << 2), c20, c21, cols, acc);
  storeRow(c + (<usize>(3 * ldc) << 2), c30, c31, cols, acc);
}

function tile1(a: usize, bp: usize, K: i32, c: usize, cols: i32, acc: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  for (let k = 0; k < K; k++) {
    const pb = bp + (<usize>k << 5);
    const x = v128.load32_splat(a + (<usize>k << 2));
    c0 = f32x4.add(c0, f32x4.mul(x, v128.load(pb)));
    c1 = f32x4.add(c1, f32x4.mul(x, v128.load(pb, 16)));
  }
  storeRow(c, c0, c1, cols, acc);
}

/**
 * C (M x N at `c`) = A (M x K at `a`) x B, or C += when `accumulate`; B packed by packB/packBT at
 * `bp`. Rows are taken 64 at a time so that their A stays in cache across B's panels.
 */
export function gemm(a: usize, bp: usize, c: usize, M: i32, K: i32, N: i32, accumulate: bool): void {
  const panels = (N + 7) >> 3;
  for (let i0 = 0; i0 < M; i0 += 64) {
    const iEnd = min(i0 + 64, M);
    for (let p = 0; p < panels; p++) {
      const cols = min(8, N - p * 8);
      const bpp = bp + (<usize>(p * K * 8) << 2);
      let i = i0;
      for (; i + 4 <= iEnd; i += 4) tile4(a + (<usize>(i * K) << 2), K, bpp, K, c + (<usize>(i * N + p * 8) << 2), N, cols, accumulate);
      for (; i < iEnd; i++) tile1(a + (<usize>(i * K) << 2), bpp, K, c + (<usize>(i * N + p * 8) << 2), cols, accumulate);
    }
  }
}

/**
 * im2col of one image x (H x W x C at `x`) for output rows [row0, row0 + rows) of width outW:
 * out[(r * outW + ow) * (kh * kw * C) + (i * kw + j) * C + c] = x[oh * sh - padTop + i][ow * sw - padLeft + j][c], 0 outside.
 */
export function im2col(x: usize, H: i32, W: i32, C: i32, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, outW: i32, row0: i32, rows: i32, out: usize): void {
  const kc = kh * kw * C;
  const bytesC = <usize>C << 2;
  for (let r = 0; r < rows; r++) {
    const oh = row0 + r;
    for (let ow = 0; ow < outW; ow++) {
      let dst = out + (<usize>((r * outW + ow) * kc) << 2);
      for (let i = 0; i < kh; i++) {
        const ih = oh * sh - padTop + i;
        for (let j = 0; j < kw; j++) {
          const iw = ow * sw - padLeft + j;
          if (ih < 0 || ih >= H || iw < 0 || iw >= W) memory.fill(dst, 0, bytesC);
          else memory.copy(dst, x + (<usize>((ih * W + iw) * C) << 2), bytesC);
          dst += bytesC;
        }
      }
    }
  }
}

/** col2im: dx (H x W x C at `dx`) += the columns at `cols` laid out as im2col writes them. */
export function col2im(cols: usize, H: i32, W: i32, C: i32, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, outW: i32, row0: i32, rows: i32, dx: usize): void {
  const kc = kh * kw * C;
  for (let r = 0; r < rows; r++) {
    const oh = row0 + r;
    for (let ow = 0; ow < outW; ow++) {
      let src = cols + (<usize>((r * outW + ow) * kc) << 2);
      for (let i = 0; i < kh; i++) {
        const ih = oh * sh - padTop + i;
        for (let j = 0; j < kw; j++) {
          const iw = ow * sw - padLeft + j;
          if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
            const dst = dx + (<usize>((ih * W + iw) * C) << 2);
            let c = 0;
            for (; c + 4 <= C; c += 4) {
              const o = <usize>c << 2;
              v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
            }
            for (; c < C; c++) {
              const o = <usize>c << 2;
              store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
            }
          }
          src += <usize>C << 2;
        }
      }
    }
  }
}

/** out (cols x rows) = the transpose of a (rows x cols). */
export function transpose(a: usize, rows: i32, cols: i32, out: usize): void {
  for (let i0 = 0; i0 < rows; i0 += 32) {
    const iEnd = min(i0 + 32, rows);
    for (let j0 = 0; j0 < cols; j0 += 32) {
      const jEnd = min(j0 + 32, cols);
      for (let i = i0; i < iEnd; i++) for (let j = j0; j < jEnd; j++) store<f32>(out + (<usize>(j * rows + i) << 2), load<f32>(a + (<usize>(i * cols + j) << 2)));
    }
  }
}

// Batch norm over rows of C channels (NHWC flattened to rows x C), for image-kernels.ts. Sums
// go through f32 partial sums of at most 256 rows, added into f64 totals.

const BLOCK = 256;

/** s1[c] += sum of (a - ca[c]) x (b - cb[c]) ... see the three entry points below. */
@inline function sums(a: usize, b: usize, rows: i32, C: i32, ca: usize, cb: usize, scaleB: usize, s1: usize, s2: usize, p1: usize, p2: usize, squareA: bool): void {
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = min(rows, r0 + BLOCK);
    memory.fill(p1, 0, <usize>C << 2);
    memory.fill(p2, 0, <usize>C << 2);
    for (let r = r0; r < r1; r++) {
      const ra = a + (<usize>(r * C) << 2);
      const rb = b + (<usize>(r * C) << 2);
      let c = 0;
      for (; c + 4 <= C; c += 4) {
        const o = <usize>c << 2;
        const da = f32x4.sub(v128.load(ra + o), v128.load(ca + o));
        const db = squareA ? da : f32x4.mul(f32x4.sub(v128.load(rb + o), v128.load(cb + o)), v128.load(scaleB + o));
        v128.store(p1 + o, f32x4.add(v128.load(p1 + o), da));
        v128.store(p2 + o, f32x4.add(v128.load(p2 + o), f32x4.mul(da, db)));
      }
      for (; c < C; c++) {
        const o = <usize>c << 2;
        const da = load<f32>(ra + o) - load<f32>(ca + o);
        const db = squareA ? da : (load<f32>(rb + o) - load<f32>(cb + o)) * load<f32>(scaleB + o);
        store<f32>(p1 + o, load<f32>(p1 + o) + da);
        store<f32>(p2 + o, load<f32>(p2 + o) + da * db);
      }
    }
    for (let c = 0; c < C; c++) {
      const o = <usize>c << 3;
      store<f64>(s1 + o, load<f64>(s1 + o) + <f64>load<f32>(p1 + (<usize>c << 2)));
      store<f64>(s2 + o, load<f64>(s2 + o) + <f64>load<f32>(p2 + (<usize>c << 2)));
    }
  }
}

/** s1 += sum over rows of (x - shift), s2 += sum of (x - shift)^2, per channel; p1, p2: C floats of scratch. */
export function bnSums(x: usize, rows: i32, C: i32, shift: usize, s1: usize, s2: usize, p1: usize, p2: usize): void {
  sums(x, x, rows, C, shift, shift, shift, s1, s2, p1, p2, true);
}

/** s1 += sum over rows of dy, s2 += sum of dy (x - mean) inv, per channel (zeros at `zero`). */
export function bnGradSums(dy: usize, x: usize, rows: i32, C: i32, zero: usize, mean: usize, inv: usize, s1: usize, s2: usize, p1: usize, p2: usize): void {
  sums(dy, x, rows, C, zero, mean, inv, s1, s2, p1, p2, false);
}

/** y = x scale + shift per channel (y may be x). */
export function bnApply(x: usize, y: usize, rows: i32, C: i32, scale: usize, shift: usize): void {
  for (let r = 0; r < rows; r++) {
    const rx = x + (<usize>(r * C) << 2);
    const ry = y + (<usize>(r * C) << 2);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      const o = <usize>c << 2;
      v128.store(ry + o, f32x4.add(f32x4.mul(v128.load(rx + o), v128.load(scale + o)), v128.load(shift + o)));
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      store<f32>(ry + o, load<f32>(rx + o) * load<f32>(scale + o) + load<f32>(shift + o));
    }
  }
}

/** dx = k (dy - a - (x - mean) b) per channel (dx may be dy). */
export function bnGradApply(dy: usize, x: usize, dx: usize, rows: i32, C: i32, k: usize, a: usize, b: usize, mean: usize): void {
  for (let r = 0; r < rows; r++) {
    const rd = dy + (<usize>(r * C) << 2);
    const rx = x + (<usize>(r * C) << 2);
    const ro = dx + (<usize>(r * C) << 2);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      const o = <usize>c << 2;
      const xm = f32x4.mul(f32x4.sub(v128.load(rx + o), v128.load(mean + o)), v128.load(b + o));
      v128.store(ro + o, f32x4.mul(v128.load(k + o), f32x4.sub(f32x4.sub(v128.load(rd + o), v128.load(a + o)), xm)));
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      store<f32>(ro + o, load<f32>(k + o) * (load<f32>(rd + o) - load<f32>(a + o) - (load<f32>(rx + o) - load<f32>(mean + o)) * load<f32>(b + o)));
    }
  }
}

/**
 * Max-pool of `images` images (H x W x C at `x`) with window = stride (ph, pw), 'valid': y gets the
 * maxima (images x oh x ow x C) and arg the offset of each maximum in its window (di * pw + dj,
 * as a float; the first of equal values).
 */
export function maxPool(x: usize, images: i32, H: i32, W: i32, C: i32, ph: i32, pw: i32, y: usize, arg: usize): void {
  const oh = H / ph;
  const ow = W / pw;
  for (let b = 0; b < images; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const o = (<usize>(((b * oh + i) * ow + j) * C)) << 2;
        const first = x + ((<usize>(((b * H + i * ph) * W + j * pw) * C)) << 2);
        let c = 0;
        for (; c + 4 <= C; c += 4) {
          const cc = <usize>c << 2;
          let m = v128.load(first + cc);
          let a = f32x4.splat(0);
          for (let di = 0; di < ph; di++) {
            for (let dj = 0; dj < pw; dj++) {
              if (di == 0 && dj == 0) continue;
              const v = v128.load(x + ((<usize>(((b * H + i * ph + di) * W + j * pw + dj) * C)) << 2) + cc);
              const more = f32x4.gt(v, m);
              m = v128.bitselect(v, m, more);
              a = v128.bitselect(f32x4.splat(<f32>(di * pw + dj)), a, more);
            }
          }
          v128.store(y + o + cc, m);
          v128.store(arg + o + cc, a);
        }
        for (; c < C; c++) {
          const cc = <usize>c << 2;
          let m = load<f32>(first + cc);
          let a: f32 = 0;
          for (let di = 0; di < ph; di++) {
            for (let dj = 0; dj < pw; dj++) {
              const v = load<f32>(x + ((<usize>(((b * H + i * ph + di) * W + j * pw + dj) * C)) << 2) + cc);
              if (v > m) {
                m = v;
                a = <f32>(di * pw + dj);
              }
            }
          }
          store<f32>(y + o + cc, m);
          store<f32>(arg + o + cc, a);
        }
      }
    }
  }
}

/** The gradient of maxPool: dx (images x H x W x C, zeroed here) gets dy at each window's maximum. */
export function maxPoolGrad(dy: usize, arg: usize, images: i32, H: i32, W: i32, C: i32, ph: i32, pw: i32, dx: usize): void {
  memory.fill(dx, 0, (<usize>(images * H * W * C)) << 2);
  const oh = H / ph;
  const ow = W / pw;
  for (let b = 0; b < images; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const o = (<usize>(((b * oh + i) * ow + j) * C)) << 2;
        for (let c = 0; c < C; c++) {
          const off = <i32>load<f32>(arg + o + (<usize>c << 2));
          const di = off / pw;
          const dj = off - di * pw;
          store<f32>(dx + ((<usize>(((b * H + i * ph + di) * W + j * pw + dj) * C + c)) << 2), load<f32>(dy + o + (<usize>c << 2)));
        }
      }
    }
  }
}

/** First byte the host may use (after the module's static data), 16-aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Bytes of the memory (fixed: it never grows). */
export function memoryBytes(): usize {
  return <usize>memory.size() << 16;
}
