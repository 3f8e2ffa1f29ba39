/**
 * `ind-rnn`: S4's 5 stacked IndRNN layers (h_t = ReLU(W x_t + u ⊙ h_{t-1} + b)), last step to a
 * softmax; dropout 0.5, learning rate 1e-5. Units per layer and the optimizer are not published:
 * 128 and Adam are our choice.
 */
import { COMMON_DEFAULTS, neuralKind } from './neural-kind.js';
import { stackedRecurrentNetwork, type StackedRecurrentArgs } from './stacked-recurrent.js';

export type IndRnnArgs = StackedRecurrentArgs;

export const IND_RNN_DEFAULTS: Readonly<IndRnnArgs> = { layers: 5, units: 128, dropout: 0.5, ...COMMON_DEFAULTS, optimizer: 'adam', learningRate: 1e-5, epochs: 100 };

export const indRnnNetwork = stackedRecurrentNetwork(
  'ind-rnn',
  'ind',
  "S4's IndRNN (5 layers, h_t = ReLU(W x_t + u*h_{t-1} + b); dropout 0.5, lr 1e-5)",
  IND_RNN_DEFAULTS,
);

export const indRnnKind = neuralKind(indRnnNetwork);
