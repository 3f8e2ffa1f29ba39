/**
 * A gated recurrent unit layer as Keras's GRU (reset_after=True, the cuDNN form): with gates in
 * the order update z, reset r, candidate n,
 *   z = sigmoid(x Wz + bz + h Uz + cz), r = sigmoid(x Wr + br + h Ur + cr),
 *   n = tanh(x Wn + bn + r * (h Un + cn)), h' = z * h + (1 - z) * n, zero initial state.
 * Shapes: input batch x time x features; kernel features x 3H; recurrent H x 3H; bias 2 x 3H
 * (input bias row, recurrent bias row).
 */
import { tf } from '../../runtime/backend.js';
import type { Rng } from '../../../random.js';
import { initializers, type ParamStore } from '../params.js';
import type { RecurrentOutput } from './lstm.js';

export interface GruWeights {
  kernel: tf.Variable;
  recurrent: tf.Variable;
  bias: tf.Variable;
  units: number;
}

export function gruParams(store: ParamStore, name: string, inputs: number, units: number, rng: Rng): GruWeights {
  return {
    kernel: store.add(`${name}/kernel`, [inputs, 3 * units], initializers.glorotUniform(rng, inputs, 3 * units)),
    recurrent: store.add(`${name}/recurrent`, [units, 3 * units], initializers.orthogonalBlocks(rng, units, 3)),
    bias: store.add(`${name}/bias`, [2, 3 * units], initializers.zeros(6 * units)),
    units,
  };
}

export function gru(x: tf.Tensor3D, w: GruWeights): RecurrentOutput {
  const [batch, time, features] = x.shape;
  const H = w.units;
  const [inBias, recBias] = tf.unstack(w.bias) as tf.Tensor1D[];
  const projected = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * time, features]), w.kernel), inBias), [batch, time, 3 * H]);
  // tfjs's unstack gradient breaks on a single output (it stacks a tensor, not a list).
  const steps = time === 1 ? [tf.reshape(projected, [batch, 3 * H]) as tf.Tensor2D] : (tf.unstack(projected, 1) as tf.Tensor2D[]);
  const hs: tf.Tensor2D[] = [];
  let h: tf.Tensor2D = tf.zeros([batch, H]);
  for (let t = 0; t < time; t++) {
    const xs = tf.split(steps[t], 3, 1) as tf.Tensor2D[];
    const hr = tf.split(tf.add(tf.matMul(h, w.recurrent), recBias), 3, 1) as tf.Tensor2D[];
    const z = tf.sigmoid(tf.add(xs[0], hr[0]));
    const r = tf.sigmoid(tf.add(xs[1], hr[1]));
    const n = tf.tanh(tf.add(xs[2], tf.mul(r, hr[2])));
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), n)) as tf.Tensor2D;
    hs.push(h);
  }
  return { sequence: tf.stack(hs, 1) as tf.Tensor3D, lastHidden: h };
}
