/** A fully connected layer: y = act(x W + b), x batch x inputs, W inputs x units. */
import { tf } from '../../runtime/backend.js';
import type { Rng } from '../../../random.js';
import { initializers, type ParamStore } from '../params.js';

export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

export interface DenseWeights {
  kernel: tf.Variable;
  bias?: tf.Variable;
  activation: Activation;
}

export function denseParams(store: ParamStore, name: string, inputs: number, units: number, rng: Rng, activation: Activation = 'linear', bias = true): DenseWeights {
  return {
    kernel: store.add(`${name}/kernel`, [inputs, units], initializers.glorotUniform(rng, inputs, units)),
    bias: bias ? store.add(`${name}/bias`, [units], initializers.zeros(units)) : undefined,
    activation,
  };
}

export function activate(x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    default:
      return x;
  }
}

/** batch x inputs -> batch x units. */
export function dense(x: tf.Tensor2D, w: DenseWeights): tf.Tensor2D {
  const z = tf.matMul(x, w.kernel);
  return activate((w.bias ? tf.add(z, w.bias) : z) as tf.Tensor2D, w.activation);
}
