/**
 * An LSTM layer written out step by step (not tf.layers.lstm) for two reasons: S0's attention
 * needs the top layer's last memory cell c_T, which tf.layers does not expose, and it is faster:
 * the input projection of all time steps is one matmul, and the four gates of a step come from
 * one matmul with the recurrent kernel (gate order i, f, o, g in the weights).
 *
 * Shapes: input batch x time x features; kernel features x 4H; recurrent H x 4H; bias 4H.
 */
import { tf } from '../../runtime/backend.js';
import type { Rng } from '../../../train/rng.js';
import { initializers, type ParamStore } from '../params.js';

export interface LstmWeights {
  kernel: tf.Variable;
  recurrent: tf.Variable;
  bias: tf.Variable;
  units: number;
}

/** Glorot-uniform input kernel, orthogonal recurrent kernel, forget-gate bias 1 (as Keras). */
export function lstmParams(store: ParamStore, name: string, inputs: number, units: number, rng: Rng): LstmWeights {
  const bias = new Float32Array(4 * units);
  bias.fill(1, units, 2 * units);
  return {
    kernel: store.add(`${name}/kernel`, [inputs, 4 * units], initializers.glorotUniform(rng, inputs, 4 * units)),
    recurrent: store.add(`${name}/recurrent`, [units, 4 * units], initializers.orthogonalBlocks(rng, units, 4)),
    bias: store.add(`${name}/bias`, [4 * units], bias),
    units,
  };
}

export interface RecurrentOutput {
  /** Hidden state at every step, batch x time x H. */
  sequence: tf.Tensor3D;
  /** Hidden state at the last step, batch x H. */
  lastHidden: tf.Tensor2D;
  /** Memory cell at the last step, batch x H (LSTM only). */
  lastCell?: tf.Tensor2D;
}

/** Run the layer over batch x time x features (zero initial state). */
export function lstm(x: tf.Tensor3D, w: LstmWeights): RecurrentOutput {
  const [batch, time, features] = x.shape;
  const H = w.units;
  const projected = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * time, features]), w.kernel), w.bias), [batch, time, 4 * H]);
  const steps = tf.unstack(projected, 1) as tf.Tensor2D[];
  const hs: tf.Tensor2D[] = [];
  let h: tf.Tensor2D | undefined;
  let c: tf.Tensor2D | undefined;
  for (let t = 0; t < time; t++) {
    const z = h ? tf.add(steps[t], tf.matMul(h, w.recurrent)) : steps[t];
    const [i, f, o] = tf.split(tf.sigmoid(tf.slice(z, [0, 0], [batch, 3 * H])), 3, 1) as tf.Tensor2D[];
    const g = tf.tanh(tf.slice(z, [0, 3 * H], [batch, H]));
    const cell: tf.Tensor2D = c ? tf.add(tf.mul(f, c), tf.mul(i, g)) : tf.mul(i, g);
    const hidden: tf.Tensor2D = tf.mul(o, tf.tanh(cell));
    c = cell;
    h = hidden;
    hs.push(hidden);
  }
  return { sequence: tf.stack(hs, 1) as tf.Tensor3D, lastHidden: h!, lastCell: c! };
}
