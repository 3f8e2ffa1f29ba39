/**
 * Fused LSTM step kernels for the heap backends: one kernel does a step's whole element-wise
 * work (add the input projection, gate activations, cell and hidden update), another its whole
 * backward; with the matmuls left to the backend this cuts a training step of S2's LSTM from
 * ~1500 kernel launches to ~200 (the launches, not the arithmetic, dominated).
 *
 * Layout: gates i, f, o, g in blocks of H along the last axis; the saved `gates` tensor adds a
 * fifth block, tanh(c), so the backward needs no transcendental function.
 */
import * as tf from './tf.js';
import { fastSigmoid as sigmoid, fastTanh as tanh } from './fast-math.js';
import { kernelIO, registerHeapKernel } from './kernel-io.js';

export const LSTM_STEP = 'GenrekitLstmStep';
export const LSTM_STEP_GRAD = 'GenrekitLstmStepGrad';


/**
 * Inputs: proj (B x T x 4H, x_t W + b for every step), rec (B x 4H, h_{t-1} U; absent at t = 0),
 * cPrev (B x H; absent at t = 0). Attr t. Outputs: h (B x H), c (B x H), gates (B x 5H: activated
 * i, f, o, g and tanh(c)).
 */
function lstmStep({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { proj, rec, cPrev } = inputs as Record<string, tf.TensorInfo | undefined>;
  const t = (attrs as { t: number }).t;
  const [B, T, G] = proj!.shape;
  const H = G / 4;
  const { ins, outs, infos } = kernelIO(backend, [proj, rec, cPrev], [[B, H], [B, H], [B, 5 * H]]);
  const [P, R, C0] = ins;
  const [h, c, gates] = outs;
  for (let b = 0; b < B; b++) {
    const p = (b * T + t) * G;
    const r = b * G;
    const q = b * 5 * H;
    for (let j = 0; j < H; j++) {
      const zi = P![p + j] + (R ? R[r + j] : 0);
      const zf = P![p + H + j] + (R ? R[r + H + j] : 0);
      const zo = P![p + 2 * H + j] + (R ? R[r + 2 * H + j] : 0);
      const zg = P![p + 3 * H + j] + (R ? R[r + 3 * H + j] : 0);
      const i = sigmoid(zi);
      const f = sigmoid(zf);
      const o = sigmoid(zo);
      const g = tanh(zg);
      const cell = i * g + (C0 ? f * C0[b * H + j] : 0);
      const tc = tanh(cell);
      c[b * H + j] = cell;
      h[b * H + j] = o * tc;
      gates[q + j] = i;
      gates[q + H + j] = f;
      gates[q + 2 * H + j] = o;
      gates[q + 3 * H + j] = g;
      gates[q + 4 * H + j] = tc;
    }
  }
  return infos;
}

/**
 * Inputs: dy (B x (T+1) x H: the gradient of the layer's packed output, hidden states at 0..T-1
 * and the last cell at T), dhRec (B x H, from step t+1 through U; absent at t = T-1), dcNext
 * (B x H; absent at t = T-1, where the last-cell gradient dy[:, T] is used), gates (B x 5H),
 * cPrev (absent at t = 0). Attr t. Outputs: dz (B x 4H, pre-activation gradient), dcPrev (B x H).
 */
function lstmStepGrad({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { dy, dhRec, dcNext, gates, cPrev } = inputs as Record<string, tf.TensorInfo | undefined>;
  const t = (attrs as { t: number }).t;
  const [B, T1, H] = dy!.shape;
  const G = 4 * H;
  const { ins, outs, infos } = kernelIO(backend, [dy, dhRec, dcNext, gates, cPrev], [[B, G], [B, H]]);
  const [DY, DHR, DCN, GATES, CP] = ins;
  const [dz, dcPrev] = outs;
  for (let b = 0; b < B; b++) {
    const y = (b * T1 + t) * H;
    const yCell = (b * T1 + T1 - 1) * H;
    const r = b * G;
    const q = b * 5 * H;
    for (let j = 0; j < H; j++) {
      const k = b * H + j;
      const dh = DY![y + j] + (DHR ? DHR[k] : 0);
      const i = GATES![q + j];
      const f = GATES![q + H + j];
      const o = GATES![q + 2 * H + j];
      const g = GATES![q + 3 * H + j];
      const tc = GATES![q + 4 * H + j];
      const dc = (DCN ? DCN[k] : DY![yCell + j]) + dh * o * (1 - tc * tc);
      const cp = CP ? CP[k] : 0;
      dz[r + j] = dc * g * i * (1 - i);
      dz[r + H + j] = dc * cp * f * (1 - f);
      dz[r + 2 * H + j] = dh * tc * o * (1 - o);
      dz[r + 3 * H + j] = dc * i * (1 - g * g);
      dcPrev[k] = dc * f;
    }
  }
  return infos;
}

export function registerLstmKernels(): void {
  registerHeapKernel(LSTM_STEP, lstmStep as tf.KernelFunc);
  registerHeapKernel(LSTM_STEP_GRAD, lstmStepGrad as tf.KernelFunc);
}
