/** Evaluation: metrics, cross-validation, grid search, training on a split, reports and plots. */
export * from './metrics.js';
export * from './cross-validation.js';
export * from './labelled-data.js';
export * from './evaluate.js';
export * from './grid-search.js';
export * from './report.js';
export * from './plots.js';
export * from './png.js';
export * from './sklearn-reference.js';
