/**
 * `genrekit/eval`: labelled data (feature tables, tensor files, audio datasets through the
 * feature store), training a model kind on a split and saving it with its input contract
 * (`trainOnSplit`, `saveTrainedModel`), metrics (accuracy, per-class P/R/F1, confusion,
 * top-k, S2's certainty), cross-validation, grid search, and reports with SVG / PNG pictures.
 */
export { loadLabelledData, checkInput, checkCompatible, resolveSplit, SPLIT_SPECS, foldsOf, protocolOf, datasetFeaturesDefaults, loadDatasetFeatures, type LabelledData, type SplitSpecOptions, type DatasetFeaturesOptions } from './labelled-data.js';
export { evaluateClassifier, trainDefaults, trainOnSplit, modelInputOf, TRAINED_REPORT_FILES, saveTrainedModel, type ScoredPrediction, type Evaluation, type TrainOptions, type TrainResult, type SaveTrainedOptions } from './evaluate.js';
export { metricsDefaults, classificationMetrics, meanStd, type ClassMetrics, type ClassificationMetrics, type MetricsOptions } from './metrics.js';
export { crossValidationDefaults, crossValidate, type Fold, type FoldResult, type CrossValidationResult, type CrossValidationOptions } from './cross-validation.js';
export { gridSearchDefaults, gridCandidates, gridSearch, type Grid, type GridSearchOptions, type CandidateScore, type GridFoldResult, type GridSearchResult } from './grid-search.js';
export { makeReport, reportMarkdown, writeReportDefaults, writeReport, type EvaluationReport, type WriteReportOptions } from './report.js';
export { plotDefaults, confusionMatrixSvg, classBarsSvg, type PlotOptions } from './plots.js';
export { pngDefaults, svgToPng, type PngOptions } from './png.js';
export { argmax, certainty, CERTAINTY_FLOOR, MAX_CERTAINTY } from '../models/scores.js';
export { listModelKinds, getModelKind, type ModelKind, type TrainData, type FitContext, type TrainProgress } from '../models/registry.js';
