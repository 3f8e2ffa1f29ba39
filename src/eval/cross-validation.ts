/**
 * Cross-validation of any registered model kind on given folds: for each fold, fit on its
 * training indices (the model standardises on those alone), predict its test indices, and report
 * per-fold accuracy, their mean and population standard deviation, the pooled metrics over all
 * test predictions, and the seconds spent fitting.
 */
import { ParameterError } from '../errors.js';
import type { Example } from '../models/model.js';
import type { ModelKind, TrainData } from '../models/registry.js';
import { type ClassificationMetrics, classificationMetrics, meanStd } from './metrics.js';

/** One fold: indices into the data for training and testing. */
export interface Fold {
  name: string;
  train: number[];
  /** Validation indices handed to `fit` (early stopping of neural kinds); may be empty. */
  valid?: number[];
  test: number[];
}

export interface FoldResult {
  name: string;
  accuracy: number;
  nTrain: number;
  nTest: number;
  /** Seconds spent in `fit`. */
  fitSeconds: number;
}

export interface CrossValidationResult {
  model: string;
  args: Record<string, unknown>;
  folds: FoldResult[];
  /** Mean of the per-fold accuracies. */
  mean: number;
  /** Population standard deviation of the per-fold accuracies. */
  std: number;
  /** Metrics over the test predictions of every fold together. */
  pooled: ClassificationMetrics;
  /** Seconds spent fitting, all folds. */
  fitSeconds: number;
}

export interface CrossValidationOptions {
  /** Model arguments (unknown names are a ParameterError). Default {} (the kind's defaults). */
  args: Record<string, unknown>;
  /** Seed passed to every fit. Default 0. */
  seed: number;
  /** Label order; default: sorted unique labels of the data. */
  labelSet?: string[];
  /** Called after each fold. */
  onFold?: (result: FoldResult, index: number) => void;
}

export const crossValidationDefaults: Readonly<CrossValidationOptions> = Object.freeze({ args: {}, seed: 0 });

/** Sorted unique labels. */
export function labelSetOf(labels: readonly string[]): string[] {
  return [...new Set(labels)].sort();
}

/** The examples, labels and groups at `indices`. */
export function subset(data: TrainData, indices: readonly number[]): TrainData {
  const pick = <T>(a: readonly T[]) => indices.map((i) => a[i]);
  return { examples: pick<Example>(data.examples), labels: pick(data.labels), groups: data.groups ? pick(data.groups) : undefined };
}

/** Fits on `train`, returns probabilities for `test` and the fit time. */
export async function fitAndPredict(
  kind: ModelKind,
  train: TrainData,
  test: TrainData,
  options: { args: Record<string, unknown>; seed: number; labelSet: string[]; valid?: TrainData },
): Promise<{ proba: Float32Array[]; fitSeconds: number }> {
  const t0 = performance.now();
  const model = await kind.fit(train, { args: options.args, labelSet: options.labelSet, seed: options.seed, valid: options.valid });
  const fitSeconds = (performance.now() - t0) / 1000;
  try {
    return { proba: await model.predictProba(test.examples), fitSeconds };
  } finally {
    model.dispose();
  }
}

/** Runs `kind` over `folds` of `data`. */
export async function crossValidate(kind: ModelKind, data: TrainData, folds: readonly Fold[], options: Partial<CrossValidationOptions> = {}): Promise<CrossValidationResult> {
  const opts = { ...crossValidationDefaults, ...options };
  if (folds.length === 0) throw new ParameterError('folds', 'no folds given');
  const labelSet = opts.labelSet ?? labelSetOf(data.labels);
  const results: FoldResult[] = [];
  const allTruth: string[] = [];
  const allProba: Float32Array[] = [];
  for (const [index, fold] of folds.entries()) {
    if (fold.train.length === 0 || fold.test.length === 0) throw new ParameterError('folds', `fold '${fold.name}' has an empty train or test set`);
    const test = subset(data, fold.test);
    const valid = fold.valid?.length ? subset(data, fold.valid) : undefined;
    const { proba, fitSeconds } = await fitAndPredict(kind, subset(data, fold.train), test, { args: opts.args, seed: opts.seed, labelSet, valid });
    const m = classificationMetrics(labelSet, test.labels, proba, { topK: [1] });
    const result = { name: fold.name, accuracy: m.accuracy, nTrain: fold.train.length, nTest: fold.test.length, fitSeconds };
    results.push(result);
    allTruth.push(...test.labels);
    allProba.push(...proba);
    opts.onFold?.(result, index);
  }
  const { mean, std } = meanStd(results.map((r) => r.accuracy));
  return {
    model: kind.name,
    args: opts.args,
    folds: results,
    mean,
    std,
    pooled: classificationMetrics(labelSet, allTruth, allProba),
    fitSeconds: results.reduce((a, r) => a + r.fitSeconds, 0),
  };
}
