/**
 * `genrekit/neural`: the neural model family on TensorFlow.js (S0's MLP, vanilla RNN, LSTM and
 * LSTM with attention, S1's CRNNs, S2's sequence LSTM, S3's hierarchical tree of LSTMs, S4's
 * IndRNN), their training engine (data-parallel on worker threads, optimisers, class weights, gradient clipping, early stopping, checkpoints,
 * learning curves), and the runtime: the backend chosen at run time (`tensorflow` when the
 * optional @tensorflow/tfjs-node loads, else `wasm`, else `cpu`). Importing it starts
 * TensorFlow.js; the main `genrekit` entry never does, and loads this only to classify with a
 * neural model.
 */
import type { ModelKind } from '../registry.js';
import { crnnExtendedKind, crnnKind } from './crnn.js';
import { resnetCrnnKind } from './resnet-crnn.js';
import { hierarchicalKind } from './hierarchical.js';
import { indRnnKind } from './ind-rnn.js';
import { lstmAttentionKind } from './lstm-attention.js';
import { lstmSequenceKind } from './lstm-sequence.js';
import { lstmKind } from './lstm.js';
import { mlp } from './mlp.js';
import { simpleRnnKind } from './simple-rnn.js';

export const kinds: ModelKind[] = [mlp, simpleRnnKind, lstmKind, lstmAttentionKind, lstmSequenceKind, hierarchicalKind, indRnnKind, crnnKind, crnnExtendedKind, resnetCrnnKind];

export { NeuralClassifier, COMMON_DEFAULTS } from './neural-kind.js';
export type { CommonArgs, NeuralTrainingInfo } from './neural-kind.js';
export { MLP_DEFAULTS, type MlpArgs } from './mlp.js';
export { SIMPLE_RNN_DEFAULTS, type SimpleRnnArgs } from './simple-rnn.js';
export { LSTM_DEFAULTS, type LstmArgs } from './lstm.js';
export { LSTM_ATTENTION_DEFAULTS, attentionWeights, type LstmAttentionArgs } from './lstm-attention.js';
export { LSTM_SEQUENCE_DEFAULTS, type LstmSequenceArgs } from './lstm-sequence.js';
export { HIERARCHICAL_DEFAULTS, S3_TREE, HierarchicalClassifier, type HierarchicalArgs, type NodeAccuracy, type TreeNode } from './hierarchical.js';
export { IND_RNN_DEFAULTS, type IndRnnArgs } from './ind-rnn.js';
export { RESNET_CRNN_DEFAULTS, loadPretrainedTrunk, type ResnetCrnnArgs } from './resnet-crnn.js';
export { parseSafetensors, readSafetensors } from './safetensors.js';
export { CRNN_DEFAULTS, CRNN_EXTENDED_DEFAULTS, crnnGeometry, type CrnnArgs } from './crnn.js';
export { neuralTrainingRecord } from './training-record.js';

export { DATA_PARALLEL_DEFAULTS } from './train/data-parallel.js';
export { trainNetwork, trainStep, shardGradients, exampleSeeds, evaluateNetwork, TRAIN_DEFAULTS, classWeightsFor, weightedCrossEntropy } from './train/trainer.js';
export type { TrainableNetwork, BatchSource, TrainOptions, TrainRun, TrainResult, ClassWeighting } from './train/trainer.js';
export { createOptimizer, OPTIMIZER_NAMES, type Optimizer, type OptimizerName, type OptimizerOptions } from './train/optimizers.js';
export { clipByGlobalNorm } from './train/clip.js';
export { EarlyStopping, type Monitor, type EarlyStoppingState } from './train/early-stopping.js';
export { writeCheckpoint, readCheckpoint, CHECKPOINT_FILE, type Checkpoint } from './train/checkpoint.js';
export { learningCurvesSvg, learningCurvesFiles, writeLearningCurves, CURVES_JSON, CURVES_SVG, type LearningCurves } from './train/curves.js';
export type { EpochRecord } from './train/history.js';
export { formatProgress } from './train/progress.js';
export { initTf, setBackendPreference, currentBackend, parseBackendChoice, BACKEND_NAMES, RUNTIME_DEFAULTS, tf, type BackendName, type BackendChoice } from '../runtime/backend.js';
