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
import type { ModelKind, TrainProgress } from '../models/registry.js';
import { packageVersion } from '../version.js';
import { describeData, PROTOCOL_NAMES, type ExperimentModel, type LoadedExperiment, type ProtocolName } from './config.js';
import { classifyNewSongs } from './new-songs.js';
import { slug, summarise, type ExperimentOutcome, type NodeAccuracy, type ProtocolOutcome, type UnitResult } from './outcome.js';

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
        const unit = await runUnit({ kind, model, args, data, split: plan.split, fold, seed, fingerprint, protocol: plan.name, out: options.out, first: fold === plan.folds[0], jobs: options.jobs, emit });
        mkdirSync(dirname(unitPath), { recursive: true });
        writeFileAtomic(unitPath, JSON.stringify(unit) + '\n');
        rmSync(checkpointDir(options.out, plan.name, model.name, fold), { recursive: true, force: true });
        // Its fit time counts the epochs a resumed fold ran before the kill too: a whole fold's time.
        trainedSeconds += unit.fitSeconds;
        trained++;
        results.push(unit);
      }
      outcome.models.push(summarise(model, kind, args, results, config.metric, modelDir(plan.name, model.name)));
    }
  }
  if (options.newSongs) await classifyNewSongs(options.newSongs, data, protocols, options, (message) => emit({ type: 'data', message }));
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
    ...(neural ? { checkpointDir: ckpt, resume: existsSync(ckpt) } : {}),
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
      // A fold resumed from its checkpoint ran only its last epochs in this process: its epochs' own times count.
      fitSeconds: Math.max(result.fitSeconds, info?.history?.reduce((a, h) => a + h.seconds, 0) ?? 0),
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

/** `data` with only the examples of `labels`, whose sorted list becomes the label set. */
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

function checkpointDir(out: string, protocol: string, model: string, fold: string): string {
  return join(out, 'checkpoints', protocol, slug(model), fold);
}

function modelDir(protocol: string, model: string): string {
  return join('models', protocol, slug(model));
}
