/**
 * Seeded, JSON-serialisable train / validation / test splits.
 *
 * Every protocol returns a {@link Split}: a list of folds, each with `train`, `valid` and `test`
 * id lists (a hold-out split is one fold). A split records its protocol, seed and parameters so a
 * run can be repeated, and is saved with {@link saveSplit} / read back with {@link loadSplit}.
 *
 * Grouping is the default: items sharing a `group` (the song id; the 3 s piece `blues.00012.3`
 * belongs to `blues.00012`) always land in the same set, so pieces of one song never straddle
 * train and test. Pass `grouped: false` for the piece-level splits of the original reports (they
 * leak songs across sets and inflate accuracy).
 */
import { readFileSync } from 'node:fs';
import { DataFormatError, ParameterError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { faultFilteredTest, faultFilteredTrain, faultFilteredValid } from './fault-filtered-lists.js';
import { parseGtzanName } from './gtzan-names.js';
import { seededRandom, shuffled } from '../random.js';

/** One example to split: its id, its label (stratum) and its group (song id; equal to `id` for whole clips). */
export interface SplitItem {
  id: string;
  label: string;
  group: string;
}

/** One fold: disjoint id lists. `valid` is empty when the protocol has no validation set. */
export interface SplitFold {
  /** `holdout`, `fold1`..`foldK`, `r1f1`..`rRfK` (repeat, fold), or `fault-filtered`. */
  name: string;
  train: string[];
  valid: string[];
  test: string[];
}

/** The protocols this module implements. */
export type SplitProtocol = 'holdout' | 'kfold' | 'repeated-kfold' | 'mod-folds' | 'fault-filtered';

/** A complete split, JSON-serialisable as is. */
export interface Split {
  format: 'genrekit-split';
  version: 1;
  protocol: SplitProtocol;
  /** The seed that produced it; null for deterministic protocols (mod-folds, fault-filtered). */
  seed: number | null;
  /** True when groups (songs) never straddle sets. */
  grouped: boolean;
  /** True when each label keeps its proportion in every set. */
  stratified: boolean;
  /** Protocol parameters (fractions, k, repeats). */
  params: Record<string, number>;
  folds: SplitFold[];
}

/** Fractions of the groups in each set of a hold-out split; they must sum to 1. */
export interface HoldoutFractions {
  train: number;
  valid: number;
  test: number;
}

/** Options shared by the seeded protocols. */
export interface SplitOptions {
  /** 32-bit integer seed of the shuffle. Default 0. */
  seed?: number;
  /** Keep every group (song) within one set. Default true. */
  grouped?: boolean;
  /** Keep each label's proportion in every set (stratified by the label of each group). Default true. */
  stratified?: boolean;
}

/** Options of {@link holdoutSplit}. */
export interface HoldoutOptions extends SplitOptions {
  /** Fractions of groups per set, each in [0, 1], summing to 1; train and test > 0. Default 0.8 / 0.1 / 0.1. */
  fractions?: HoldoutFractions;
}

/** Options of {@link kFoldSplit}. */
export interface KFoldOptions extends SplitOptions {
  /** Number of folds, an integer >= 2 and <= the number of groups. Default 10. */
  k?: number;
}

/** Options of {@link repeatedKFoldSplit}. */
export interface RepeatedKFoldOptions extends KFoldOptions {
  /** Number of repetitions, each with its own shuffle, integer >= 1. Default 10 (the 10 x 10 of S4). */
  repeats?: number;
}

/** The defaults of every split option (the CLI help reads them from here). */
export const splitDefaults = {
  seed: 0,
  grouped: true,
  stratified: true,
  fractions: { train: 0.8, valid: 0.1, test: 0.1 } as HoldoutFractions,
  k: 10,
  repeats: 10,
} as const;

/** Items of one group, with the group's label. */
interface Unit {
  key: string;
  label: string;
  ids: string[];
}

/** Collects items into units (groups, or single items when not grouped) ordered by key. */
function unitsOf(items: readonly SplitItem[], grouped: boolean): Unit[] {
  const byKey = new Map<string, Unit>();
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.id)) throw new ParameterError('items', `duplicate id '${it.id}'`);
    seen.add(it.id);
    const key = grouped ? it.group : it.id;
    const u = byKey.get(key);
    if (!u) byKey.set(key, { key, label: it.label, ids: [it.id] });
    else if (u.label !== it.label) {
      throw new ParameterError('items', `group '${key}' mixes labels '${u.label}' and '${it.label}'`);
    } else u.ids.push(it.id);
  }
  // Sorted so that the result depends on the seed only, not on the order items came in.
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Units shuffled within each stratum (label, or one stratum when not stratified), strata in label order. */
function strata(units: Unit[], stratified: boolean, random: () => number): Unit[][] {
  const byLabel = new Map<string, Unit[]>();
  for (const u of units) {
    const s = stratified ? u.label : '';
    const list = byLabel.get(s);
    if (list) list.push(u);
    else byLabel.set(s, [u]);
  }
  return [...byLabel.keys()].sort().map((label) => shuffled(byLabel.get(label)!, random));
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ParameterError('seed', `must be an integer in [0, 2^32), got ${seed}`);
  }
}

function idsOf(units: Unit[]): string[] {
  return units.flatMap((u) => u.ids);
}

/**
 * Stratified hold-out: each label's groups are shuffled and cut by `fractions` (counts rounded by
 * largest remainder per label), so a label with 100 songs gives exactly 80 / 10 / 10; every set
 * with a nonzero fraction gets at least one group of a label that has enough (5 songs: 3 / 1 / 1).
 * Returns one fold named `holdout`.
 */
export function holdoutSplit(items: readonly SplitItem[], options: HoldoutOptions = {}): Split {
  const seed = options.seed ?? splitDefaults.seed;
  const grouped = options.grouped ?? splitDefaults.grouped;
  const stratified = options.stratified ?? splitDefaults.stratified;
  const fr = options.fractions ?? splitDefaults.fractions;
  checkSeed(seed);
  const names = ['train', 'valid', 'test'] as const;
  for (const n of names) {
    if (!(fr[n] >= 0 && fr[n] <= 1)) throw new ParameterError(`fractions.${n}`, `must be in [0, 1], got ${fr[n]}`);
  }
  if (Math.abs(fr.train + fr.valid + fr.test - 1) > 1e-9) {
    throw new ParameterError('fractions', `must sum to 1, got ${fr.train + fr.valid + fr.test}`);
  }
  if (fr.train === 0 || fr.test === 0) throw new ParameterError('fractions', 'train and test must be > 0');
  const random = seededRandom(seed);
  const fold: SplitFold = { name: 'holdout', train: [], valid: [], test: [] };
  for (const stratum of strata(unitsOf(items, grouped), stratified, random)) {
    const n = stratum.length;
    const exact = names.map((s) => fr[s] * n);
    const counts = exact.map(Math.floor);
    // Largest remainder; ties go to the larger fraction, then train before valid before test.
    const order = [0, 1, 2].sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || fr[names[b]] - fr[names[a]] || a - b);
    for (let r = n - counts[0] - counts[1] - counts[2], i = 0; r > 0; r--, i++) counts[order[i % 3]]++;
    // A set with a nonzero fraction gets at least one group of the label when there are enough
    // (5 songs at 0.8 / 0.1 / 0.1 give 3 / 1 / 1, not 4 / 1 / 0 and an empty test set).
    const wanted = names.filter((s) => fr[s] > 0).length;
    names.forEach((name, i) => {
      if (fr[name] > 0 && counts[i] === 0 && n >= wanted) {
        const from = counts.indexOf(Math.max(...counts));
        counts[from]--;
        counts[i]++;
      }
    });
    let at = 0;
    names.forEach((s, i) => {
      fold[s].push(...idsOf(stratum.slice(at, at + counts[i])));
      at += counts[i];
    });
  }
  return {
    format: 'genrekit-split',
    version: 1,
    protocol: 'holdout',
    seed,
    grouped,
    stratified,
    params: { train: fr.train, valid: fr.valid, test: fr.test },
    folds: [fold],
  };
}

/** Assigns shuffled units to k folds round-robin, continuing across strata so fold sizes stay balanced. */
function assignFolds(items: readonly SplitItem[], k: number, grouped: boolean, stratified: boolean, seed: number, prefix: string): SplitFold[] {
  const units = unitsOf(items, grouped);
  if (!Number.isInteger(k) || k < 2) throw new ParameterError('k', `must be an integer >= 2, got ${k}`);
  if (k > units.length) throw new ParameterError('k', `${k} folds but only ${units.length} ${grouped ? 'groups' : 'items'}`);
  const order = strata(units, stratified, seededRandom(seed)).flat();
  const testOf: Unit[][] = Array.from({ length: k }, () => []);
  order.forEach((u, i) => testOf[i % k].push(u));
  return testOf.map((test, f) => ({
    name: `${prefix}${f + 1}`,
    train: idsOf(testOf.filter((_, g) => g !== f).flat()),
    valid: [],
    test: idsOf(test),
  }));
}

/** Stratified k-fold: every group is in the test set of exactly one of the k folds. */
export function kFoldSplit(items: readonly SplitItem[], options: KFoldOptions = {}): Split {
  const seed = options.seed ?? splitDefaults.seed;
  const grouped = options.grouped ?? splitDefaults.grouped;
  const stratified = options.stratified ?? splitDefaults.stratified;
  const k = options.k ?? splitDefaults.k;
  checkSeed(seed);
  return {
    format: 'genrekit-split',
    version: 1,
    protocol: 'kfold',
    seed,
    grouped,
    stratified,
    params: { k },
    folds: assignFolds(items, k, grouped, stratified, seed, 'fold'),
  };
}

/** Seed of repetition `r`: distinct shuffles that follow from the one recorded seed. */
function repeatSeed(seed: number, r: number): number {
  return (seed + Math.imul(r, 0x9e3779b9)) >>> 0;
}

/**
 * Repeated stratified k-fold (S4: 10 repetitions of 10-fold): `repeats` x `k` folds named
 * `r<rep>f<fold>`, each repetition with its own shuffle.
 */
export function repeatedKFoldSplit(items: readonly SplitItem[], options: RepeatedKFoldOptions = {}): Split {
  const seed = options.seed ?? splitDefaults.seed;
  const grouped = options.grouped ?? splitDefaults.grouped;
  const stratified = options.stratified ?? splitDefaults.stratified;
  const k = options.k ?? splitDefaults.k;
  const repeats = options.repeats ?? splitDefaults.repeats;
  checkSeed(seed);
  if (!Number.isInteger(repeats) || repeats < 1) throw new ParameterError('repeats', `must be an integer >= 1, got ${repeats}`);
  const folds: SplitFold[] = [];
  for (let r = 0; r < repeats; r++) folds.push(...assignFolds(items, k, grouped, stratified, repeatSeed(seed, r), `r${r + 1}f`));
  return { format: 'genrekit-split', version: 1, protocol: 'repeated-kfold', seed, grouped, stratified, params: { k, repeats }, folds };
}

/**
 * The reference protocol of the scikit-learn numbers: fold f (1-based name `fold<f+1>`) tests the
 * clips whose number mod k is f (`blues.00012` -> 12 mod 10 = fold index 2). Ids are GTZAN clip or
 * piece names (with or without `.wav`), returned as given; pieces follow their clip.
 */
export function modFolds(ids: readonly string[], k = 10): Split {
  if (!Number.isInteger(k) || k < 2) throw new ParameterError('k', `must be an integer >= 2, got ${k}`);
  const testOf: string[][] = Array.from({ length: k }, () => []);
  for (const id of ids) {
    const name = parseGtzanName(id);
    if (!name) throw new ParameterError('ids', `'${id}' is not a GTZAN name (genre.NNNNN[.S])`);
    testOf[name.clip % k].push(id);
  }
  const folds = testOf.map((test, f) => ({
    name: `fold${f + 1}`,
    train: testOf.filter((_, g) => g !== f).flat(),
    valid: [],
    test,
  }));
  return { format: 'genrekit-split', version: 1, protocol: 'mod-folds', seed: null, grouped: true, stratified: false, params: { k }, folds };
}

/**
 * The GTZAN fault-filtered split (443 / 197 / 290 clip ids, no artist across sets), one fold named
 * `fault-filtered`. Use {@link expandSplit} to carry it to pieces.
 */
export function faultFilteredSplit(): Split {
  return {
    format: 'genrekit-split',
    version: 1,
    protocol: 'fault-filtered',
    seed: null,
    grouped: true,
    stratified: false,
    params: {},
    folds: [{ name: 'fault-filtered', train: [...faultFilteredTrain], valid: [...faultFilteredValid], test: [...faultFilteredTest] }],
  };
}

/**
 * Carries a split over songs to their pieces: each set lists the ids of `items` whose group (or id)
 * it names, in `items` order. Items named by no set are left out.
 */
export function expandSplit(split: Split, items: readonly SplitItem[]): Split {
  const expand = (ids: string[]): string[] => {
    const named = new Set(ids);
    return items.filter((it) => named.has(it.group) || named.has(it.id)).map((it) => it.id);
  };
  return {
    ...split,
    folds: split.folds.map((f) => ({ name: f.name, train: expand(f.train), valid: expand(f.valid), test: expand(f.test) })),
  };
}

/** A group found in more than one set of a fold. */
export interface GroupLeak {
  fold: string;
  group: string;
  sets: Array<'train' | 'valid' | 'test'>;
}

/** Groups of `items` that appear in two or more sets of any fold of `split` (empty when the split is song-clean). */
export function groupLeaks(split: Split, items: readonly SplitItem[]): GroupLeak[] {
  const groupOf = new Map(items.map((it) => [it.id, it.group]));
  const leaks: GroupLeak[] = [];
  for (const fold of split.folds) {
    const setsOf = new Map<string, Set<'train' | 'valid' | 'test'>>();
    for (const s of ['train', 'valid', 'test'] as const) {
      for (const id of fold[s]) {
        const g = groupOf.get(id) ?? id;
        const sets = setsOf.get(g) ?? new Set();
        sets.add(s);
        setsOf.set(g, sets);
      }
    }
    for (const [group, sets] of setsOf) if (sets.size > 1) leaks.push({ fold: fold.name, group, sets: [...sets] });
  }
  return leaks;
}

/** One line naming the protocol for reports, e.g. `10 x 10-fold, stratified, song-grouped, seed 0`. */
export function describeSplit(split: Split): string {
  const p = split.params;
  const what = {
    holdout: `hold-out ${p.train}/${p.valid}/${p.test}`,
    kfold: `${p.k}-fold`,
    'repeated-kfold': `${p.repeats} x ${p.k}-fold`,
    'mod-folds': `${p.k} folds by clip number mod ${p.k}`,
    'fault-filtered': 'GTZAN fault-filtered train/valid/test',
  }[split.protocol];
  const parts = [what];
  if (split.stratified) parts.push('stratified');
  parts.push(split.grouped ? 'song-grouped' : 'piece-level (songs may straddle sets)');
  if (split.seed !== null) parts.push(`seed ${split.seed}`);
  return parts.join(', ');
}

/** Saves a split as JSON (atomic: temp file + rename). */
export function saveSplit(path: string, split: Split): void {
  writeFileAtomic(path, `${JSON.stringify(split, null, 1)}\n`);
}

const protocols: readonly SplitProtocol[] = ['holdout', 'kfold', 'repeated-kfold', 'mod-folds', 'fault-filtered'];

/** Reads a split saved by {@link saveSplit}; throws DataFormatError naming the file and the fault. */
export function loadSplit(path: string): Split {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new DataFormatError(path, `cannot read split JSON: ${(err as Error).message}`);
  }
  const s = raw as Partial<Split>;
  const bad = (reason: string): never => {
    throw new DataFormatError(path, reason);
  };
  if (typeof s !== 'object' || s === null || s.format !== 'genrekit-split') bad("not a genrekit split (format != 'genrekit-split')");
  if (s.version !== 1) bad(`unsupported split version ${String(s.version)}`);
  if (!protocols.includes(s.protocol as SplitProtocol)) bad(`unknown protocol '${String(s.protocol)}'`);
  if (!(s.seed === null || Number.isInteger(s.seed))) bad('seed must be an integer or null');
  if (typeof s.grouped !== 'boolean' || typeof s.stratified !== 'boolean') bad('grouped and stratified must be booleans');
  if (typeof s.params !== 'object' || s.params === null) bad('params must be an object');
  if (!Array.isArray(s.folds) || s.folds.length === 0) bad('folds must be a non-empty array');
  s.folds!.forEach((f, i) => {
    if (typeof f?.name !== 'string') bad(`fold ${i}: name must be a string`);
    const seen = new Set<string>();
    for (const set of ['train', 'valid', 'test'] as const) {
      if (!Array.isArray(f[set]) || f[set].some((id) => typeof id !== 'string')) bad(`fold '${f.name}': ${set} must be a list of ids`);
      for (const id of f[set]) {
        if (seen.has(id)) bad(`fold '${f.name}': id '${id}' is in two sets`);
        seen.add(id);
      }
    }
  });
  return s as Split;
}
