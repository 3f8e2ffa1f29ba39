/**
 * `mlp`: fully connected layers on a feature vector (S0's baseline on the flattened 22 x 513
 * spectrogram: one hidden layer of 125 ReLU units; S2's baseline: 64 units with dropout). A
 * sequence input is flattened time-major.
 */
import { ParameterError } from '../../errors.js';
import { tf } from '../runtime/backend.js';
import { COMMON_DEFAULTS, neuralKind, type NetworkDefinition, type CommonArgs } from './neural-kind.js';
import { requireInteger, requireFraction } from '../../params.js';
import { dense, denseParams, type Activation } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { ParamStore } from './params.js';
import type { Network } from './network.js';

export interface MlpArgs extends CommonArgs {
  /** Units of each hidden layer. */
  hidden: number[];
  activation: Activation;
  /** Dropout after each hidden layer, in [0, 1). */
  dropout: number;
}

export const MLP_DEFAULTS: Readonly<MlpArgs> = { hidden: [125], activation: 'relu', dropout: 0, ...COMMON_DEFAULTS, batchSize: 128, epochs: 100 };

export const mlpNetwork: NetworkDefinition<MlpArgs> = {
  name: 'mlp',
  description: 'multilayer perceptron on feature vectors (S0 baseline: 125 ReLU units; S2 baseline: 64 units + dropout)',
  input: 'vector',
  defaults: MLP_DEFAULTS,
  validate(a) {
    a.hidden.forEach((u) => requireInteger('hidden', u, 1));
    requireFraction('dropout', a.dropout);
    if (!['relu', 'sigmoid', 'tanh', 'linear'].includes(a.activation)) throw new ParameterError('activation', `use relu, sigmoid, tanh or linear, got '${a.activation}'`);
  },
  build(a, shape, rng): Network {
    const params = new ParamStore();
    let width = shape.inputShape[0];
    const layers = a.hidden.map((units, i) => {
      const w = denseParams(params, `dense${i + 1}`, width, units, rng, a.activation);
      width = units;
      return w;
    });
    const out = denseParams(params, 'output', width, shape.classes, rng);
    return {
      params,
      logits(x, ctx) {
        let h = x as tf.Tensor2D;
        for (const w of layers) h = dropout(dense(h, w), a.dropout, ctx);
        return dense(h, out);
      },
    };
  },
};

export const mlp = neuralKind(mlpNetwork);
