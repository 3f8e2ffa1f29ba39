/**
 * The IndRNN recurrence h_t = ReLU(p_t + u ⊙ h_{t-1}) (p_t = x_t W + b, computed by a matmul
 * outside) as one kernel for all time steps, and its backward as another: the recurrence has no
 * matmul, so on the heap backends a whole layer is two kernel launches instead of ~5 per step.
 */
import * as tf from './tf.js';
import { kernelIO, registerHeapKernel } from './kernel-io.js';

export const IND_RNN = 'GenrekitIndRnn';
export const IND_RNN_GRAD = 'GenrekitIndRnnGrad';

/** Inputs: proj (B x T x H), u (H). Output: hidden states (B x T x H). */
function indRnn({ inputs, backend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { proj, u } = inputs as Record<string, tf.TensorInfo>;
  const [B, T, H] = proj.shape;
  const { ins, outs, infos } = kernelIO(backend, [proj, u], [[B, T, H]]);
  const [P, U] = ins as Float32Array[];
  const [out] = outs;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const at = (b * T + t) * H;
      for (let j = 0; j < H; j++) {
        const v = P[at + j] + (t ? U[j] * out[at - H + j] : 0);
        out[at + j] = v > 0 ? v : 0;
      }
    }
  }
  return infos[0];
}

/** Inputs: dy (B x T x H), seq (the forward output), u (H). Outputs: dproj (B x T x H), du (H). */
function indRnnGrad({ inputs, backend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { dy, seq, u } = inputs as Record<string, tf.TensorInfo>;
  const [B, T, H] = dy.shape;
  const { ins, outs, infos } = kernelIO(backend, [dy, seq, u], [[B, T, H], [H]]);
  const [DY, S, U] = ins as Float32Array[];
  const [dp, du] = outs;
  du.fill(0);
  const next = new Float32Array(H);
  for (let b = 0; b < B; b++) {
    next.fill(0);
    for (let t = T - 1; t >= 0; t--) {
      const at = (b * T + t) * H;
      for (let j = 0; j < H; j++) {
        const d = S[at + j] > 0 ? DY[at + j] + next[j] : 0;
        dp[at + j] = d;
        if (t) du[j] += d * S[at - H + j];
        next[j] = d * U[j];
      }
    }
  }
  return infos;
}

export function registerIndRnnKernels(): void {
  registerHeapKernel(IND_RNN, indRnn as tf.KernelFunc);
  registerHeapKernel(IND_RNN_GRAD, indRnnGrad as tf.KernelFunc);
}
