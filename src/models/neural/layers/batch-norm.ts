/**
 * Batch normalisation over the last axis (channels): in training, normalise with the batch's mean
 * and variance over every other axis and move the running statistics towards them
 * (running = momentum x running + (1 - momentum) x batch); at prediction, normalise with the
 * running statistics. y = gamma (x - mean) / sqrt(var + epsilon) + beta. Momentum 0.9 (PyTorch's
 * 0.1 update; Keras's 0.99 leaves the running statistics near their start after the few hundred
 * steps of a small dataset), epsilon 1e-3 (Keras).
 */
import { tf } from '../../runtime/backend.js';
import { fusedKernelsEnabled } from '../../runtime/fused.js';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD } from '../../runtime/image-kernels.js';
import { hasKernel } from '../../runtime/kernel-io.js';
import { initializers, type ParamStore } from '../params.js';
import type { ForwardContext } from './context.js';

export const BATCH_NORM = { momentum: 0.9, epsilon: 1e-3 };

export interface BatchNormWeights {
  epsilon: number;
  gamma: tf.Variable;
  beta: tf.Variable;
  movingMean: tf.Variable;
  movingVariance: tf.Variable;
}

export function batchNormParams(store: ParamStore, name: string, channels: number, epsilon = BATCH_NORM.epsilon): BatchNormWeights {
  return {
    epsilon,
    gamma: store.add(`${name}/gamma`, [channels], initializers.constant(channels, 1)),
    beta: store.add(`${name}/beta`, [channels], initializers.zeros(channels)),
    movingMean: store.addState(`${name}/moving_mean`, [channels], initializers.zeros(channels)),
    movingVariance: store.addState(`${name}/moving_variance`, [channels], initializers.constant(channels, 1)),
  };
}

/** Normalise `x` (any rank, channels last); updates the running statistics when training. */
export function batchNorm<T extends tf.Tensor>(x: T, w: BatchNormWeights, ctx: ForwardContext): T {
  if (!ctx.training) return tf.batchNorm(x, w.movingMean, w.movingVariance, w.beta, w.gamma, w.epsilon) as T;
  const fused = fusedKernelsEnabled() && hasKernel(BATCH_NORM_TRAIN) ? fusedTrain(x, w) : undefined;
  const { mean, variance } = fused ?? tf.moments(x, [...Array(x.rank - 1).keys()]);
  tf.tidy(() => {
    const m = BATCH_NORM.momentum;
    // The unbiased variance, as both Keras and PyTorch keep.
    const n = x.size / mean.size;
    const unbiased = n > 1 ? tf.mul(variance, n / (n - 1)) : variance;
    w.movingMean.assign(tf.add(tf.mul(w.movingMean, m), tf.mul(mean, 1 - m)));
    w.movingVariance.assign(tf.add(tf.mul(w.movingVariance, m), tf.mul(unbiased, 1 - m)));
  });
  if (!fused) return tf.batchNorm(x, mean, variance, w.beta, w.gamma, w.epsilon) as T;
  mean.dispose();
  variance.dispose();
  return fused.y as T;
}

/** Training-mode batch norm as one kernel each way (runtime/image-kernels.ts); also gives the batch statistics. */
function fusedTrain(x: tf.Tensor, w: BatchNormWeights): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  let stats: tf.Tensor[] = [];
  const attrs = { epsilon: w.epsilon };
  const run = tf.customGrad((...args: unknown[]) => {
    const [xx, gamma, beta, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAIN, { x: xx, gamma, beta }, attrs) as tf.Tensor[];
    save([xx, gamma, mean, variance]);
    // customGrad disposes what its forward made besides the value: keep the statistics (disposed by batchNorm).
    stats = [tf.keep(mean), tf.keep(variance)];
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD, { dy, x: saved[0], gamma: saved[1], mean: saved[2], variance: saved[3] }, attrs) as tf.Tensor[],
    };
  });
  const y = run(x, w.gamma, w.beta);
  return { y, mean: stats[0], variance: stats[1] };
}
