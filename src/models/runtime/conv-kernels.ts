/**
 * genrekit's own 2-D convolution kernels for the tfjs `wasm` backend: `Conv2D`,
 * `Conv2DBackpropInput` and `Conv2DBackpropFilter` as im2col + a SIMD GEMM (kernels/conv.as.ts,
 * compiled to conv.wasm beside this file). tfjs-backend-wasm 4.22 has no filter-gradient kernel
 * at all (wasm-kernels.ts borrowed the cpu backend's: 0.03 GFLOP/s) and its input gradient is a
 * scalar loop (2.1 GFLOP/s); here the three run at 27-31 GFLOP/s, the forward pass a little above
 * tfjs's XNNPACK (25) (`npm run bench -- conv`). Images are NHWC, filters [kh, kw, in, out]; any stride and
 * padding; a dilated or NCHW convolution, or one whose filter does not fit the module's fixed
 * 128 MiB, goes to the kernel registered before. The cpu backend keeps its own kernels: the
 * tests check these against them.
 */
import { readFileSync } from 'node:fs';
import * as tf from './tf.js';

/** What this file uses of the WebAssembly global (the ES2022 lib this package compiles with does not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

export interface ConvModule {
  memory: { buffer: ArrayBuffer };
  heapBase(): number;
  memoryBytes(): number;
  packB(b: number, K: number, N: number, out: number): void;
  packBT(t: number, N: number, K: number, out: number): void;
  gemm(a: number, bp: number, c: number, M: number, K: number, N: number, accumulate: number): void;
  im2col(x: number, H: number, W: number, C: number, kh: number, kw: number, sh: number, sw: number, padTop: number, padLeft: number, outW: number, row0: number, rows: number, out: number): void;
  col2im(cols: number, H: number, W: number, C: number, kh: number, kw: number, sh: number, sw: number, padTop: number, padLeft: number, outW: number, row0: number, rows: number, dx: number): void;
  transpose(a: number, rows: number, cols: number, out: number): void;
  bnSums(x: number, rows: number, C: number, shift: number, s1: number, s2: number, p1: number, p2: number): void;
  bnGradSums(dy: number, x: number, rows: number, C: number, zero: number, mean: number, inv: number, s1: number, s2: number, p1: number, p2: number): void;
  bnApply(x: number, y: number, rows: number, C: number, scale: number, shift: number): void;
  bnGradApply(dy: number, x: number, dx: number, rows: number, C: number, k: number, a: number, b: number, mean: number): void;
  maxPool(x: number, images: number, H: number, W: number, C: number, ph: number, pw: number, y: number, arg: number): void;
  maxPoolGrad(dy: number, arg: number, images: number, H: number, W: number, C: number, ph: number, pw: number, dx: number): void;
}

let module: ConvModule | null | undefined;

/** This thread's conv.wasm, or null when the build did not make it (or this engine lacks SIMD). */
export function convModule(): ConvModule | null {
  if (module === undefined) {
    try {
      const bytes = readFileSync(new URL('./conv.wasm', import.meta.url));
      const abort = () => {
        throw new Error('conv.wasm aborted');
      };
      module = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort } }).exports as unknown as ConvModule;
    } catch {
      module = null;
    }
  }
  return module;
}

/** Byte arena over the module's memory: `take(n)` reserves n float32 values, 16-aligned. */
export class Arena {
  private at: number;
  readonly f32: Float32Array;
  constructor(private readonly m: ConvModule) {
    this.at = m.heapBase();
    this.f32 = new Float32Array(m.memory.buffer);
  }
  get free(): number {
    return (this.m.memoryBytes() - this.at) >> 2;
  }
  take(n: number): number {
    const p = this.at;
    this.at += (n * 4 + 15) & ~15;
    if (this.at > this.m.memoryBytes()) throw new RangeError('conv.wasm memory exhausted');
    return p;
  }
}

/** Floats a B operand of K x N takes once packed in panels of 8 columns. */
const packed = (K: number, N: number) => K * Math.ceil(N / 8) * 8;

interface Geometry {
  batch: number;
  H: number;
  W: number;
  C: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  padTop: number;
  padLeft: number;
  outH: number;
  outW: number;
  outC: number;
}

function geometry(xShape: number[], filterShape: number[], attrs: Record<string, unknown>): Geometry | null {
  if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC') return null;
  const dil = attrs.dilations ?? 1;
  if (!(dil === 1 || (Array.isArray(dil) && dil.every((d) => d === 1)))) return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    H: info.inHeight,
    W: info.inWidth,
    C: info.inChannels,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
  };
}

/** Output rows of one image per chunk, given `perRow` floats per output row and `free` floats left; 0 when not even one fits. */
function rowsPerChunk(g: Geometry, perRow: number, free: number): number {
  return Math.min(g.outH, Math.floor((free - 64) / perRow));
}

interface WasmHeap extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
}

/** y (batch x outH x outW x outC) = conv(x, filter). Returns false when the shapes do not fit. */
export function conv2dForward(m: ConvModule, g: Geometry, x: Float32Array, filter: Float32Array, y: Float32Array): boolean {
  const a = new Arena(m);
  const kc = g.kh * g.kw * g.C;
  const img = g.H * g.W * g.C;
  const fixed = packed(kc, g.outC) + kc * g.outC + img + 16;
  const rows = rowsPerChunk(g, g.outW * (kc + g.outC) + 8, a.free - fixed);
  if (rows < 1) return false;
  const w = a.take(kc * g.outC);
  const wp = a.take(packed(kc, g.outC));
  const xi = a.take(img);
  const cols = a.take(rows * g.outW * kc);
  const out = a.take(rows * g.outW * g.outC);
  a.f32.set(filter, w >> 2);
  m.packB(w, kc, g.outC, wp);
  const outImg = g.outH * g.outW * g.outC;
  for (let n = 0; n < g.batch; n++) {
    a.f32.set(x.subarray(n * img, (n + 1) * img), xi >> 2);
    for (let r0 = 0; r0 < g.outH; r0 += rows) {
      const r = Math.min(rows, g.outH - r0);
      const M = r * g.outW;
      m.im2col(xi, g.H, g.W, g.C, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.outW, r0, r, cols);
      m.gemm(cols, wp, out, M, kc, g.outC, 0);
      y.set(a.f32.subarray(out >> 2, (out >> 2) + M * g.outC), n * outImg + r0 * g.outW * g.outC);
    }
  }
  return true;
}

/** dx (batch x H x W x C) = the gradient of conv(x, filter) for x, given dy. */
export function conv2dBackpropInput(m: ConvModule, g: Geometry, dy: Float32Array, filter: Float32Array, dx: Float32Array): boolean {
  const a = new Arena(m);
  const kc = g.kh * g.kw * g.C;
  const img = g.H * g.W * g.C;
  const fixed = packed(g.outC, kc) + kc * g.outC + img + 16;
  const rows = rowsPerChunk(g, g.outW * (kc + g.outC) + 8, a.free - fixed);
  if (rows < 1) return false;
  const w = a.take(kc * g.outC);
  const wtp = a.take(packed(g.outC, kc));
  const dxi = a.take(img);
  const dyc = a.take(rows * g.outW * g.outC);
  const dcols = a.take(rows * g.outW * kc);
  a.f32.set(filter, w >> 2);
  m.packBT(w, kc, g.outC, wtp); // B = W^T: outC x kc
  const outImg = g.outH * g.outW * g.outC;
  for (let n = 0; n < g.batch; n++) {
    a.f32.fill(0, dxi >> 2, (dxi >> 2) + img);
    for (let r0 = 0; r0 < g.outH; r0 += rows) {
      const r = Math.min(rows, g.outH - r0);
      const M = r * g.outW;
      const from = n * outImg + r0 * g.outW * g.outC;
      a.f32.set(dy.subarray(from, from + M * g.outC), dyc >> 2);
      m.gemm(dyc, wtp, dcols, M, g.outC, kc, 0);
      m.col2im(dcols, g.H, g.W, g.C, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.outW, r0, r, dxi);
    }
    dx.set(a.f32.subarray(dxi >> 2, (dxi >> 2) + img), n * img);
  }
  return true;
}

/** dW (kh x kw x C x outC) = the gradient of conv(x, filter) for the filter, given dy. */
export function conv2dBackpropFilter(m: ConvModule, g: Geometry, x: Float32Array, dy: Float32Array, dw: Float32Array): boolean {
  const a = new Arena(m);
  const kc = g.kh * g.kw * g.C;
  const img = g.H * g.W * g.C;
  const fixed = 2 * kc * g.outC + img + 16;
  // Per output row: the columns, their packed copy (rounded up to 8) and dy with its transpose.
  const rows = rowsPerChunk(g, g.outW * (2 * kc + 8 + 2 * g.outC) + 8, a.free - fixed);
  if (rows < 1) return false;
  const dwt = a.take(kc * g.outC); // dW^T: outC x kc, accumulated
  const dwOut = a.take(kc * g.outC);
  const xi = a.take(img);
  const cols = a.take(rows * g.outW * kc);
  const colsP = a.take(packed(rows * g.outW, kc));
  const dyc = a.take(rows * g.outW * g.outC);
  const dyt = a.take(rows * g.outW * g.outC);
  a.f32.fill(0, dwt >> 2, (dwt >> 2) + kc * g.outC);
  const outImg = g.outH * g.outW * g.outC;
  for (let n = 0; n < g.batch; n++) {
    a.f32.set(x.subarray(n * img, (n + 1) * img), xi >> 2);
    for (let r0 = 0; r0 < g.outH; r0 += rows) {
      const r = Math.min(rows, g.outH - r0);
      const P = r * g.outW;
      const from = n * outImg + r0 * g.outW * g.outC;
      a.f32.set(dy.subarray(from, from + P * g.outC), dyc >> 2);
      m.transpose(dyc, P, g.outC, dyt);
      m.im2col(xi, g.H, g.W, g.C, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.outW, r0, r, cols);
      m.packB(cols, P, kc, colsP);
      m.gemm(dyt, colsP, dwt, g.outC, P, kc, 1); // dW^T += dy^T (outC x P) x cols (P x kc)
    }
  }
  m.transpose(dwt, g.outC, kc, dwOut);
  dw.set(a.f32.subarray(dwOut >> 2, (dwOut >> 2) + kc * g.outC));
  return true;
}

const OURS = ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'] as const;
const previous = new Map<string, tf.KernelConfig>();

/** The wasm kernel registered before genrekit's (tfjs's own, or the cpu copy of wasm-kernels.ts), for the bench. */
export function previousConvKernel(name: (typeof OURS)[number]): tf.KernelConfig | undefined {
  return previous.get(name);
}

/** Register the three kernels for `wasm` over whatever was registered before (idempotent); returns whether they are on. */
export function registerConvKernels(): boolean {
  const m = convModule();
  if (!m || !tf.findBackendFactory('wasm')) return false;
  for (const name of OURS) {
    const before = tf.getKernel(name, 'wasm');
    if ((before as { genrekit?: boolean } | undefined)?.genrekit) continue;
    if (before) {
      previous.set(name, before);
      tf.unregisterKernel(name, 'wasm');
    }
    const config: tf.KernelConfig & { genrekit: boolean } = {
      kernelName: name,
      backendName: 'wasm',
      genrekit: true,
      // The wasm backend runs each kernel's setup when it starts: the kernel before ours needs its own.
      setupFunc: before?.setupFunc,
      kernelFunc: (args) => {
        const backend = args.backend as WasmHeap;
        const inputs = args.inputs as Record<string, tf.TensorInfo>;
        const attrs = args.attrs as Record<string, unknown>;
        let xShape: number[], filterShape: number[], outShape: number[], first: tf.TensorInfo, second: tf.TensorInfo;
        if (name === 'Conv2D') [xShape, filterShape, first, second] = [inputs.x.shape, inputs.filter.shape, inputs.x, inputs.filter];
        else if (name === 'Conv2DBackpropInput') [xShape, filterShape, first, second] = [attrs.inputShape as number[], inputs.filter.shape, inputs.dy, inputs.filter];
        else [xShape, filterShape, first, second] = [inputs.x.shape, attrs.filterShape as number[], inputs.x, inputs.dy];
        const g = first.dtype === 'float32' && second.dtype === 'float32' ? geometry(xShape, filterShape, attrs) : null;
        if (g) {
          outShape = name === 'Conv2D' ? [g.batch, g.outH, g.outW, g.outC] : name === 'Conv2DBackpropInput' ? xShape : filterShape;
          const out = backend.makeOutput(outShape, 'float32');
          // Views after the allocation: it may have grown (and detached) the heap.
          const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
          const ok =
            name === 'Conv2D'
              ? conv2dForward(m, g, view(first), view(second), view(out))
              : name === 'Conv2DBackpropInput'
                ? conv2dBackpropInput(m, g, view(first), view(second), view(out))
                : conv2dBackpropFilter(m, g, view(first), view(second), view(out));
          if (ok) return out;
          backend.disposeData(out.dataId);
        }
        if (!before) throw new Error(`${name}: this convolution (dilated, NCHW or too large for conv.wasm) has no other wasm kernel`);
        return before.kernelFunc(args);
      },
    };
    tf.registerKernel(config);
  }
  return true;
}
