/**
 * Labelled examples for training and evaluation, read from a GTZAN feature table (`.csv`), a
 * training tensor file (`.gkt`, exported from the feature store) or computed from an audio
 * dataset through the feature store, and the folds of a split over them. Models of input 'vector' take rows of shape [features]; models of input 'sequence' take
 * examples of shape [time, features] (a tensor file of rank 3).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ParameterError } from '../errors.js';
import { featureTableColumns, readFeatureTable } from '../data/feature-table.js';
import { type Split, describeSplit, expandSplit, faultFilteredSplit, holdoutSplit, kFoldSplit, loadSplit, modFolds, repeatedKFoldSplit, splitDefaults } from '../data/splits.js';
import { parseGtzanName } from '../data/gtzan-names.js';
import { readTensorFile } from '../data/tensor-file.js';
import { openDataset, type SkippedFile } from '../data/datasets.js';
import { extractFeatures, featureRows, typicalSeconds, type ExtractOptions } from '../data/extract.js';
import { GTZAN58_DEFAULTS } from '../features/gtzan58.js';
import type { ModelInput } from '../models/manifest.js';
import type { Example } from '../models/model.js';
import type { ModelKind, TrainData } from '../models/registry.js';
import type { Fold } from './cross-validation.js';


/** Examples with their ids, labels, song groups and where the features came from. */
export interface LabelledData extends TrainData {
  /** Example id: `blues.00012` for a clip, `blues.00012.3` for a piece. */
  ids: string[];
  groups: string[];
  /** Sorted unique labels. */
  labelSet: string[];
  /** File the data was read from. */
  source: string;
  /** Feature recipe id and parameters; `pieceSeconds` when examples are pieces of songs. */
  recipe: { id: string; params: Record<string, unknown>; pieceSeconds?: number };
  /** 'vector' when every example is a Float32Array, 'sequence' for time x features. */
  input: 'vector' | 'sequence';
  /** Names of the last feature axis when known (the 57 table columns for a CSV). */
  featureNames?: string[];
}

function idOf(filename: string): { id: string; group: string } {
  const g = parseGtzanName(filename);
  if (g) return { id: g.id, group: g.songId };
  const id = filename.replace(/\.[^.]*$/, '');
  return { id, group: id };
}

/**
 * Reads labelled examples from a feature table CSV or a tensor file (by extension). A label
 * outside `labelSet` (when given) is a DataFormatError.
 */
export async function loadLabelledData(path: string, options: { labelSet?: readonly string[] } = {}): Promise<LabelledData> {
  if (/\.gkt$/i.test(path)) return loadTensorData(path);
  if (!/\.csv$/i.test(path)) throw new ParameterError('data', `'${path}': expected a feature table (.csv) or a tensor file (.gkt)`);
  const table = await readFeatureTable(path, options);
  const names = table.filenames.map(idOf);
  // Rows are clips or pieces of one length; the median is immune to a few short clips.
  const sorted = [...table.lengths].sort((a, b) => a - b);
  const pieceSeconds = Math.round(sorted[sorted.length >> 1] / GTZAN58_DEFAULTS.sampleRate);
  return {
    examples: table.features,
    labels: table.labels,
    ids: names.map((n) => n.id),
    groups: names.map((n) => n.group),
    labelSet: [...new Set(table.labels)].sort(),
    source: path,
    recipe: { id: 'gtzan58', params: { ...GTZAN58_DEFAULTS }, pieceSeconds },
    input: 'vector',
    featureNames: [...featureTableColumns],
  };
}

function loadTensorData(path: string): LabelledData {
  const { header, data } = readTensorFile(path);
  const [n, ...shape] = header.shape;
  const size = shape.reduce((a, b) => a * b, 1);
  const examples: Example[] = [];
  for (let i = 0; i < n; i++) {
    const flat = data.subarray(i * size, (i + 1) * size);
    if (shape.length === 1) examples.push(flat);
    else {
      const steps = shape[0];
      const width = size / steps;
      examples.push(Array.from({ length: steps }, (_, t) => flat.subarray(t * width, (t + 1) * width)));
    }
  }
  return {
    examples,
    labels: header.labels,
    ids: header.ids,
    groups: header.groups,
    labelSet: [...new Set(header.labels)].sort(),
    source: path,
    recipe: { ...header.recipe, ...(header.pieces ? { pieceSeconds: header.pieces.seconds } : {}) },
    input: shape.length === 1 ? 'vector' : 'sequence',
    featureNames: header.names,
  };
}

/** Throws ParameterError when `kind` cannot take `data`'s examples. */
export function checkInput(kind: ModelKind, data: LabelledData): void {
  if (kind.input !== data.input && !(kind.flattensSequences && data.input === 'sequence')) {
    throw new ParameterError('data', `model '${kind.name}' takes ${kind.input} examples but '${data.source}' holds ${data.input}s` + (kind.input === 'sequence' ? ' (export a sequence recipe from the feature store to a .gkt tensor file)' : ''));
  }
}

/**
 * Checks that `data` holds the features a saved model reads (its input contract): the same recipe
 * id and, when `data` names its columns, the same columns (ParameterError otherwise). Returns
 * warnings for differences that still allow scoring (e.g. another piece length).
 */
export function checkCompatible(input: ModelInput, data: LabelledData): string[] {
  if (input.recipe.id !== data.recipe.id) {
    throw new ParameterError('data', `'${data.source}' holds '${data.recipe.id}' features but the model was trained on '${input.recipe.id}'`);
  }
  if (input.columns && data.featureNames && input.columns.join(',') !== data.featureNames.join(',')) {
    throw new ParameterError('data', `the feature columns of '${data.source}' differ from the ${input.columns.length} the model was trained on`);
  }
  const warnings: string[] = [];
  if (data.recipe.pieceSeconds !== undefined && input.pieceSeconds !== data.recipe.pieceSeconds) {
    warnings.push(`the model was trained on ${input.pieceSeconds} s pieces, '${data.source}' holds ${data.recipe.pieceSeconds} s pieces`);
  }
  return warnings;
}

/** The split named by `spec` for `data`. */
export interface SplitSpecOptions {
  /** Seed of the seeded protocols. Default 0. */
  seed: number;
}

/** The split specs `resolveSplit` takes, in words (for help texts and errors). */
export const SPLIT_SPECS = 'mod10, fault-filtered, kfold[K], rkfold<K>x<R>, holdout, song:<train>/<valid>/<test>, random:<train>/<valid>/<test> or a split .json file';

/**
 * Resolves a split: `mod10` (or `modK`: clip number mod K), `fault-filtered`, `kfold` / `kfoldK`
 * (stratified, song-grouped), `rkfold10x10` (K folds repeated R times, stratified, song-grouped),
 * `holdout` (80/10/10 song-grouped), `song:70/10/20` (song-grouped, stratified hold-out with those
 * percentages), `random:70/10/20` (the published leaky protocol: examples, pieces included, dealt
 * at random with no grouping or stratification), or a split JSON file. Clip-level splits are
 * carried to pieces of those clips.
 */
export function resolveSplit(spec: string, data: LabelledData, options: Partial<SplitSpecOptions> = {}): Split {
  const seed = options.seed ?? splitDefaults.seed;
  const items = data.ids.map((id, i) => ({ id, label: data.labels[i], group: data.groups[i] }));
  const p = parseSplitSpec(spec);
  switch (p.kind) {
    case 'mod':
      return modFolds(data.ids, p.k);
    case 'fault-filtered':
      return expandSplit(faultFilteredSplit(), items);
    case 'kfold':
      return kFoldSplit(items, { seed, k: p.k });
    case 'rkfold':
      return repeatedKFoldSplit(items, { seed, k: p.k, repeats: p.repeats });
    case 'holdout':
      return holdoutSplit(items, { seed });
    case 'fractions':
      return holdoutSplit(items, { seed, grouped: p.grouped, stratified: p.grouped, fractions: p.fractions });
    case 'file':
      return expandSplit(loadSplit(spec), items);
  }
}

/** A split spec read (see `resolveSplit`), before any data. */
type ParsedSplitSpec =
  | { kind: 'mod' | 'kfold'; k: number }
  | { kind: 'rkfold'; k: number; repeats: number }
  | { kind: 'fault-filtered' | 'holdout' | 'file' }
  | { kind: 'fractions'; grouped: boolean; fractions: { train: number; valid: number; test: number } };

function parseSplitSpec(spec: string): ParsedSplitSpec {
  let m: RegExpExecArray | null;
  if ((m = /^mod(\d+)$/.exec(spec))) return { kind: 'mod', k: Number(m[1]) };
  if (spec === 'fault-filtered' || spec === 'holdout') return { kind: spec };
  if ((m = /^kfold(\d*)$/.exec(spec))) return { kind: 'kfold', k: m[1] ? Number(m[1]) : splitDefaults.k };
  if ((m = /^rkfold(\d+)x(\d+)$/.exec(spec))) return { kind: 'rkfold', k: Number(m[1]), repeats: Number(m[2]) };
  if ((m = /^(song|random):(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(spec))) {
    const [train, valid, test] = [m[2], m[3], m[4]].map(Number);
    const sum = train + valid + test;
    if (Math.abs(sum - 100) > 1e-9) throw new ParameterError('split', `'${spec}': the percentages sum to ${sum}, not 100`);
    return { kind: 'fractions', grouped: m[1] === 'song', fractions: { train: train / 100, valid: valid / 100, test: test / 100 } };
  }
  if (/\.json$/i.test(spec)) return { kind: 'file' };
  throw new ParameterError('split', `'${spec}': expected ${SPLIT_SPECS}`);
}

/** How many folds `spec` deals, known without the data (see `resolveSplit`); null for a split file. Throws ParameterError for an unknown spec. */
export function foldCountOf(spec: string): number | null {
  const p = parseSplitSpec(spec);
  if (p.kind === 'mod' || p.kind === 'kfold') return p.k;
  if (p.kind === 'rkfold') return p.k * p.repeats;
  return p.kind === 'file' ? null : 1;
}

/**
 * Index folds of `split` over `data`. Classical kinds train on train + valid (no early stopping
 * to feed); other kinds get the valid set separately as `Fold.valid`.
 */
export function foldsOf(split: Split, data: LabelledData, mergeValid: boolean): Fold[] {
  const index = new Map(data.ids.map((id, i) => [id, i]));
  const at = (ids: string[], fold: string, set: string) =>
    ids.map((id) => {
      const i = index.get(id);
      if (i === undefined) throw new ParameterError('split', `fold '${fold}' ${set} lists '${id}', which is not in '${data.source}'`);
      return i;
    });
  return split.folds.map((f) => {
    const train = at(f.train, f.name, 'train');
    const valid = at(f.valid, f.name, 'valid');
    return { name: f.name, train: mergeValid ? [...train, ...valid] : train, valid: mergeValid ? [] : valid, test: at(f.test, f.name, 'test') };
  });
}

/** One line naming a split protocol and what it ran on, for reports. */
export function protocolOf(split: Split, data: LabelledData, mergeValid: boolean): string {
  const merged = mergeValid && split.folds.some((f) => f.valid.length) ? ' (train + valid to train)' : '';
  const used = new Set(split.folds.flatMap((f) => [...f.train, ...f.valid, ...f.test])).size;
  const of = used < data.examples.length ? `${used} of the ${data.examples.length}` : `${data.examples.length}`;
  return `${describeSplit(split)}${merged}; ${of} examples of ${data.source}`;
}

/** Options of {@link loadDatasetFeatures}. */
export interface DatasetFeaturesOptions {
  /** Feature recipe id (`melspec`, `featureSequence`, ...). Required. */
  recipe: string;
  /** Recipe parameters; missing ones take the recipe's defaults. Default {}. */
  params?: Record<string, unknown>;
  /** Cut each file into pieces of this many seconds; null for whole files. Default null. */
  pieceSeconds?: number | null;
  /** Feature store folder. Default `datasetFeaturesDefaults.store` (a per-user cache). */
  store?: string;
  /** Worker threads for extraction. Default: one per core. */
  jobs?: number;
  /** Called once per file as extraction finishes it (for progress). */
  onFile?: ExtractOptions['onFile'];
}

/** Defaults of {@link DatasetFeaturesOptions}. */
export const datasetFeaturesDefaults = {
  params: {} as Record<string, unknown>,
  pieceSeconds: null as number | null,
  /** `$XDG_CACHE_HOME/genrekit/features`, else `~/.cache/genrekit/features`. */
  get store(): string {
    return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'genrekit', 'features');
  },
};

/**
 * Labelled examples computed from an audio dataset (a GTZAN folder, a folder-per-label tree or a
 * manifest CSV, see `openDataset`): each file's features are extracted once into the feature
 * store (re-runs read them back) and every file or piece becomes an example of the recipe's
 * shape. A `length` column (samples of the piece: metadata, not a feature) is left out, as for
 * the GTZAN table. Files that cannot be used are returned in `skipped`; all examples must share
 * one shape (ParameterError naming the first that differs: use pieces for variable lengths).
 */
export async function loadDatasetFeatures(dataset: string, options: DatasetFeaturesOptions): Promise<LabelledData & { skipped: SkippedFile[] }> {
  const summary = await extractFeatures(openDataset(dataset), {
    recipe: options.recipe,
    params: options.params ?? datasetFeaturesDefaults.params,
    pieceSeconds: options.pieceSeconds ?? datasetFeaturesDefaults.pieceSeconds,
    store: options.store ?? datasetFeaturesDefaults.store,
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.onFile ? { onFile: options.onFile } : {}),
  });
  const rows = featureRows(summary);
  if (rows.length === 0) throw new ParameterError('data', `'${dataset}': no file gave features (${summary.skipped.length} skipped)`);
  const shape = rows[0].shape;
  const names = rows[0].names;
  const drop = shape.length === 1 && names?.[0] === 'length' ? 1 : 0;
  const examples = rows.map((r): Example => {
    if (r.shape.length !== shape.length || r.shape.some((d, j) => d !== shape[j])) {
      throw new ParameterError('data', `${r.path} (example ${r.id}) has shape ${JSON.stringify(r.shape)}, the first ${JSON.stringify(shape)}; cut files into pieces to get equal shapes`);
    }
    if (shape.length === 1) return r.values.subarray(drop);
    const width = r.values.length / shape[0];
    return Array.from({ length: shape[0] }, (_, t) => r.values.subarray(t * width, (t + 1) * width));
  });
  return {
    examples,
    labels: rows.map((r) => r.label),
    ids: rows.map((r) => r.id),
    groups: rows.map((r) => r.group),
    labelSet: [...new Set(rows.map((r) => r.label))].sort(),
    source: dataset,
    // Whole files of a summary recipe: their typical length, as the GTZAN table's rows.
    recipe: { ...summary.recipe, pieceSeconds: summary.pieces ? summary.pieces.seconds : Math.max(0.1, typicalSeconds(rows.map((r) => r.endSeconds - r.startSeconds))) },
    input: shape.length === 1 ? 'vector' : 'sequence',
    ...(names ? { featureNames: names.slice(drop) } : {}),
    skipped: summary.skipped,
  };
}
