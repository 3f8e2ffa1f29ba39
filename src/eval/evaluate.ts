/**
 * Training a model kind on a split's training set and evaluating a classifier on labelled data:
 * the library side of `genrekit train` and `genrekit evaluate`.
 */
import { ParameterError } from '../errors.js';
import { getRecipe, recipes } from '../features/registry.js';
import { lengthDependent } from '../features/recipe.js';
import { saveModel } from '../models/io.js';
import { V1_PIECE_SECONDS, type ModelInput, type ModelManifest } from '../models/manifest.js';
import type { Classifier } from '../models/model.js';
import { makeReport, reportMarkdown } from './report.js';
import type { ModelKind } from '../models/registry.js';
import { describeSplit, type Split } from '../data/splits.js';
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
  /** Each example's probabilities, in the classifier's label order (to pool folds' predictions). */
  proba: Float32Array[];
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
  return { metrics: classificationMetrics(classifier.labels, part.labels, proba), predictions, proba };
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
  /** Neural models: training threads (data-parallel); default one per core. */
  jobs?: number;
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
    if (!testIdx.length) {
      throw new ParameterError('split', `fold '${fold.name}' of ${describeSplit(split)} leaves no test examples in ${data.source} (too few songs per genre?): nothing would be measured`);
    }
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
    jobs: opts.jobs,
  });
  const fitSeconds = (performance.now() - t0) / 1000;
  const test = testIdx && testIdx.length ? await evaluateClassifier(classifier, data, testIdx) : undefined;
  return { classifier, protocol, trainExamples: trainIdx.length, test, fitSeconds };
}

/**
 * The input contract of a model trained on `data`: its recipe and piece length, the columns it
 * reads and the shape of one example. A feature table's rows read 57 of `gtzan58`'s 58 outputs
 * (`length` is metadata); a dataset's features read what `loadDatasetFeatures` kept.
 */
export function modelInputOf(data: LabelledData): ModelInput {
  const first = data.examples[0];
  if (first === undefined) throw new ParameterError('data', `'${data.source}' holds no examples`);
  const shape = first instanceof Float32Array ? [first.length] : [first.length, first[0]?.length ?? 0];
  const columns = data.featureNames ? [...data.featureNames] : null;
  if (!Object.hasOwn(recipes, data.recipe.id)) {
    // Features of a recipe genrekit does not know (a tensor file of one's own): recorded as the
    // data says, with genrekit's defaults where it is silent. Such a model cannot classify audio.
    const rate = data.recipe.params.sampleRate;
    const sampleRate = typeof rate === 'number' && rate > 0 ? rate : UNKNOWN_RECIPE_DEFAULTS.sampleRate;
    return { recipe: { id: data.recipe.id, params: { ...data.recipe.params } }, sampleRate, pieceSeconds: data.recipe.pieceSeconds ?? UNKNOWN_RECIPE_DEFAULTS.pieceSeconds, columns, shape };
  }
  const recipe = getRecipe(data.recipe.id, data.recipe.params);
  const pieceSeconds = data.recipe.pieceSeconds ?? (lengthDependent(recipe) ? undefined : V1_PIECE_SECONDS);
  if (pieceSeconds === undefined) throw new ParameterError('data', `'${data.source}' does not say the piece length its '${recipe.id}' features were computed on`);
  return { recipe: { id: recipe.id, params: { ...recipe.params } as Record<string, unknown> }, sampleRate: recipe.sampleRate, pieceSeconds, columns, shape };
}

/** What `modelInputOf` records for features of an unregistered recipe when the data does not say. */
const UNKNOWN_RECIPE_DEFAULTS = { sampleRate: 22050, pieceSeconds: 30 } as const;

/** Files of a trained model's folder besides its weights. */
export const TRAINED_REPORT_FILES = { markdown: 'REPORT.md', json: 'report.json' } as const;

/** What `saveTrainedModel` records besides the result and the data. */
export interface SaveTrainedOptions {
  /** The command line that trained it, for the manifest. Default: none recorded. */
  command?: string;
  /** Seed of the fit. Default `trainDefaults.seed`. */
  seed?: number;
  /** Extra fields for `training` in the manifest (e.g. the neural training record). */
  training?: Record<string, unknown>;
  /** Backend the model ran on (neural models), for the report. */
  backend?: string;
}

/**
 * Saves a trained model (`trainOnSplit`'s result on `data`) as a model folder: weights, the
 * manifest with its input contract derived from `data` (`modelInputOf`), the test metrics and a
 * Markdown + JSON test report when there was a test set, and SHA256SUMS. Atomic: a temp folder
 * renamed over any old one. Returns the manifest written.
 */
export async function saveTrainedModel(dir: string, result: TrainResult, data: LabelledData, options: SaveTrainedOptions = {}): Promise<ModelManifest> {
  const input = modelInputOf(data);
  const m = result.test?.metrics;
  const metrics = m
    ? { protocol: result.protocol, accuracy: m.accuracy, microF1: m.microF1, macroF1: m.macroF1, topK: m.topK, meanCertainty: m.meanCertainty, n: m.n }
    : undefined;
  // The report names the model's resolved arguments, which serializing it gives: once, in saveModel.
  const extra = (args: Record<string, unknown>): Record<string, Uint8Array> => {
    if (!m) return {};
    const report = makeReport({ title: `Training report: ${result.classifier.name}`, model: { name: result.classifier.name, args, dir }, data: data.source, protocol: result.protocol, metrics: m, ...(options.backend ? { backend: options.backend } : {}) });
    return {
      [TRAINED_REPORT_FILES.markdown]: new TextEncoder().encode(reportMarkdown(report)),
      [TRAINED_REPORT_FILES.json]: new TextEncoder().encode(JSON.stringify({ test: { protocol: result.protocol, accuracy: m.accuracy, macroF1: m.macroF1, n: m.n } }, null, 1) + '\n'),
    };
  };
  return saveModel(
    dir,
    result.classifier,
    {
      input,
      training: {
        ...(options.command ? { command: options.command } : {}),
        data: data.source,
        protocol: result.protocol,
        seed: options.seed ?? trainDefaults.seed,
        trainExamples: result.trainExamples,
        fitSeconds: result.fitSeconds,
        ...options.training,
      },
      ...(metrics ? { metrics } : {}),
    },
    extra,
  );
}
