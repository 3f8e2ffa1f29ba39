/**
 * The neural model family (TensorFlow.js): S0's MLP, vanilla RNN, LSTM and LSTM with attention,
 * S2's sequence LSTM, S3's hierarchical tree and S4's IndRNN.
 */
import type { ModelKind } from '../registry.js';
import { hierarchicalKind } from './hierarchical.js';
import { indRnnKind } from './ind-rnn.js';
import { lstmAttentionKind } from './lstm-attention.js';
import { lstmSequenceKind } from './lstm-sequence.js';
import { lstmKind } from './lstm.js';
import { mlp } from './mlp.js';
import { simpleRnnKind } from './simple-rnn.js';

export const kinds: ModelKind[] = [mlp, simpleRnnKind, lstmKind, lstmAttentionKind, lstmSequenceKind, hierarchicalKind, indRnnKind];

export { NeuralClassifier, COMMON_DEFAULTS } from './neural-kind.js';
export type { CommonArgs, NeuralTrainingInfo } from './neural-kind.js';
export { MLP_DEFAULTS, type MlpArgs } from './mlp.js';
export { SIMPLE_RNN_DEFAULTS, type SimpleRnnArgs } from './simple-rnn.js';
export { LSTM_DEFAULTS, type LstmArgs } from './lstm.js';
export { LSTM_ATTENTION_DEFAULTS, attentionWeights, type LstmAttentionArgs } from './lstm-attention.js';
export { LSTM_SEQUENCE_DEFAULTS, type LstmSequenceArgs } from './lstm-sequence.js';
export { HIERARCHICAL_DEFAULTS, S3_TREE, HierarchicalClassifier, leavesOf, checkTree, type HierarchicalArgs, type TreeNode } from './hierarchical.js';
export { IND_RNN_DEFAULTS, type IndRnnArgs } from './ind-rnn.js';
export { neuralTrainingRecord } from './training-record.js';
