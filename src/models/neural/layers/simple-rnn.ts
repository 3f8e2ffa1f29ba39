/**
 * A vanilla (Elman) recurrent layer: h_t = tanh(x_t W + h_{t-1} U + b), zero initial state.
 * Shapes: input batch x time x features; kernel features x H; recurrent H x H.
 */
import { tf } from '../../runtime/backend.js';
import type { Rng } from '../../../random.js';
import { initializers, type ParamStore } from '../params.js';
import type { RecurrentOutput } from './lstm.js';

export interface SimpleRnnWeights {
  kernel: tf.Variable;
  recurrent: tf.Variable;
  bias: tf.Variable;
  units: number;
}

export function simpleRnnParams(store: ParamStore, name: string, inputs: number, units: number, rng: Rng): SimpleRnnWeights {
  return {
    kernel: store.add(`${name}/kernel`, [inputs, units], initializers.glorotUniform(rng, inputs, units)),
    recurrent: store.add(`${name}/recurrent`, [units, units], initializers.orthogonalBlocks(rng, units, 1)),
    bias: store.add(`${name}/bias`, [units], initializers.zeros(units)),
    units,
  };
}

export function simpleRnn(x: tf.Tensor3D, w: SimpleRnnWeights): RecurrentOutput {
  const [batch, time, features] = x.shape;
  const projected = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * time, features]), w.kernel), w.bias), [batch, time, w.units]);
  const steps = tf.unstack(projected, 1) as tf.Tensor2D[];
  const hs: tf.Tensor2D[] = [];
  let h: tf.Tensor2D | undefined;
  for (let t = 0; t < time; t++) {
    const hidden: tf.Tensor2D = tf.tanh((h ? tf.add(steps[t], tf.matMul(h, w.recurrent)) : steps[t]) as tf.Tensor2D);
    h = hidden;
    hs.push(hidden);
  }
  return { sequence: tf.stack(hs, 1) as tf.Tensor3D, lastHidden: h! };
}
