/**
 * The CRNNs' batch norm (training mode) and non-overlapping max-pool as one forward and one
 * backward kernel each, on the heap backends. TF.js builds batch norm's gradient from `tile`s of
 * every statistic to the input's full size and its wasm MaxPoolGrad walks every window for every
 * output: the two took 60 % of a base CRNN training step (`npm run bench -- conv`), where these
 * make two passes over the data each.
 */
import * as tf from './tf.js';
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
  const rows = X.length / C;
  const sum = new Float64Array(C);
  const sq = new Float64Array(C);
  for (let r = 0, at = 0; r < rows; r++, at += C) for (let c = 0; c < C; c++) sum[c] += X[at + c];
  for (let c = 0; c < C; c++) mean[c] = sum[c] / rows;
  for (let r = 0, at = 0; r < rows; r++, at += C) {
    for (let c = 0; c < C; c++) {
      const d = X[at + c] - mean[c];
      sq[c] += d * d;
    }
  }
  const scale = new Float32Array(C);
  const shift = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    variance[c] = sq[c] / rows;
    scale[c] = G[c] / Math.sqrt(variance[c] + eps);
    shift[c] = B[c] - mean[c] * scale[c];
  }
  for (let r = 0, at = 0; r < rows; r++, at += C) for (let c = 0; c < C; c++) Y[at + c] = X[at + c] * scale[c] + shift[c];
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
  const rows = X.length / C;
  const inv = Float64Array.from(V, (v) => 1 / Math.sqrt(v + eps));
  const sumDy = new Float64Array(C);
  const sumDyXhat = new Float64Array(C);
  for (let r = 0, at = 0; r < rows; r++, at += C) {
    for (let c = 0; c < C; c++) {
      const d = DY[at + c];
      sumDy[c] += d;
      sumDyXhat[c] += d * (X[at + c] - M[c]) * inv[c];
    }
  }
  // dx = gamma inv / n (n dy - sum(dy) - xhat sum(dy xhat))
  const k = new Float32Array(C);
  const a = new Float32Array(C);
  const b = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    dgamma[c] = sumDyXhat[c];
    dbeta[c] = sumDy[c];
    k[c] = G[c] * inv[c];
    a[c] = sumDy[c] / rows;
    b[c] = (sumDyXhat[c] / rows) * inv[c];
  }
  for (let r = 0, at = 0; r < rows; r++, at += C) for (let c = 0; c < C; c++) DX[at + c] = k[c] * (DY[at + c] - a[c] - (X[at + c] - M[c]) * b[c]);
  return infos;
}

/**
 * Input: x (B x H x W x C); attrs ph, pw (window = stride, 'valid'). Outputs: y (B x floor(H/ph)
 * x floor(W/pw) x C) and, per output, the offset of its maximum in the window (dy * pw + dx, as
 * a float), for the gradient.
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
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const o = ((b * oh + i) * ow + j) * C;
        for (let di = 0; di < ph; di++) {
          for (let dj = 0; dj < pw; dj++) {
            const src = ((b * H + i * ph + di) * W + j * pw + dj) * C;
            const first = di === 0 && dj === 0;
            const offset = di * pw + dj;
            for (let c = 0; c < C; c++) {
              const v = X[src + c];
              if (first || v > Y[o + c]) {
                Y[o + c] = v;
                arg[o + c] = offset;
              }
            }
          }
        }
      }
    }
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
  DX.fill(0);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const o = ((b * oh + i) * ow + j) * C;
        for (let c = 0; c < C; c++) {
          const off = A[o + c];
          const di = Math.floor(off / pw);
          const dj = off - di * pw;
          DX[((b * H + i * ph + di) * W + j * pw + dj) * C + c] = DY[o + c];
        }
      }
    }
  }
  return infos[0];
}

export function registerImageKernels(): void {
  registerHeapKernel(BATCH_NORM_TRAIN, batchNormTrain as tf.KernelFunc);
  registerHeapKernel(BATCH_NORM_TRAIN_GRAD, batchNormTrainGrad as tf.KernelFunc);
  registerHeapKernel(MAX_POOL, maxPool as tf.KernelFunc);
  registerHeapKernel(MAX_POOL_GRAD, maxPoolGrad as tf.KernelFunc);
}
