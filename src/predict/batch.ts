/**
 * Classify many files in worker threads (decode + features + model in each worker, the model
 * loaded once per worker). One bad file gives an error entry and the rest go on; a worker that
 * dies is replaced by the pool and only its file is marked failed. The largest files start
 * first, so a long track does not start last and keep one worker busy while the others idle.
 */
import { statSync } from 'node:fs';
import { ParameterError } from '../errors.js';
import { poolDefaults, WorkerPool } from '../parallel/pool.js';
import type { ClassifyOptions, ClassifyResult } from './classify.js';
import type { ClassifyJob } from './classify-worker.js';

/** Options of `classifyFiles`: those of `classify` (model as a folder path) plus the worker count. */
export interface ClassifyFilesOptions extends Omit<ClassifyOptions, 'model'> {
  /** Model folder; default the bundled model. */
  model?: string;
  /** Worker threads, an integer >= 1; default one per core, never more than there are files. */
  jobs?: number;
  /** Called after each file, in completion order. */
  onFile?: (verdict: FileVerdict, done: number, total: number) => void;
}

/** The outcome for one file: a result or an error, never both. */
export interface FileVerdict {
  file: string;
  result?: ClassifyResult;
  /** `name` is the error class (e.g. `AudioDecodeError`, `WorkerExit`); `code` the GenreKitError code when there is one. */
  error?: { name: string; message: string; code?: string };
}

const workerScript = new URL('./classify-worker.js', import.meta.url);

/** Classify `files` in `jobs` worker threads. Returns one verdict per file, in the order given. */
export async function classifyFiles(files: readonly string[], options: ClassifyFilesOptions = {}): Promise<FileVerdict[]> {
  const { jobs = poolDefaults.workers, onFile, ...classifyOptions } = options;
  if (!Number.isInteger(jobs) || jobs < 1) throw new ParameterError('jobs', `must be an integer >= 1, got ${jobs}`);
  if (files.length === 0) return [];
  const pool = new WorkerPool<ClassifyJob, ClassifyResult>(workerScript, { workers: Math.min(jobs, files.length) });
  let done = 0;
  const verdicts: FileVerdict[] = new Array(files.length);
  try {
    await Promise.all(
      largestFirst(files).map(async (i) => {
        const file = files[i];
        const r = await pool.run({ file, options: classifyOptions });
        const verdict: FileVerdict = r.ok ? { file, result: r.value } : { file, error: r.error };
        verdicts[i] = verdict;
        onFile?.(verdict, ++done, files.length);
      }),
    );
    return verdicts;
  } finally {
    await pool.close();
  }
}

/**
 * Indices of `files` by decreasing size in bytes (a file that cannot be read counts as empty: it
 * fails fast in its worker), ties in the order given. Longest first is the classic rule for
 * spreading jobs of unequal length over workers: the batch ends at most one short file apart.
 */
export function largestFirst(files: readonly string[]): number[] {
  const size = files.map((f) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  });
  return files.map((_, i) => i).sort((a, b) => size[b] - size[a] || a - b);
}
