/**
 * Hyperparameter grid search that never looks at a test fold: for each outer fold, every
 * candidate is scored on validation data carved from that fold's training side only -- the fold's
 * own valid set when it has one, else an inner song-grouped, stratified k-fold over its training
 * examples -- the best candidate (highest mean validation accuracy, first in grid order on ties)
 * is refitted on train + valid and scored once on the test fold.
 */
import { ParameterError } from '../errors.js';
import { kFoldSplit } from '../data/splits.js';
import type { ModelKind } from '../models/registry.js';
import { type Fold, fitAndPredict, subset } from './cross-validation.js';
import type { LabelledData } from './labelled-data.js';
import { classificationMetrics, meanStd } from './metrics.js';

/** Argument name -> values to try. */
export type Grid = Record<string, unknown[]>;

export interface GridSearchOptions {
  /** Arguments shared by every candidate. Default {}. */
  baseArgs: Record<string, unknown>;
  /** Seed of the fits and of the inner folds. Default 0. */
  seed: number;
  /** Inner folds when an outer fold has no valid set. Default 5. */
  innerK: number;
  /** Called after each outer fold. */
  onFold?: (result: GridFoldResult) => void;
}

export const gridSearchDefaults: Readonly<GridSearchOptions> = Object.freeze({ baseArgs: {}, seed: 0, innerK: 5 });

export interface CandidateScore {
  args: Record<string, unknown>;
  /** Mean validation accuracy and its population std over validation folds. */
  mean: number;
  std: number;
}

export interface GridFoldResult {
  fold: string;
  /** 'valid set' or 'inner K-fold'. */
  validation: string;
  candidates: CandidateScore[];
  best: Record<string, unknown>;
  testAccuracy: number;
}

export interface GridSearchResult {
  model: string;
  grid: Grid;
  folds: GridFoldResult[];
  /** Mean and population std of the test accuracies of the outer folds. */
  mean: number;
  std: number;
}

/** Every combination of the grid's values, the last argument varying fastest. */
export function gridCandidates(grid: Grid): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) throw new ParameterError(name, 'grid needs at least one value');
    out = out.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  }
  return out;
}

/** Runs the search over outer `folds` (from `foldsOf(split, data, false)`: valid kept apart). */
export async function gridSearch(kind: ModelKind, data: LabelledData, folds: readonly Fold[], grid: Grid, options: Partial<GridSearchOptions> = {}): Promise<GridSearchResult> {
  const opts = { ...gridSearchDefaults, ...options };
  const candidates = gridCandidates(grid);
  const results: GridFoldResult[] = [];
  for (const outer of folds) {
    const valid = outer.valid ?? [];
    let inner: Array<{ train: number[]; test: number[] }>;
    let validation: string;
    if (valid.length) {
      inner = [{ train: outer.train, test: valid }];
      validation = 'valid set';
    } else {
      const items = outer.train.map((i) => ({ id: data.ids[i], label: data.labels[i], group: data.groups[i] }));
      const index = new Map(outer.train.map((i) => [data.ids[i], i]));
      const split = kFoldSplit(items, { k: opts.innerK, seed: opts.seed });
      inner = split.folds.map((f) => ({ train: f.train.map((id) => index.get(id) as number), test: f.test.map((id) => index.get(id) as number) }));
      validation = `inner ${opts.innerK}-fold (song-grouped, stratified, seed ${opts.seed})`;
    }
    const scores: CandidateScore[] = [];
    for (const cand of candidates) {
      const args = { ...opts.baseArgs, ...cand };
      const accs: number[] = [];
      for (const f of inner) {
        const test = subset(data, f.test);
        const { proba } = await fitAndPredict(kind, subset(data, f.train), test, { args, seed: opts.seed, labelSet: data.labelSet });
        accs.push(classificationMetrics(data.labelSet, test.labels, proba, { topK: [1] }).accuracy);
      }
      scores.push({ args, ...meanStd(accs) });
    }
    const best = scores.reduce((a, b) => (b.mean > a.mean ? b : a));
    const test = subset(data, outer.test);
    const merge = kind.family === 'classical';
    const { proba } = await fitAndPredict(kind, subset(data, merge ? [...outer.train, ...valid] : outer.train), test, {
      args: best.args,
      seed: opts.seed,
      labelSet: data.labelSet,
      valid: !merge && valid.length ? subset(data, valid) : undefined,
    });
    const result = { fold: outer.name, validation, candidates: scores, best: best.args, testAccuracy: classificationMetrics(data.labelSet, test.labels, proba, { topK: [1] }).accuracy };
    results.push(result);
    opts.onFold?.(result);
  }
  return { model: kind.name, grid, folds: results, ...meanStd(results.map((r) => r.testAccuracy)) };
}
