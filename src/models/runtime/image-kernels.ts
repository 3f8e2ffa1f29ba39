/**
 * The CRNNs' batch norm (training mode) and non-overlapping max-pool as one forward and one
 * backward kernel each, on the heap backends, in conv.wasm's SIMD (without conv.wasm the layers
 * run on plain tf ops). TF.js builds batch norm's gradient from `tile`s of
 * every statistic to the input's full size and its wasm MaxPoolGrad walks every window for every
 * output: the two took 60 % of a base CRNN training step (`npm run bench -- conv`), where these
 * make two passes over the data each.
 */
import * as tf from './tf.js';
import { Arena, convModule, type ConvModule } from './conv-kernels.js';
import { kernelIO, registerHeapKernel } from './kernel-io.js';

export const BATCH_NORM_TRAIN = 'GenrekitBatchNormTrain';
export const BATCH_NORM_TRAIN_GRAD = 'GenrekitBatchNormTrainGrad';
export const MAX_POOL = 'GenrekitMaxPool';
export const MAX_POOL_GRAD = 'GenrekitMaxPoolGrad';

/**
 * Inputs: x (... x C), gamma (C), beta (C); attr epsilon. Outputs: y = gamma (x - mean) /
 * sqrt(var + epsilon) + beta with the batch's mean and (biased) variance over every axis but the
 * last, then mean (C) and variance (C).
 */
function batchNormTrain({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { x, gamma, beta } = inputs as Record<string, tf.TensorInfo>;
  const C = x.shape[x.shape.length - 1];
  const { ins, outs, infos } = kernelIO(backend, [x, gamma, beta], [x.shape, [C], [C]]);
  const [X, G, B] = ins as Float32Array[];
  const [Y, mean, variance] = outs;
  const eps = (attrs as { epsilon: number }).epsilon;
  if (!batchNormTrainWasm(convModule()!, X, G, B, Y, mean, variance, eps, C)) throw new Error(`batch norm: ${C} channels do not fit conv.wasm`);
  return infos;
}

/** Inputs: dy, x, gamma, mean, variance; attr epsilon. Outputs: dx, dgamma, dbeta. */
function batchNormTrainGrad({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { dy, x, gamma, mean, variance } = inputs as Record<string, tf.TensorInfo>;
  const C = x.shape[x.shape.length - 1];
  const { ins, outs, infos } = kernelIO(backend, [dy, x, gamma, mean, variance], [x.shape, [C], [C]]);
  const [DY, X, G, M, V] = ins as Float32Array[];
  const [DX, dgamma, dbeta] = outs;
  const eps = (attrs as { epsilon: number }).epsilon;
  if (!batchNormGradWasm(convModule()!, DY, X, G, M, V, DX, dgamma, dbeta, eps, C)) throw new Error(`batch norm: ${C} channels do not fit conv.wasm`);
  return infos;
}

/** Rows per chunk when each row needs `perRow` floats of the module's free memory; 0 when none fit. */
const chunkRows = (a: Arena, perRow: number) => Math.max(0, Math.floor((a.free - 64) / perRow));

/** batchNormTrain's passes in conv.wasm's SIMD, the rows copied in chunk by chunk; false when a row does not fit. */
function batchNormTrainWasm(m: ConvModule, X: Float32Array, G: Float32Array, B: Float32Array, Y: Float32Array, mean: Float32Array, variance: Float32Array, eps: number, C: number): boolean {
  const a = new Arena(m);
  const shift = a.take(C);
  const scale = a.take(C);
  const offset = a.take(C);
  const s1 = a.take(2 * C);
  const s2 = a.take(2 * C);
  const p1 = a.take(C);
  const p2 = a.take(C);
  const rows = X.length / C;
  const chunk = Math.min(rows, chunkRows(a, C + 4));
  if (chunk < 1) return false;
  const x = a.take(chunk * C);
  const f64 = new Float64Array(m.memory.buffer);
  a.f32.set(X.subarray(0, C), shift >> 2);
  f64.fill(0, s1 >> 3, (s1 >> 3) + C);
  f64.fill(0, s2 >> 3, (s2 >> 3) + C);
  for (let r = 0; r < rows; r += chunk) {
    const n = Math.min(chunk, rows - r);
    a.f32.set(X.subarray(r * C, (r + n) * C), x >> 2);
    m.bnSums(x, n, C, shift, s1, s2, p1, p2);
  }
  for (let c = 0; c < C; c++) {
    const d = f64[(s1 >> 3) + c] / rows;
    mean[c] = a.f32[(shift >> 2) + c] + d;
    variance[c] = Math.max(0, f64[(s2 >> 3) + c] / rows - d * d);
    const k = G[c] / Math.sqrt(variance[c] + eps);
    a.f32[(scale >> 2) + c] = k;
    a.f32[(offset >> 2) + c] = B[c] - mean[c] * k;
  }
  for (let r = 0; r < rows; r += chunk) {
    const n = Math.min(chunk, rows - r);
    a.f32.set(X.subarray(r * C, (r + n) * C), x >> 2);
    m.bnApply(x, x, n, C, scale, offset);
    Y.set(a.f32.subarray(x >> 2, (x >> 2) + n * C), r * C);
  }
  return true;
}

/** batchNormTrainGrad's passes in conv.wasm's SIMD; false when a row does not fit. */
function batchNormGradWasm(m: ConvModule, DY: Float32Array, X: Float32Array, G: Float32Array, M: Float32Array, V: Float32Array, DX: Float32Array, dgamma: Float32Array, dbeta: Float32Array, eps: number, C: number): boolean {
  const a = new Arena(m);
  const [zero, mean, inv, k, ka, kb, p1, p2] = Array.from({ length: 8 }, () => a.take(C));
  const s1 = a.take(2 * C);
  const s2 = a.take(2 * C);
  const rows = X.length / C;
  const chunk = Math.min(rows, chunkRows(a, 2 * C + 8));
  if (chunk < 1) return false;
  const dy = a.take(chunk * C);
  const x = a.take(chunk * C);
  const f32 = a.f32;
  const f64 = new Float64Array(m.memory.buffer);
  f32.fill(0, zero >> 2, (zero >> 2) + C);
  f32.set(M, mean >> 2);
  for (let c = 0; c < C; c++) f32[(inv >> 2) + c] = 1 / Math.sqrt(V[c] + eps);
  f64.fill(0, s1 >> 3, (s1 >> 3) + C);
  f64.fill(0, s2 >> 3, (s2 >> 3) + C);
  for (let r = 0; r < rows; r += chunk) {
    const n = Math.min(chunk, rows - r);
    f32.set(DY.subarray(r * C, (r + n) * C), dy >> 2);
    f32.set(X.subarray(r * C, (r + n) * C), x >> 2);
    m.bnGradSums(dy, x, n, C, zero, mean, inv, s1, s2, p1, p2);
  }
  // dx = gamma inv (dy - mean(dy) - xhat mean(dy xhat)) = k (dy - a - (x - mean) b)
  for (let c = 0; c < C; c++) {
    const sumDy = f64[(s1 >> 3) + c];
    const sumDyXhat = f64[(s2 >> 3) + c];
    dgamma[c] = sumDyXhat;
    dbeta[c] = sumDy;
    const iv = f32[(inv >> 2) + c];
    f32[(k >> 2) + c] = G[c] * iv;
    f32[(ka >> 2) + c] = sumDy / rows;
    f32[(kb >> 2) + c] = (sumDyXhat / rows) * iv;
  }
  for (let r = 0; r < rows; r += chunk) {
    const n = Math.min(chunk, rows - r);
    f32.set(DY.subarray(r * C, (r + n) * C), dy >> 2);
    f32.set(X.subarray(r * C, (r + n) * C), x >> 2);
    m.bnGradApply(dy, x, dy, n, C, k, ka, kb, mean);
    DX.set(f32.subarray(dy >> 2, (dy >> 2) + n * C), r * C);
  }
  return true;
}

/** conv.wasm's memory for max-pool, `chunk` images at a time: one image-sized array and two pooled-sized ones each. */
function poolArena(B: number, H: number, W: number, C: number, oh: number, ow: number) {
  const m = convModule()!;
  const a = new Arena(m);
  const image = H * W * C;
  const pooled = oh * ow * C;
  const chunk = Math.min(B, chunkRows(a, image + 2 * pooled + 12));
  if (chunk < 1) throw new Error(`max-pool: a ${H} x ${W} x ${C} image does not fit conv.wasm`);
  return { m, a, image, pooled, chunk, big: a.take(chunk * image), small: [a.take(chunk * pooled), a.take(chunk * pooled)] };
}

/**
 * Input: x (B x H x W x C); attrs ph, pw (window = stride, 'valid'). Outputs: y (B x floor(H/ph)
 * x floor(W/pw) x C) and, per output, the offset of its maximum in the window (dy * pw + dx, as
 * a float), for the gradient. Runs in conv.wasm's SIMD, a few images at a time.
 */
function maxPool({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const [B, H, W, C] = x.shape;
  const { ph, pw } = attrs as { ph: number; pw: number };
  const oh = Math.floor(H / ph);
  const ow = Math.floor(W / pw);
  const { ins, outs, infos } = kernelIO(backend, [x], [[B, oh, ow, C], [B, oh, ow, C]]);
  const X = ins[0] as Float32Array;
  const [Y, arg] = outs;
  const { m, a, image, pooled, chunk, big: xi, small: [yo, ao] } = poolArena(B, H, W, C, oh, ow);
  for (let b = 0; b < B; b += chunk) {
    const n = Math.min(chunk, B - b);
    a.f32.set(X.subarray(b * image, (b + n) * image), xi >> 2);
    m.maxPool(xi, n, H, W, C, ph, pw, yo, ao);
    Y.set(a.f32.subarray(yo >> 2, (yo >> 2) + n * pooled), b * pooled);
    arg.set(a.f32.subarray(ao >> 2, (ao >> 2) + n * pooled), b * pooled);
  }
  return infos;
}

/** Inputs: dy (pooled shape), arg (the offsets); attrs ph, pw, inputShape. Output: dx. */
function maxPoolGrad({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { dy, arg } = inputs as Record<string, tf.TensorInfo>;
  const { ph, pw, inputShape } = attrs as unknown as { ph: number; pw: number; inputShape: number[] };
  const [B, H, W, C] = inputShape;
  const [, oh, ow] = dy.shape;
  const { ins, outs, infos } = kernelIO(backend, [dy, arg], [inputShape]);
  const [DY, A] = ins as Float32Array[];
  const DX = outs[0];
  const { m, a, image, pooled, chunk, big: dxi, small: [dyo, ao] } = poolArena(B, H, W, C, oh, ow);
  for (let b = 0; b < B; b += chunk) {
    const n = Math.min(chunk, B - b);
    a.f32.set(DY.subarray(b * pooled, (b + n) * pooled), dyo >> 2);
    a.f32.set(A.subarray(b * pooled, (b + n) * pooled), ao >> 2);
    m.maxPoolGrad(dyo, ao, n, H, W, C, ph, pw, dxi);
    DX.set(a.f32.subarray(dxi >> 2, (dxi >> 2) + n * image), b * image);
  }
  return infos[0];
}

/** Register the kernels where conv.wasm loads (without it the layers use plain tf ops). */
export function registerImageKernels(): void {
  if (!convModule()) return;
  registerHeapKernel(BATCH_NORM_TRAIN, batchNormTrain as tf.KernelFunc);
  registerHeapKernel(BATCH_NORM_TRAIN_GRAD, batchNormTrainGrad as tf.KernelFunc);
  registerHeapKernel(MAX_POOL, maxPool as tf.KernelFunc);
  registerHeapKernel(MAX_POOL_GRAD, maxPoolGrad as tf.KernelFunc);
}
