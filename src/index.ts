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
