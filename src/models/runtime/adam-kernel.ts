/**
 * Adam's update of one variable as one kernel (instead of ~12): returns the new weights and
 * moments; the optimizer assigns them. Attrs: lr (already bias-corrected), beta1, beta2, epsilon.
 */
import * as tf from './tf.js';
import { kernelIO, registerHeapKernel } from './kernel-io.js';

export const ADAM_UPDATE = 'GenrekitAdamUpdate';

function adamUpdate({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { w, g, m, v } = inputs as Record<string, tf.TensorInfo>;
  const { lr, beta1, beta2, epsilon } = attrs as { lr: number; beta1: number; beta2: number; epsilon: number };
  const { ins, outs, infos } = kernelIO(backend, [w, g, m, v], [w.shape, w.shape, w.shape]);
  const [W, G, M, V] = ins as Float32Array[];
  const [w2, m2, v2] = outs;
  for (let k = 0; k < W.length; k++) {
    const mk = beta1 * M[k] + (1 - beta1) * G[k];
    const vk = beta2 * V[k] + (1 - beta2) * G[k] * G[k];
    m2[k] = mk;
    v2[k] = vk;
    w2[k] = W[k] - (lr * mk) / (Math.sqrt(vk) + epsilon);
  }
  return infos;
}

export function registerAdamKernel(): void {
  registerHeapKernel(ADAM_UPDATE, adamUpdate as tf.KernelFunc);
}
