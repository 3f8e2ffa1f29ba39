/**
 * Runs an experiment config: data -> features (through the feature store) -> each protocol's
 * split -> every model on every fold -> pooled metrics -> the report (report.ts). Resumable: each
 * (protocol, model, fold) unit writes its result to `<out>/units/...json` when it finishes (atomic
 * write), and a neural unit checkpoints every epoch to `<out>/checkpoints/...`; a rerun reads the
 * finished units back, resumes the interrupted one from its checkpoint, and redoes nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../data/atomic-write.js';
import { describeSplit, saveSplit, type Split } from '../data/splits.js';
import { ParameterError } from '../errors.js';
import { saveTrainedModel, trainOnSplit } from '../eval/evaluate.js';
import { foldsOf, loadDatasetFeatures, loadLabelledData, resolveSplit, type LabelledData } from '../eval/labelled-data.js';
import { subset } from '../eval/cross-validation.js';
import { argmax, classificationMetrics, type ClassificationMetrics } from '../eval/metrics.js';
import { loadModel } from '../models/io.js';
import type { Classifier } from '../models/model.js';
import type { ModelKind, TrainProgress } from '../models/registry.js';
import { packageVersion } from '../version.js';
import { describeData, PROTOCOL_NAMES, type ExperimentModel, type LoadedExperiment, type ProtocolName } from './config.js';

/** Options of {@link runExperiment}. */
export interface ExperimentRunOptions {
  /** Folder for units, checkpoints, models and the report. Required. */
  out: string;
  /** The data: an audio dataset folder (recipe configs) or a feature table (table configs). Default: `experimentDefaults.data`. */
  data?: string;
  /** Smoke run: the dev clips, `smokeArgs`, at most `smokeFolds` folds. Default false. */
  smoke?: boolean;
  /** Protocols to run. Default: every protocol of the config. */
  protocols?: readonly ProtocolName[];
  /** Threads for feature extraction and neural training. Default one per core. */
  jobs?: number;
  /** Feature store folder. Default the per-user cache (`datasetFeaturesDefaults.store`). */
  store?: string;
  /** Seed of the splits and of every fit. Default 0. */
  seed?: number;
  /**
   * A labelled folder of songs outside the training data (a folder per genre, or a manifest CSV):
   * cut into the data's pieces and classified by each protocol's first-fold model (S1's "new
   * songs"). Default none.
   */
  newSongs?: string;
  /** Progress: which protocol, model and fold, epochs, the estimated time left. */
  onEvent?: (e: ExperimentEvent) => void;
}

/** Where the default data lives: `$GENREKIT_SHARED_DATA`, else `../shared/data` beside the project. */
export const experimentDefaults = {
  get sharedData(): string {
    return process.env.GENREKIT_SHARED_DATA ?? resolve(fileURLToPath(new URL('../../../../shared/data', import.meta.url)));
  },
  /** Table configs: `<shared>/gtzan/<table>`; recipe configs: no default (a GTZAN folder), but `<shared>/gtzan/dev-audio` in smoke runs. */
  dataFor(table: string | null, smoke: boolean): string | undefined {
    if (table !== null) return join(this.sharedData, 'gtzan', table);
    return smoke ? join(this.sharedData, 'gtzan', 'dev-audio') : undefined;
  },
  seed: 0,
};

/** One progress event. */
export type ExperimentEvent =
  | { type: 'data'; message: string }
  | { type: 'unit'; protocol: ProtocolName; model: string; fold: string; index: number; units: number; reused: boolean; etaSeconds: number | null }
  | { type: 'epoch'; protocol: ProtocolName; model: string; fold: string; progress: TrainProgress }
  | { type: 'skipped'; protocol: ProtocolName; reason: string };

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
  config: LoadedExperiment['config'];
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

/** Runs `experiment` (see the module comment); returns what the report shows. */
export async function runExperiment(experiment: LoadedExperiment, options: ExperimentRunOptions): Promise<ExperimentOutcome> {
  const { config, kinds } = experiment;
  const smoke = options.smoke ?? false;
  const seed = options.seed ?? experimentDefaults.seed;
  const emit = options.onEvent ?? (() => undefined);
  const t0 = performance.now();
  const table = 'table' in config.data ? config.data.table : null;
  const source = options.data ?? experimentDefaults.dataFor(table, smoke);
  if (!source) throw new ParameterError('data', `experiment '${config.id}' computes ${describeData(config)} from audio: give the GTZAN folder (--data), or --smoke for the dev clips`);
  if (!existsSync(source)) throw new ParameterError('data', `'${source}' does not exist`);
  const wanted = options.protocols ?? PROTOCOL_NAMES.filter((p) => config.protocols[p]);
  for (const p of wanted) if (!config.protocols[p]) throw new ParameterError('split', `experiment '${config.id}' has no '${p}' protocol (it has ${Object.keys(config.protocols).join(', ')})`);

  emit({ type: 'data', message: `${config.id}: loading ${describeData(config)} from ${source}` });
  let data: LabelledData =
    'table' in config.data
      ? await loadLabelledData(source)
      : await loadDatasetFeatures(source, { recipe: config.data.recipe, params: config.data.params ?? {}, pieceSeconds: config.data.piece ?? null, ...(options.store ? { store: options.store } : {}), ...(options.jobs ? { jobs: options.jobs } : {}) });
  if (config.labels) data = onlyLabels(data, config.labels);

  // Every split is resolved and checked before any training starts.
  const plans: { name: ProtocolName; spec: string; split: Split | null; folds: string[]; skipped?: string }[] = [];
  for (const name of wanted) {
    const p = config.protocols[name]!;
    const key = smoke && p.smokeSplit ? 'smokeSplit' : 'split';
    let split: Split;
    try {
      split = resolveSplit(p[key]!, data, { seed });
    } catch (err) {
      throw new ParameterError(`${config.id}: protocols.${name}.${key}`, (err as Error).message);
    }
    const limit = Math.min(p.folds ?? Infinity, smoke ? (config.smokeFolds ?? 1) : Infinity);
    const folds = split.folds.slice(0, limit).map((f) => f.name);
    const problem = emptyClass(split, folds, data);
    if (problem) {
      // A smoke run's 50 clips may not reach every set of a split: recorded, not fatal.
      if (!smoke) throw new ParameterError(`${config.id}: protocols.${name}`, problem);
      emit({ type: 'skipped', protocol: name, reason: problem });
      plans.push({ name, spec: p[key]!, split: null, folds: [], skipped: problem });
    } else plans.push({ name, spec: p[key]!, split, folds });
  }

  const units = plans.reduce((a, p) => a + p.folds.length * config.models.length, 0);
  let index = 0;
  let trainedSeconds = 0;
  let trained = 0;
  const protocols: ProtocolOutcome[] = [];
  for (const plan of plans) {
    const p = config.protocols[plan.name]!;
    // The split itself, for the report and for anyone who reruns a row elsewhere.
    if (plan.split) {
      mkdirSync(options.out, { recursive: true });
      saveSplit(join(options.out, `split-${plan.name}.json`), plan.split);
    }
    const outcome: ProtocolOutcome = { name: plan.name, spec: plan.spec, split: plan.split ? describeSplit(plan.split) : '', foldsRun: plan.folds.length, foldsInSplit: plan.split?.folds.length ?? 0, ...(p.note ? { note: p.note } : {}), ...(plan.skipped ? { skipped: plan.skipped } : {}), models: [] };
    protocols.push(outcome);
    if (!plan.split) continue;
    for (const [m, model] of config.models.entries()) {
      const kind = kinds[m];
      const args = { ...(model.args ?? {}), ...(smoke ? (model.smokeArgs ?? {}) : {}) };
      const results: UnitResult[] = [];
      for (const fold of plan.folds) {
        const left = units - index;
        const eta = trained ? (trainedSeconds / trained) * left : null;
        const unitPath = join(options.out, 'units', plan.name, slug(model.name), `${fold}.json`);
        const fingerprint = fingerprintOf({ id: config.id, data: config.data, labels: config.labels, source, smoke, seed, spec: plan.spec, fold, kind: model.kind, args });
        const done = readUnit(unitPath, fingerprint);
        emit({ type: 'unit', protocol: plan.name, model: model.name, fold, index: ++index, units, reused: done !== null, etaSeconds: eta });
        if (done) {
          results.push(done);
          continue;
        }
        const started = performance.now();
        const unit = await runUnit({ kind, model, args, data, split: plan.split, fold, seed, fingerprint, protocol: plan.name, out: options.out, first: fold === plan.folds[0], jobs: options.jobs, emit });
        mkdirSync(dirname(unitPath), { recursive: true });
        writeFileAtomic(unitPath, JSON.stringify(unit) + '\n');
        rmSync(checkpointDir(options.out, plan.name, model.name, fold), { recursive: true, force: true });
        trainedSeconds += (performance.now() - started) / 1000;
        trained++;
        results.push(unit);
      }
      outcome.models.push(summarise(model, kind, args, results, config.metric, modelDir(plan.name, model.name)));
    }
  }
  if (options.newSongs) await classifyNewSongs(options.newSongs, data, protocols, options, emit);
  return {
    config,
    configPath: experiment.path,
    smoke,
    data: { source, examples: data.examples.length, labels: data.labelSet, described: describeData(config) },
    packageVersion,
    protocols,
    seconds: (performance.now() - t0) / 1000,
    fitSeconds: protocols.reduce((a, p) => a + p.models.reduce((b, m) => b + m.fitSeconds, 0), 0),
    ...(options.newSongs ? { newSongs: options.newSongs } : {}),
  };
}

/**
 * S1's "new songs": the songs of `folder`, cut into the data's pieces through the feature store,
 * classified by every first-fold model; a song's verdict is the mean of its pieces' probabilities.
 */
async function classifyNewSongs(folder: string, data: LabelledData, protocols: ProtocolOutcome[], options: ExperimentRunOptions, emit: (e: ExperimentEvent) => void): Promise<void> {
  if (!existsSync(folder)) throw new ParameterError('newSongs', `'${folder}' does not exist`);
  emit({ type: 'data', message: `new songs: ${data.recipe.id} features of ${folder}` });
  const songs = await loadDatasetFeatures(folder, { recipe: data.recipe.id, params: data.recipe.params, pieceSeconds: data.recipe.pieceSeconds ?? null, ...(options.store ? { store: options.store } : {}), ...(options.jobs ? { jobs: options.jobs } : {}) });
  const unknown = songs.labelSet.filter((l) => !data.labelSet.includes(l));
  if (unknown.length) throw new ParameterError('newSongs', `'${folder}' has genres the models do not know: ${unknown.join(', ')}`);
  for (const p of protocols) {
    for (const m of p.models) {
      let classifier: Classifier | undefined;
      try {
        classifier = (await loadModel(join(options.out, m.modelDir))).classifier;
        const proba = await classifier.predictProba(songs.examples);
        const labels = classifier.labels;
        const bySong = new Map<string, { truth: string; sum: Float64Array }>();
        let right = 0;
        proba.forEach((row, i) => {
          if (labels[argmax(row)] === songs.labels[i]) right++;
          const song = bySong.get(songs.groups[i]) ?? { truth: songs.labels[i], sum: new Float64Array(labels.length) };
          row.forEach((v, k) => (song.sum[k] += v));
          bySong.set(songs.groups[i], song);
        });
        const songsRight = [...bySong.values()].filter((s) => labels[argmax(s.sum)] === s.truth).length;
        m.newSongs = { pieces: right / proba.length, songs: songsRight / bySong.size, songCount: bySong.size, pieceCount: proba.length };
      } catch (err) {
        m.newSongs = { error: (err as Error).message };
      } finally {
        classifier?.dispose();
      }
    }
  }
}

/** Trains and tests one unit; saves the first fold's model folder. */
async function runUnit(u: {
  kind: ModelKind; model: ExperimentModel; args: Record<string, unknown>; data: LabelledData; split: Split; fold: string; seed: number;
  fingerprint: string; protocol: ProtocolName; out: string; first: boolean; jobs?: number; emit: (e: ExperimentEvent) => void;
}): Promise<UnitResult> {
  const ckpt = checkpointDir(u.out, u.protocol, u.model.name, u.fold);
  const neural = u.kind.family === 'neural';
  const result = await trainOnSplit(u.kind, u.data, u.split, {
    args: u.args,
    seed: u.seed,
    fold: u.fold,
    ...(neural ? { checkpointDir: ckpt, resume: existsSync(join(ckpt)) } : {}),
    ...(u.jobs ? { jobs: u.jobs } : {}),
    onProgress: (progress) => u.emit({ type: 'epoch', protocol: u.protocol, model: u.model.name, fold: u.fold, progress }),
  });
  try {
    const test = result.test!;
    const training = neural ? (await import('../models/neural/index.js')).neuralTrainingRecord(result.classifier) : undefined;
    type Info = { history?: UnitResult['history']; bestEpoch?: number };
    const record = (result.classifier as { training?: Info | Record<string, Info> }).training;
    // A tree of networks (S3) keeps one record per node: its root's curve stands for the run.
    const info: Info | undefined = record && !('history' in record) ? Object.values(record as Record<string, Info>)[0] : (record as Info | undefined);
    const tree = result.classifier as { nodeAccuracies?: (examples: LabelledData['examples'], truth: readonly string[]) => NodeAccuracy[] };
    let nodes: NodeAccuracy[] | undefined;
    if (typeof tree.nodeAccuracies === 'function') {
      const index = new Map(u.data.ids.map((id, i) => [id, i]));
      const rows = test.predictions.map((p) => index.get(p.id)!);
      nodes = tree.nodeAccuracies(rows.map((i) => u.data.examples[i]), rows.map((i) => u.data.labels[i]));
    }
    if (u.first) await saveTrainedModel(join(u.out, modelDir(u.protocol, u.model.name)), result, u.data, { seed: u.seed, ...(training ? { training: { neural: training } } : {}) });
    return {
      fingerprint: u.fingerprint,
      protocol: u.protocol,
      model: u.model.name,
      fold: u.fold,
      trainExamples: result.trainExamples,
      fitSeconds: result.fitSeconds,
      labels: [...result.classifier.labels],
      truth: test.predictions.map((p) => p.truth),
      proba: test.proba.map((p) => Array.from(p, (v) => Math.round(v * 1e7) / 1e7)),
      ...(info?.history ? { history: info.history, bestEpoch: info.bestEpoch } : {}),
      ...(nodes ? { nodes } : {}),
    };
  } finally {
    result.classifier.dispose();
  }
}

/** The model's outcome from its units: the metric per fold, pooled metrics, training figures. */
function summarise(model: ExperimentModel, kind: ModelKind, args: Record<string, unknown>, units: UnitResult[], metric: 'accuracy' | 'microF1' | 'macroF1', dir: string): ModelOutcome {
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

/** The first problem that makes a fold useless: a genre with no training or no test examples. */
function emptyClass(split: Split, folds: string[], data: LabelledData): string | null {
  for (const f of split.folds.filter((x) => folds.includes(x.name))) {
    const [train] = foldsOf({ ...split, folds: [f] }, data, true);
    for (const [set, idx] of [['training', train.train], ['test', train.test]] as const) {
      const present = new Set(idx.map((i) => data.labels[i]));
      const missing = data.labelSet.filter((l) => !present.has(l));
      if (missing.length) return `fold '${f.name}' of ${describeSplit(split)} leaves ${missing.join(', ')} without ${set} examples in ${data.source}`;
    }
  }
  return null;
}

/** `data` with only the examples of `labels` (in that order as the label set). */
function onlyLabels(data: LabelledData, labels: string[]): LabelledData {
  const missing = labels.filter((l) => !data.labelSet.includes(l));
  if (missing.length) throw new ParameterError('labels', `${missing.join(', ')} not in ${data.source} (it has ${data.labelSet.join(', ')})`);
  const keep = data.labels.flatMap((l, i) => (labels.includes(l) ? [i] : []));
  const part = subset(data, keep);
  return { ...data, ...part, ids: keep.map((i) => data.ids[i]), groups: keep.map((i) => data.groups[i]), labelSet: [...labels].sort() };
}

function readUnit(path: string, fingerprint: string): UnitResult | null {
  if (!existsSync(path)) return null;
  try {
    const unit = JSON.parse(readFileSync(path, 'utf8')) as UnitResult;
    return unit.fingerprint === fingerprint ? unit : null;
  } catch {
    return null;
  }
}

function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/** A file-safe name for a table row: "LSTM 2 x 250" -> "lstm-2-x-250". */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

function checkpointDir(out: string, protocol: string, model: string, fold: string): string {
  return join(out, 'checkpoints', protocol, slug(model), fold);
}

function modelDir(protocol: string, model: string): string {
  return join('models', protocol, slug(model));
}
