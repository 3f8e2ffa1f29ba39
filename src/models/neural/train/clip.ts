/** Global-norm gradient clipping (as tf.clip_by_global_norm): if the norm over all gradients exceeds `maxNorm`, scale all by maxNorm / norm. */
import * as tf from '../../runtime/tf.js';

/** Returns the clipped gradients (new tensors) and the norm before clipping (a scalar tensor). */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: tf.Scalar } {
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
  const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
  return { grads: grads.map((g) => tf.mul(g, scale)), norm };
}
