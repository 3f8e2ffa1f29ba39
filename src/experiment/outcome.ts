/**
 * What an experiment leaves: each (protocol, model, fold) unit's result on disk, each model's
 * outcome under a protocol (the published metric per fold, metrics pooled over the folds' test
 * sets, training figures, tree nodes), and the whole outcome the report is written from.
 */
import { classificationMetrics, type ClassificationMetrics } from '../eval/metrics.js';
import type { ModelKind } from '../models/registry.js';
import type { ExperimentConfig, ExperimentModel, ProtocolName } from './config.js';

/** What one (protocol, model, fold) unit leaves on disk. */
export interface UnitResult {
  fingerprint: string;
  protocol: ProtocolName;
  model: string;
  fold: string;
  trainExamples: number;
  fitSeconds: number;
  /** Test labels and probabilities (label order `labels`), for pooling folds. */
  labels: string[];
  truth: string[];
  proba: number[][];
  /** Neural kinds: per-epoch loss, accuracy and seconds. */
  history?: { epoch: number; loss: number; accuracy: number; valLoss?: number; valAccuracy?: number; seconds: number }[];
  bestEpoch?: number;
  /** Trees of networks (S3): each node's own test accuracy (`HierarchicalClassifier.nodeAccuracies`). */
  nodes?: NodeAccuracy[];
}

/** One node's own test accuracy, the same shape as the neural family's (kept here so this room need not load TF.js). */
export interface NodeAccuracy {
  node: string;
  genres: string[];
  correct: number;
  total: number;
}

/** One model's outcome under one protocol. */
export interface ModelOutcome {
  name: string;
  kind: string;
  args: Record<string, unknown>;
  published: number | null;
  publishedNote?: string;
  /** The config's metric per fold, their mean and population std. */
  folds: number[];
  mean: number;
  std: number;
  /** Pooled over the folds' test sets. */
  metrics: ClassificationMetrics;
  fitSeconds: number;
  /** Neural kinds: the first fold's loss at the first and last epoch, epochs run, mean seconds per epoch. */
  firstLoss?: number;
  lastLoss?: number;
  epochs?: number;
  secondsPerEpoch?: number;
  /** Model folder of the first fold (relative to the experiment folder). */
  modelDir: string;
  /** The new songs (`newSongs`), classified by the first fold's model: piece and song accuracy, or why not. */
  newSongs?: { pieces: number; songs: number; songCount: number; pieceCount: number } | { error: string };
  /** Trees (S3): each node's accuracy pooled over the folds, and the paper's figure: the mean over genres of the product of the accuracies of the nodes on the genre's path. */
  nodes?: { node: string; genres: string[]; accuracy: number; n: number }[];
  productOfNodes?: number;
}

/** One protocol's outcome: the split in words and each model's; or why it was skipped. */
export interface ProtocolOutcome {
  name: ProtocolName;
  spec: string;
  split: string;
  foldsRun: number;
  foldsInSplit: number;
  note?: string;
  skipped?: string;
  models: ModelOutcome[];
}

/** Everything the report needs. */
export interface ExperimentOutcome {
  config: ExperimentConfig;
  configPath: string;
  smoke: boolean;
  data: { source: string; examples: number; labels: string[]; described: string };
  packageVersion: string;
  protocols: ProtocolOutcome[];
  /** Wall-clock seconds of this invocation (short when most units were read back). */
  seconds: number;
  /** Seconds of fitting summed over every unit, this invocation's and those read back. */
  fitSeconds: number;
  /** The new songs' folder, when given. */
  newSongs?: string;
}

/** The model's outcome from its units: the metric per fold, pooled metrics, training figures. */
export function summarise(model: ExperimentModel, kind: ModelKind, args: Record<string, unknown>, units: UnitResult[], metric: 'accuracy' | 'microF1' | 'macroF1', dir: string): ModelOutcome {
  const perFold = units.map((u) => classificationMetrics(u.labels, u.truth, u.proba)[metric]);
  const mean = perFold.reduce((a, b) => a + b, 0) / perFold.length;
  const std = Math.sqrt(perFold.reduce((a, b) => a + (b - mean) ** 2, 0) / perFold.length);
  const labels = units[0].labels;
  const pooled = classificationMetrics(labels, units.flatMap((u) => u.truth), units.flatMap((u) => u.proba));
  const history = units[0].history;
  const trees = units[0].nodes ? nodeSummary(units.map((u) => u.nodes!), labels) : {};
  return {
    name: model.name,
    kind: kind.name,
    args,
    published: model.published,
    ...(model.publishedNote ? { publishedNote: model.publishedNote } : {}),
    folds: perFold,
    mean,
    std,
    metrics: pooled,
    fitSeconds: units.reduce((a, u) => a + u.fitSeconds, 0),
    ...(history?.length
      ? { firstLoss: history[0].loss, lastLoss: history[history.length - 1].loss, epochs: history.length, secondsPerEpoch: history.reduce((a, h) => a + h.seconds, 0) / history.length }
      : {}),
    modelDir: dir,
    ...trees,
  };
}

/** Node accuracies pooled over folds, and the mean over genres of the product along each genre's path. */
function nodeSummary(folds: NodeAccuracy[][], labels: readonly string[]): Pick<ModelOutcome, 'nodes' | 'productOfNodes'> {
  const nodes = folds[0].map((n, i) => {
    const correct = folds.reduce((a, f) => a + f[i].correct, 0);
    const total = folds.reduce((a, f) => a + f[i].total, 0);
    return { node: n.node, genres: n.genres, accuracy: total ? correct / total : NaN, n: total };
  });
  const products = labels.map((g) => nodes.filter((n) => n.genres.includes(g)).reduce((a, n) => a * n.accuracy, 1));
  return { nodes, productOfNodes: products.reduce((a, b) => a + b, 0) / products.length };
}

/** A file-safe name for a table row: "LSTM 2 x 250" -> "lstm-2-x-250". */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

