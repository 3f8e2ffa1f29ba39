/**
 * Inverted dropout: in training, zero each value with probability `rate` and scale the rest by
 * 1 / (1 - rate); at prediction time the identity. Masks come from the context's seeded Rng (in
 * JavaScript, not tf.randomUniform) so that every backend draws the same mask.
 */
import { tf } from '../../runtime/backend.js';
import type { ForwardContext } from './context.js';

export function dropout<T extends tf.Tensor>(x: T, rate: number, ctx: ForwardContext): T {
  if (!ctx.training || rate <= 0 || !ctx.rng) return x;
  const keep = 1 / (1 - rate);
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = ctx.rng.next() >= rate ? keep : 0;
  return tf.mul(x, tf.tensor(mask, x.shape, 'float32')) as T;
}
