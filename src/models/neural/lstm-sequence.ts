/**
 * `lstm-sequence`: S2's LSTM on sequences of 3 s feature vectors: 2 LSTM layers of 64, dense 64
 * ReLU, dropout, softmax; Adam lr 1e-3, batch 16, 50 epochs. The dropout rate is not published;
 * 0.3 is our choice.
 */
import { COMMON_DEFAULTS, neuralKind, type NetworkDefinition, type CommonArgs } from './neural-kind.js';
import { requireInteger, requireFraction } from '../../params.js';
import { dense, denseParams } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { ParamStore } from './params.js';
import { recurrentStack } from './recurrent-stack.js';
import type { tf } from '../runtime/backend.js';

export interface LstmSequenceArgs extends CommonArgs {
  /** Units of each LSTM layer. */
  units: number[];
  /** Units of the ReLU layer after the LSTMs. */
  denseUnits: number;
  /** Dropout after the dense layer (and between LSTM layers). */
  dropout: number;
}

export const LSTM_SEQUENCE_DEFAULTS: Readonly<LstmSequenceArgs> = {
  units: [64, 64],
  denseUnits: 64,
  dropout: 0.3,
  ...COMMON_DEFAULTS,
  optimizer: 'adam',
  learningRate: 1e-3,
  batchSize: 16,
  epochs: 50,
};

export const lstmSequenceNetwork: NetworkDefinition<LstmSequenceArgs> = {
  name: 'lstm-sequence',
  description: "S2's LSTM on 3 s feature sequences (2 x LSTM 64, dense 64 ReLU, dropout, softmax; Adam 1e-3, batch 16, 50 epochs)",
  input: 'sequence',
  defaults: LSTM_SEQUENCE_DEFAULTS,
  validate(a) {
    if (!a.units.length) requireInteger('units', 0, 1);
    a.units.forEach((u) => requireInteger('units', u, 1));
    requireInteger('denseUnits', a.denseUnits, 1);
    requireFraction('dropout', a.dropout);
  },
  build(a, shape, rng) {
    const params = new ParamStore();
    const stack = recurrentStack(params, 'lstm', shape.inputShape[1], a.units, rng);
    const hidden = denseParams(params, 'dense', a.units[a.units.length - 1], a.denseUnits, rng, 'relu');
    const out = denseParams(params, 'output', a.denseUnits, shape.classes, rng);
    return {
      params,
      logits: (x, ctx) => dense(dropout(dense(stack(x as tf.Tensor3D, a.dropout, ctx).lastHidden, hidden), a.dropout, ctx), out),
    };
  },
};

export const lstmSequenceKind = neuralKind(lstmSequenceNetwork);
