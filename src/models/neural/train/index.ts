/** The training engine of the neural models. */
export { trainNetwork, trainStep, evaluateNetwork, TRAIN_DEFAULTS, classWeightsFor, weightedCrossEntropy, validateTrainOptions } from './trainer.js';
export type { TrainableNetwork, BatchSource, TrainOptions, TrainRun, TrainResult, ClassWeighting } from './trainer.js';
export { createOptimizer, OPTIMIZER_NAMES } from './optimizers.js';
export type { Optimizer, OptimizerName, OptimizerOptions } from './optimizers.js';
export { clipByGlobalNorm } from './clip.js';
export { EarlyStopping } from './early-stopping.js';
export type { Monitor, EarlyStoppingState } from './early-stopping.js';
export { writeCheckpoint, readCheckpoint, CHECKPOINT_FILE } from './checkpoint.js';
export type { Checkpoint } from './checkpoint.js';
export { learningCurvesSvg, learningCurvesFiles, writeLearningCurves, CURVES_JSON, CURVES_SVG } from './curves.js';
export type { LearningCurves } from './curves.js';
export type { EpochRecord } from './history.js';
export { formatProgress } from './progress.js';
export { Rng } from '../../../random.js';
