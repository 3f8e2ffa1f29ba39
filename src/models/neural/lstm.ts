/** `lstm`: S0's LSTM (1 or 2 layers of 250 units, 0.79 with 2); only the last step's output feeds the softmax. */
import { COMMON_DEFAULTS, neuralKind } from './neural-kind.js';
import { S0_TRAINING } from './s0-training.js';
import { stackedRecurrentNetwork, type StackedRecurrentArgs } from './stacked-recurrent.js';

export type LstmArgs = StackedRecurrentArgs;

export const LSTM_DEFAULTS: Readonly<LstmArgs> = { layers: 2, units: 250, ...COMMON_DEFAULTS, ...S0_TRAINING };

export const lstmNetwork = stackedRecurrentNetwork(
  'lstm',
  'lstm',
  "S0's LSTM (1-2 layers of 250 units, last step to softmax; SGD lr 1, batch 128, dropout 0.2, clip 5)",
  LSTM_DEFAULTS,
);

export const lstmKind = neuralKind(lstmNetwork);
