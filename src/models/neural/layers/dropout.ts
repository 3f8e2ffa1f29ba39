/**
 * Inverted dropout: in training, zero each value with probability `rate` and scale the rest by
 * 1 / (1 - rate); at prediction time the identity. Row b of the batch (the first axis) draws its
 * mask from the context's generator b, in JavaScript rather than tf.randomUniform, so that every
 * backend, and every way of splitting a batch across workers, draws the same masks.
 */
import { tf } from '../../runtime/backend.js';
import type { ForwardContext } from './context.js';

export function dropout<T extends tf.Tensor>(x: T, rate: number, ctx: ForwardContext): T {
  if (!ctx.training || rate <= 0 || !ctx.rngs) return x;
  const rows = x.shape[0] ?? 1;
  if (ctx.rngs.length !== rows) throw new Error(`dropout: ${ctx.rngs.length} generators for a batch of ${rows}`);
  const keep = 1 / (1 - rate);
  const mask = new Float32Array(x.size);
  const per = x.size / rows;
  for (let b = 0; b < rows; b++) {
    const rng = ctx.rngs[b];
    for (let i = b * per; i < (b + 1) * per; i++) mask[i] = rng.next() >= rate ? keep : 0;
  }
  return tf.mul(x, tf.tensor(mask, x.shape, 'float32')) as T;
}
