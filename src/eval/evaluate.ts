/**
 * Training a model kind on a split's training set and evaluating a classifier on labelled data:
 * the library side of `genrekit train` and `genrekit evaluate`.
 */
import { ParameterError } from '../errors.js';
import type { Classifier } from '../models/model.js';
import type { ModelKind } from '../models/registry.js';
import type { Split } from '../data/splits.js';
import { subset } from './cross-validation.js';
import { checkInput, foldsOf, protocolOf, type LabelledData } from './labelled-data.js';
import { type ClassificationMetrics, argmax, certainty, classificationMetrics } from './metrics.js';

/** One prediction with its truth and confidence. */
export interface ScoredPrediction {
  id: string;
  truth: string;
  predicted: string;
  /** Probability of the predicted class. */
  probability: number;
  /** log10(p_top1 / p_top2). */
  certainty: number;
}

export interface Evaluation {
  metrics: ClassificationMetrics;
  predictions: ScoredPrediction[];
}

/** Scores `classifier` on the examples of `data` at `indices` (default: all). */
export async function evaluateClassifier(classifier: Classifier, data: LabelledData, indices?: readonly number[]): Promise<Evaluation> {
  const part = indices ? subset(data, indices) : data;
  const ids = indices ? indices.map((i) => data.ids[i]) : data.ids;
  const unknown = part.labels.find((l) => !classifier.labels.includes(l));
  if (unknown !== undefined) throw new ParameterError('data', `label '${unknown}' in '${data.source}' is not one the model knows (${classifier.labels.join(', ')})`);
  const proba = await classifier.predictProba(part.examples);
  const predictions = proba.map((p, i) => {
    const top = argmax(p);
    return { id: ids[i], truth: part.labels[i], predicted: classifier.labels[top], probability: p[top], certainty: certainty(p) };
  });
  return { metrics: classificationMetrics(classifier.labels, part.labels, proba), predictions };
}

export interface TrainOptions {
  /** Model arguments (the kind's defaults fill the rest). Default {}. */
  args: Record<string, unknown>;
  /** Seed for the fit. Default 0. */
  seed: number;
  /** Name of the split fold to use; default the first. */
  fold?: string;
  onProgress?: Parameters<ModelKind['fit']>[1]['onProgress'];
  /** Neural models: folder for per-epoch checkpoints, and whether to resume from it. */
  checkpointDir?: string;
  resume?: boolean;
}

export const trainDefaults: Readonly<TrainOptions> = Object.freeze({ args: {}, seed: 0 });

export interface TrainResult {
  classifier: Classifier;
  /** What it was trained and tested on, in words. */
  protocol: string;
  trainExamples: number;
  /** Test-set evaluation when a split was given. */
  test?: Evaluation;
  fitSeconds: number;
}

/**
 * Fits `kind` on `data`: on every example when `split` is undefined, else on one fold's training
 * set (plus its valid set for classical kinds; neural kinds get it for early stopping) and tests on
 * that fold's test set.
 */
export async function trainOnSplit(kind: ModelKind, data: LabelledData, split: Split | undefined, options: Partial<TrainOptions> = {}): Promise<TrainResult> {
  const opts = { ...trainDefaults, ...options };
  checkInput(kind, data);
  const merge = kind.family === 'classical';
  let trainIdx = data.ids.map((_, i) => i);
  let validIdx: number[] = [];
  let testIdx: number[] | undefined;
  let protocol = `all ${data.examples.length} examples of ${data.source} (no test set)`;
  if (split) {
    const folds = foldsOf(split, data, merge);
    const fold = opts.fold === undefined ? folds[0] : folds.find((f) => f.name === opts.fold);
    if (!fold) throw new ParameterError('fold', `no fold '${opts.fold}' in the split (folds: ${folds.map((f) => f.name).join(', ')})`);
    trainIdx = fold.train;
    validIdx = fold.valid ?? [];
    testIdx = fold.test;
    protocol = `${protocolOf(split, data, merge)}; fold '${fold.name}'`;
  }
  const t0 = performance.now();
  const classifier = await kind.fit(subset(data, trainIdx), {
    args: opts.args,
    labelSet: data.labelSet,
    seed: opts.seed,
    valid: validIdx.length ? subset(data, validIdx) : undefined,
    onProgress: opts.onProgress,
    checkpointDir: opts.checkpointDir,
    resume: opts.resume,
  });
  const fitSeconds = (performance.now() - t0) / 1000;
  const test = testIdx && testIdx.length ? await evaluateClassifier(classifier, data, testIdx) : undefined;
  return { classifier, protocol, trainExamples: trainIdx.length, test, fitSeconds };
}
