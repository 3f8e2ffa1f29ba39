/** `lstm`: S0's LSTM (1 or 2 layers of 250 units, 0.79 with 2); only the last step's output feeds the softmax. */
import { COMMON_DEFAULTS, neuralKind, type NetworkDefinition, type CommonArgs } from './neural-kind.js';
import { requireInt, requireRate } from './args.js';
import { dense, denseParams } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { ParamStore } from './params.js';
import { recurrentStack } from './recurrent-stack.js';
import { S0_TRAINING } from './s0-training.js';
import type { tf } from '../runtime/backend.js';

export interface LstmArgs extends CommonArgs {
  layers: number;
  units: number;
  /** Dropout after every recurrent layer and before the softmax projection. */
  dropout: number;
}

export const LSTM_DEFAULTS: Readonly<LstmArgs> = { layers: 2, units: 250, ...COMMON_DEFAULTS, ...S0_TRAINING };

export const lstmNetwork: NetworkDefinition<LstmArgs> = {
  name: 'lstm',
  description: "S0's LSTM (1-2 layers of 250 units, last step to softmax; SGD lr 1, batch 128, dropout 0.2, clip 5)",
  input: 'sequence',
  defaults: LSTM_DEFAULTS,
  validate(a) {
    requireInt('layers', a.layers, 1);
    requireInt('units', a.units, 1);
    requireRate('dropout', a.dropout);
  },
  build(a, shape, rng) {
    const params = new ParamStore();
    const stack = recurrentStack(params, 'lstm', shape.inputShape[1], Array(a.layers).fill(a.units), rng);
    const out = denseParams(params, 'output', a.units, shape.classes, rng);
    return {
      params,
      logits: (x, ctx) => dense(dropout(stack(x as tf.Tensor3D, a.dropout, ctx).lastHidden, a.dropout, ctx), out),
    };
  },
};

export const lstmKind = neuralKind(lstmNetwork);
