/**
 * Parallel extraction of a dataset into the feature store, and export of what it holds as rows,
 * a training tensor file or the GTZAN feature CSV.
 *
 * Each file is one task for a worker thread (default: one per core). A file that cannot be
 * decoded fails alone: it is listed with its reason in the summary and the batch goes on.
 */
import { availableParallelism } from 'node:os';
import { ParameterError } from '../errors.js';
import { probeAudio } from '../audio/probe.js';
import { lengthDependent } from '../features/recipe.js';
import { getRecipe } from '../features/registry.js';
import { WorkerPool } from '../parallel/pool.js';
import { packageVersion } from '../version.js';
import type { Dataset, DatasetItem, SkippedFile } from './datasets.js';
import { entrySegment, FeatureStore, type PieceSetting } from './feature-store.js';
import type { ExtractJob, ExtractJobResult } from './extract-job.js';
import { featureTableColumns, writeFeatureTable, type FeatureTableRow } from './feature-table.js';
import { gtzanPieceId } from './gtzan-names.js';
import { writeTensorFileFrom, type TensorHeader } from './tensor-file.js';

/** Options of {@link extractFeatures}. */
export interface ExtractOptions {
  /** Recipe id (`gtzan58`, `melspec`, ...). Required. */
  recipe: string;
  /** Recipe parameters; missing ones take the recipe's defaults. Default {}. */
  params?: Record<string, unknown>;
  /** Store folder (created when missing). Required. */
  store: string;
  /**
   * Piece length in seconds (pieces cut by the segmenter's `drop` rule: whole pieces only, a piece
   * short by under 1 % padded); null for whole files. A recipe whose output shape depends on the
   * length (every frame-based one) cannot take whole files of unequal lengths, so with null it
   * gets whole clips of one length instead: pieces of the dataset's clip length, the median
   * duration of its files rounded down to 0.1 s (GTZAN's 30.013 s clips -> 30 s, a 29.996 s
   * clip padded). Default null.
   */
  pieceSeconds?: number | null;
  /** Overlap of consecutive pieces in seconds, in [0, pieceSeconds). Default 0. */
  overlapSeconds?: number;
  /** Worker threads, integer >= 1. Default: one per core. */
  jobs?: number;
  /** Called once per finished file, in completion order. */
  onFile?: (outcome: FileOutcome, done: number, total: number) => void;
}

/** The defaults of {@link ExtractOptions}. */
export const extractDefaults = {
  params: {} as Record<string, unknown>,
  pieceSeconds: null as number | null,
  overlapSeconds: 0,
  get jobs(): number {
    return availableParallelism();
  },
};

/** The outcome of one dataset file. */
export type FileOutcome = { item: DatasetItem; ok: true; result: ExtractJobResult } | { item: DatasetItem; ok: false; reason: string };

/** What an extraction did. */
export interface ExtractSummary {
  store: string;
  recipe: { id: string; params: Record<string, unknown> };
  pieces: PieceSetting;
  /** Every dataset item's outcome, in dataset order. */
  files: FileOutcome[];
  computed: number;
  cached: number;
  /** Files not extracted with the reason: skipped by the dataset reader, failed to decode, or shorter than one piece. */
  skipped: SkippedFile[];
  /** Files extracted from the audio present although they were cut short, with how (`truncatedBecause`). */
  truncated: SkippedFile[];
  /** Seconds of audio in the extracted files. */
  audioSeconds: number;
  /** Wall-clock seconds of the run. */
  seconds: number;
}

/** Extracts every file of `dataset` into the store; files with a valid entry are not recomputed. */
export async function extractFeatures(dataset: Dataset, options: ExtractOptions): Promise<ExtractSummary> {
  const t0 = performance.now();
  const recipe = getRecipe(options.recipe, options.params ?? extractDefaults.params);
  const pieceSeconds = options.pieceSeconds ?? extractDefaults.pieceSeconds;
  const overlap = options.overlapSeconds ?? extractDefaults.overlapSeconds;
  if (pieceSeconds !== null && !(pieceSeconds > 0)) throw new ParameterError('pieceSeconds', `must be > 0 s, got ${pieceSeconds}`);
  if (pieceSeconds === null && overlap !== 0) throw new ParameterError('overlapSeconds', 'needs pieceSeconds');
  if (pieceSeconds !== null && !(overlap >= 0 && overlap < pieceSeconds)) throw new ParameterError('overlapSeconds', `must be in [0, ${pieceSeconds}), got ${overlap}`);
  const clipSeconds = pieceSeconds === null && lengthDependent(recipe) ? await clipLength(dataset) : null;
  const pieces: PieceSetting = clipSeconds !== null ? { seconds: clipSeconds, overlap: 0, tail: 'drop' } : pieceSeconds === null ? null : { seconds: pieceSeconds, overlap, tail: 'drop' };
  const requested = options.jobs ?? extractDefaults.jobs;
  if (!Number.isInteger(requested) || requested < 1) throw new ParameterError('jobs', `must be an integer >= 1, got ${requested}`);
  const store = new FeatureStore(options.store);
  store.cleanTemp();
  const jobs = Math.min(requested, Math.max(1, dataset.items.length));
  const spec = { id: recipe.id, params: { ...recipe.params } as Record<string, unknown> };
  const files: FileOutcome[] = new Array(dataset.items.length);
  const pool = new WorkerPool<ExtractJob, ExtractJobResult>(new URL('./extract-worker.js', import.meta.url), { workers: jobs });
  let done = 0;
  try {
    await Promise.all(
      dataset.items.map(async (item, i) => {
        const r = await pool.run({ path: item.path, storeDir: store.dir, recipe: spec, pieces });
        const outcome: FileOutcome = r.ok ? { item, ok: true, result: r.value } : { item, ok: false, reason: r.error.message };
        files[i] = outcome;
        options.onFile?.(outcome, ++done, dataset.items.length);
      }),
    );
  } finally {
    await pool.close();
  }
  const skipped = [...dataset.skipped];
  let computed = 0;
  let cachedCount = 0;
  let audioSeconds = 0;
  const truncated: SkippedFile[] = [];
  for (const f of files) {
    if (!f.ok) {
      skipped.push({ path: f.item.path, reason: f.reason });
      continue;
    }
    if (f.result.status === 'computed') computed++;
    else cachedCount++;
    audioSeconds += f.result.seconds;
    if (f.result.truncated) truncated.push({ path: f.item.path, reason: `truncated (${f.result.truncatedBecause}): the audio present was used` });
    if (f.result.pieces === 0) skipped.push({ path: f.item.path, reason: `shorter than one ${pieces?.seconds} s piece (${f.result.seconds.toFixed(2)} s)` });
  }
  return { store: store.dir, recipe: spec, pieces, files, computed, cached: cachedCount, skipped, truncated, audioSeconds, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The clip length of a dataset in seconds: the median duration of its files (read from their
 * headers), rounded down to 0.1 s. Files that cannot be probed are left out (extraction reports
 * them); ParameterError when none can.
 */
export async function clipLength(dataset: Dataset): Promise<number> {
  const seconds: number[] = [];
  for (const item of dataset.items) {
    try {
      seconds.push((await probeAudio(item.path)).durationSeconds);
    } catch {
      // reported by the extraction itself
    }
  }
  if (seconds.length === 0) throw new ParameterError('dataset', 'no file could be read to find the clip length; give a piece length');
  const clip = typicalSeconds(seconds);
  if (!(clip > 0)) throw new ParameterError('dataset', 'the median file lasts under 0.1 s; give a piece length');
  return clip;
}

/** The typical length of clips: the median of `seconds` (not empty), rounded down to 0.1 s. */
export function typicalSeconds(seconds: readonly number[]): number {
  const sorted = [...seconds].sort((a, b) => a - b);
  return Math.floor(sorted[sorted.length >> 1] * 10 + 1e-9) / 10;
}

/** One example from the store: a whole file or one piece of it. */
export interface FeatureRow {
  /** Example id: the item id for whole files, `<item id>.<piece>` for pieces. */
  id: string;
  /** The item's id (song). */
  songId: string;
  group: string;
  label: string;
  path: string;
  /** Piece index (0 for a whole file). */
  piece: number;
  /** Samples in the piece at the recipe's sample rate, and its time range in seconds. */
  length: number;
  startSeconds: number;
  endSeconds: number;
  values: Float32Array;
  shape: number[];
  names?: string[];
}

/** Every example of the extracted files of `summary`, in dataset order (pieces in time order). */
export function featureRows(summary: ExtractSummary): FeatureRow[] {
  const store = new FeatureStore(summary.store);
  const rows: FeatureRow[] = [];
  for (const f of summary.files) {
    if (!f.ok) continue;
    const entry = store.read(f.result.key);
    if (!entry) throw new ParameterError('summary', `store ${summary.store} has no entry ${f.result.key} for ${f.item.path}`);
    const sr = entry.header.sampleRate;
    entry.header.segments.forEach((s, i) => {
      const m = entrySegment(entry, i);
      rows.push({
        id: summary.pieces ? gtzanPieceId(f.item.id, s.index) : f.item.id,
        songId: f.item.id,
        group: f.item.group,
        label: f.item.label,
        path: f.item.path,
        piece: s.index,
        length: s.end - s.start,
        startSeconds: s.start / sr,
        endSeconds: s.end / sr,
        values: m.data,
        shape: m.shape,
        names: m.names,
      });
    });
  }
  return rows;
}

/**
 * Writes the extracted examples of `summary` as a training tensor file (see
 * src/data/tensor-file.ts), streaming one store entry at a time so the dataset need not fit in
 * memory. All examples must share one shape (use pieces for recipes whose shape depends on the
 * length); throws ParameterError naming the first that differs. Entries are verified as read.
 */
export function exportTensorFile(path: string, summary: ExtractSummary): TensorHeader {
  const store = new FeatureStore(summary.store);
  const done = summary.files.filter((f): f is Extract<FileOutcome, { ok: true }> => f.ok);
  let shape: number[] | undefined;
  let names: string[] | undefined;
  const ids: string[] = [];
  const labels: string[] = [];
  const groups: string[] = [];
  const ranges: Array<[number, number]> = [];
  for (const f of done) {
    const h = store.readHeader(f.result.key);
    if (!h) throw new ParameterError('summary', `store ${summary.store} has no entry ${f.result.key} for ${f.item.path}`);
    for (const s of h.segments) {
      shape ??= s.shape;
      names ??= h.names;
      if (s.shape.length !== shape.length || s.shape.some((d, j) => d !== shape![j])) {
        throw new ParameterError('shape', `${f.item.path} piece ${s.index} has shape ${JSON.stringify(s.shape)}, the first example ${JSON.stringify(shape)}; extract with --piece to get equal shapes`);
      }
      ids.push(summary.pieces ? gtzanPieceId(f.item.id, s.index) : f.item.id);
      labels.push(f.item.label);
      groups.push(f.item.group);
      ranges.push([s.start / h.sampleRate, s.end / h.sampleRate]);
    }
  }
  const header: TensorHeader = {
    format: 'genrekit-tensor',
    version: 1,
    dtype: 'float32',
    shape: [ids.length, ...(shape ?? [0])],
    ids,
    labels,
    groups,
    ranges,
    names,
    recipe: summary.recipe,
    pieces: summary.pieces,
    packageVersion,
  };
  writeTensorFileFrom(path, header, (write) => {
    for (const f of done) write(store.read(f.result.key)!.data);
  });
  return header;
}

/**
 * Writes rows as the GTZAN feature CSV (columns `filename, length, <57 statistics>, label` in the
 * published order; file names `<id>.wav`, pieces `genre.NNNNN.S.wav`). Values are taken by column
 * name when the recipe names them (gtzan58), else they must be the 57 statistics in table order.
 */
export function exportGtzanCsv(path: string, rows: readonly FeatureRow[]): void {
  const out: FeatureTableRow[] = rows.map((r) => {
    let features: ArrayLike<number> = r.values;
    if (r.names) {
      const names = r.names;
      features = featureTableColumns.map((c) => {
        const j = names.indexOf(c);
        if (j < 0) throw new ParameterError('recipe', `features of ${r.id} have no column '${c}' for the GTZAN CSV`);
        return r.values[j];
      });
    } else if (r.values.length !== featureTableColumns.length) {
      throw new ParameterError('recipe', `${r.id} has ${r.values.length} unnamed values; the GTZAN CSV needs the ${featureTableColumns.length} statistics (recipe gtzan58)`);
    }
    return { filename: `${r.id}.wav`, length: r.length, features, label: r.label };
  });
  writeFeatureTable(path, out);
}
