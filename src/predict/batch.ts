/**
 * Classify many files in worker threads (decode + features + model in each worker, the model
 * loaded once per worker). One bad file gives an error entry and the rest go on; a worker that
 * dies is replaced by the pool and only its file is marked failed.
 */
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
  try {
    return await Promise.all(
      files.map(async (file) => {
        const r = await pool.run({ file, options: classifyOptions });
        const verdict: FileVerdict = r.ok ? { file, result: r.value } : { file, error: r.error };
        onFile?.(verdict, ++done, files.length);
        return verdict;
      }),
    );
  } finally {
    await pool.close();
  }
}
