/**
 * `ind-rnn`: S4's 5 stacked IndRNN layers (h_t = ReLU(W x_t + u ⊙ h_{t-1} + b)), last step to a
 * softmax; dropout 0.5, learning rate 1e-5. Units per layer and the optimizer are not published:
 * 128 and Adam are our choice.
 */
import { COMMON_DEFAULTS, neuralKind, type NetworkDefinition, type CommonArgs } from './neural-kind.js';
import { requireInt, requireRate } from './args.js';
import { dense, denseParams } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { ParamStore } from './params.js';
import { recurrentStack } from './recurrent-stack.js';
import type { tf } from '../runtime/backend.js';

export interface IndRnnArgs extends CommonArgs {
  layers: number;
  units: number;
  dropout: number;
}

export const IND_RNN_DEFAULTS: Readonly<IndRnnArgs> = { layers: 5, units: 128, dropout: 0.5, ...COMMON_DEFAULTS, optimizer: 'adam', learningRate: 1e-5, epochs: 100 };

export const indRnnNetwork: NetworkDefinition<IndRnnArgs> = {
  name: 'ind-rnn',
  description: "S4's IndRNN (5 layers, h_t = ReLU(W x_t + u*h_{t-1} + b); dropout 0.5, lr 1e-5)",
  input: 'sequence',
  defaults: IND_RNN_DEFAULTS,
  validate(a) {
    requireInt('layers', a.layers, 1);
    requireInt('units', a.units, 1);
    requireRate('dropout', a.dropout);
  },
  build(a, shape, rng) {
    const params = new ParamStore();
    const stack = recurrentStack(params, 'ind', shape.inputShape[1], Array(a.layers).fill(a.units), rng);
    const out = denseParams(params, 'output', a.units, shape.classes, rng);
    return {
      params,
      logits: (x, ctx) => dense(dropout(stack(x as tf.Tensor3D, a.dropout, ctx).lastHidden, a.dropout, ctx), out),
    };
  },
};

export const indRnnKind = neuralKind(indRnnNetwork);
