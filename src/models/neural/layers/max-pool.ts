/**
 * Max-pool with the window equal to the stride and 'valid' padding (the CRNNs' pools), batch x H x
 * W x C -> batch x floor(H/ph) x floor(W/pw) x C. In training on the heap backends it runs as one
 * kernel each way (runtime/image-kernels.ts); otherwise tf.maxPool.
 */
import { tf } from '../../runtime/backend.js';
import { fusedKernelsEnabled } from '../../runtime/fused.js';
import { MAX_POOL, MAX_POOL_GRAD } from '../../runtime/image-kernels.js';
import { hasKernel } from '../../runtime/kernel-io.js';
import type { ForwardContext } from './context.js';

export function maxPool(x: tf.Tensor4D, [ph, pw]: [number, number], ctx: ForwardContext): tf.Tensor4D {
  if (ph === 1 && pw === 1) return x;
  if (!ctx.training || !fusedKernelsEnabled() || !hasKernel(MAX_POOL)) return tf.maxPool(x, [ph, pw], [ph, pw], 'valid');
  const attrs = { ph, pw, inputShape: x.shape };
  const run = tf.customGrad((...args: unknown[]) => {
    const [xx, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
    const [y, arg] = tf.engine().runKernel(MAX_POOL, { x: xx }, attrs) as tf.Tensor[];
    save([arg]);
    return { value: y, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(MAX_POOL_GRAD, { dy, arg: saved[0] }, attrs) as tf.Tensor };
  });
  return run(x) as tf.Tensor4D;
}
