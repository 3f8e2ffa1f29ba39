/**
 * Classification metrics from true labels and predicted probabilities: accuracy, per-class
 * precision / recall / F1, micro and macro F1, the confusion matrix, top-k accuracy, and S2's
 * certainty log10(p_top1 / p_top2) per prediction and averaged per genre.
 */
import { ParameterError } from '../errors.js';

export { argmax, certainty, CERTAINTY_FLOOR } from '../models/scores.js';
import { argmax, certainty } from '../models/scores.js';

/** Per-class figures. */
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Examples whose true label is this class. */
  support: number;
  /** Mean certainty over the examples of this (true) class; NaN when it has none. */
  meanCertainty: number;
}

export interface ClassificationMetrics {
  labels: string[];
  /** Number of examples. */
  n: number;
  accuracy: number;
  /** Equals accuracy for single-label classification; kept because S1 reports it. */
  microF1: number;
  macroF1: number;
  /** Mean of per-class recall (balanced accuracy). */
  macroRecall: number;
  /** Counts, rows = true class, columns = predicted class, in `labels` order. */
  confusion: number[][];
  perClass: ClassMetrics[];
  /** k -> share of examples whose true class is among the k most probable. */
  topK: Record<string, number>;
  /** Mean certainty over all predictions. */
  meanCertainty: number;
}

export interface MetricsOptions {
  /** Which top-k accuracies to report. Default [1, 2, 3]. */
  topK: number[];
}

export const metricsDefaults: Readonly<MetricsOptions> = Object.freeze({ topK: [1, 2, 3] });

function safeDiv(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/**
 * Metrics of `proba` (examples x labels, columns in `labels` order) against `truth`.
 * Precision, recall and F1 of a class with no predictions or no examples are 0 (scikit-learn's
 * zero_division=0).
 */
export function classificationMetrics(labels: readonly string[], truth: readonly string[], proba: readonly ArrayLike<number>[], options: Partial<MetricsOptions> = {}): ClassificationMetrics {
  const { topK } = { ...metricsDefaults, ...options };
  if (truth.length !== proba.length) throw new ParameterError('proba', `${proba.length} predictions for ${truth.length} true labels`);
  const k = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const topHits = topK.map(() => 0);
  const certaintySum = new Array<number>(k).fill(0);
  let certaintyAll = 0;
  truth.forEach((label, i) => {
    const t = index.get(label);
    if (t === undefined) throw new ParameterError('truth', `label '${label}' (example ${i}) is not one of the model's labels`);
    const p = proba[i];
    if (p.length !== k) throw new ParameterError('proba', `row ${i} has ${p.length} probabilities for ${k} labels`);
    confusion[t][argmax(p)]++;
    // Rank of the true class: how many classes beat it (ties favour the lower index, as argmax).
    let rank = 0;
    for (let c = 0; c < k; c++) if (p[c] > p[t] || (p[c] === p[t] && c < t)) rank++;
    topK.forEach((kk, j) => {
      if (rank < kk) topHits[j]++;
    });
    const c = certainty(p);
    certaintySum[t] += c;
    certaintyAll += c;
  });
  const n = truth.length;
  let correct = 0;
  for (let c = 0; c < k; c++) correct += confusion[c][c];
  const perClass = labels.map((label, c) => {
    const support = confusion[c].reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let r = 0; r < k; r++) predicted += confusion[r][c];
    const precision = safeDiv(confusion[c][c], predicted);
    const recall = safeDiv(confusion[c][c], support);
    return { label, precision, recall, f1: safeDiv(2 * precision * recall, precision + recall), support, meanCertainty: support ? certaintySum[c] / support : NaN };
  });
  const accuracy = safeDiv(correct, n);
  return {
    labels: [...labels],
    n,
    accuracy,
    microF1: accuracy,
    macroF1: perClass.reduce((a, m) => a + m.f1, 0) / Math.max(k, 1),
    macroRecall: perClass.reduce((a, m) => a + m.recall, 0) / Math.max(k, 1),
    confusion,
    perClass,
    topK: Object.fromEntries(topK.map((kk, j) => [String(kk), safeDiv(topHits[j], n)])),
    meanCertainty: n ? certaintyAll / n : NaN,
  };
}

/** Mean and population standard deviation (ddof 0, as numpy's std). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  return { mean, std: Math.sqrt(variance) };
}
