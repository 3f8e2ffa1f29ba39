export * from './errors.js';
export * from './data/index.js';
export * from './predict/index.js';
export * from './audio/index.js';
export { saveModel, loadModel, type SaveModelInfo, type LoadedModel } from './models/io.js';
export {
  kinds as classicalKinds,
  kernelSvmDefaults,
  knnDefaults,
  linearSvmDefaults,
  logisticRegressionDefaults,
  mlpDefaults as classicalMlpDefaults,
  randomForestDefaults,
} from './models/classical/index.js';
export {
  classificationMetrics,
  metricsDefaults,
  meanStd,
  certainty as predictionCertainty,
  crossValidate,
  crossValidationDefaults,
  loadLabelledData,
  loadDatasetFeatures,
  datasetFeaturesDefaults,
  checkInput,
  checkCompatible,
  resolveSplit,
  foldsOf,
  protocolOf,
  evaluateClassifier,
  trainOnSplit,
  trainDefaults,
  gridSearch,
  gridCandidates,
  gridSearchDefaults,
  makeReport,
  reportMarkdown,
  writeReport,
  writeReportDefaults,
  confusionMatrixSvg,
  classBarsSvg,
  svgToPng,
  referenceModels,
} from './eval/index.js';
export type {
  ClassificationMetrics,
  ClassMetrics,
  MetricsOptions,
  CrossValidationOptions,
  CrossValidationResult,
  Fold,
  FoldResult,
  LabelledData,
  DatasetFeaturesOptions,
  Evaluation,
  ScoredPrediction,
  TrainOptions,
  TrainResult,
  Grid,
  GridSearchOptions,
  GridSearchResult,
  EvaluationReport,
  ReferenceModel,
} from './eval/index.js';
export * from './dsp/index.js';
export * from './features/index.js';
export {
  kinds as neuralKinds,
  NeuralClassifier,
  COMMON_DEFAULTS as NEURAL_COMMON_DEFAULTS,
  MLP_DEFAULTS,
  SIMPLE_RNN_DEFAULTS,
  LSTM_DEFAULTS,
  LSTM_ATTENTION_DEFAULTS,
  LSTM_SEQUENCE_DEFAULTS,
  HIERARCHICAL_DEFAULTS,
  IND_RNN_DEFAULTS,
  S3_TREE,
  HierarchicalClassifier,
  attentionWeights,
  neuralTrainingRecord,
} from './models/neural/index.js';
export type { CommonArgs as NeuralCommonArgs, NeuralTrainingInfo, MlpArgs, SimpleRnnArgs, LstmArgs, LstmAttentionArgs, LstmSequenceArgs, HierarchicalArgs, IndRnnArgs, TreeNode } from './models/neural/index.js';
export { initTf, setBackendPreference, currentBackend, parseBackendChoice, BACKEND_NAMES, RUNTIME_DEFAULTS } from './models/tf-runtime.js';
export type { BackendName, BackendChoice } from './models/tf-runtime.js';
export { trainNetwork, evaluateNetwork, TRAIN_DEFAULTS, learningCurvesSvg, writeLearningCurves, formatProgress } from './models/neural/train/index.js';
export type { TrainableNetwork, BatchSource, TrainOptions as NeuralTrainOptions, TrainRun, TrainResult as NeuralTrainResult, EpochRecord, LearningCurves } from './models/neural/train/index.js';
