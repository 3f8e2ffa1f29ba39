/** `simple-rnn`: S0's vanilla RNN, 1 or 2 layers of 125 tanh units; the last step's output feeds a softmax. */
import { COMMON_DEFAULTS, neuralKind } from './neural-kind.js';
import { S0_TRAINING } from './s0-training.js';
import { stackedRecurrentNetwork, type StackedRecurrentArgs } from './stacked-recurrent.js';

export type SimpleRnnArgs = StackedRecurrentArgs;

export const SIMPLE_RNN_DEFAULTS: Readonly<SimpleRnnArgs> = { layers: 2, units: 125, ...COMMON_DEFAULTS, ...S0_TRAINING };

export const simpleRnnNetwork = stackedRecurrentNetwork(
  'simple-rnn',
  'simple',
  "S0's vanilla RNN (1-2 layers of 125 units, last step to softmax; SGD lr 1, clip 5)",
  SIMPLE_RNN_DEFAULTS,
);

export const simpleRnnKind = neuralKind(simpleRnnNetwork);
