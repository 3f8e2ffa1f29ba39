/**
 * Classify many files in worker threads (decode + features + model in each worker, the model
 * loaded once per worker): `classifyFiles` for one batch, `BatchClassifier` to keep the workers. One bad file gives an error entry and the rest go on; a worker that
 * dies is replaced by the pool and only its file is marked failed. The largest files start
 * first, so a long track does not start last and keep one worker busy while the others idle.
 */
import { statSync } from 'node:fs';
import { ParameterError } from '../errors.js';
import { poolDefaults, WorkerPool } from '../parallel/pool.js';
import type { ClassifyOptions, ClassifyResult } from './classify.js';
import type { ClassifyJob, ClassifyOutput } from './classify-worker.js';

/** Options of `classifyFiles`: a {@link BatchClassifier}'s (workers never more than files) and a progress callback. */
export interface ClassifyFilesOptions extends BatchClassifierOptions {
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

/** Options of a {@link BatchClassifier}: those of `classify` (model as a folder path) for every file, and the worker count. */
export interface BatchClassifierOptions extends Omit<ClassifyOptions, 'model'> {
  /** Model folder; default the bundled model. */
  model?: string;
  /** Worker threads, an integer >= 1; default one per core. */
  jobs?: number;
}

/**
 * Worker threads kept for many batches (a server, an application classifying as files arrive):
 * each worker starts, loads the model and has V8 optimise the feature code once (about 0.3 s of
 * one core), not once per batch. `classifyFiles` is the one-batch form.
 *
 * @example
 *   const classifier = new BatchClassifier({ jobs: 2 });
 *   const first = await classifier.classifyFiles(['a.mp3', 'b.flac']);
 *   const next = await classifier.classifyFiles(['c.wav']); // warm workers
 *   await classifier.close();
 */
export class BatchClassifier {
  readonly jobs: number;
  private readonly options: Omit<BatchClassifierOptions, 'jobs'>;
  private readonly pool: WorkerPool<ClassifyJob, ClassifyOutput>;

  constructor(options: BatchClassifierOptions = {}) {
    const { jobs = poolDefaults.workers, ...classifyOptions } = options;
    if (!Number.isInteger(jobs) || jobs < 1) throw new ParameterError('jobs', `must be an integer >= 1, got ${jobs}`);
    this.jobs = jobs;
    this.options = classifyOptions;
    this.pool = new WorkerPool<ClassifyJob, ClassifyOutput>(workerScript, { workers: jobs });
  }

  /**
   * Classifies `files`, largest first; one verdict per file in the order given. `onFile` is
   * called after each file, in completion order. Batches may overlap: their files share the workers.
   */
  async classifyFiles(files: readonly string[], onFile?: ClassifyFilesOptions['onFile']): Promise<FileVerdict[]> {
    let done = 0;
    const verdicts: FileVerdict[] = new Array(files.length);
    await Promise.all(
      largestFirst(files).map(async (i) => {
        const file = files[i];
        const r = await this.pool.run({ file, options: this.options });
        const verdict: FileVerdict = r.ok ? { file, result: r.value.result } : { file, error: r.error };
        verdicts[i] = verdict;
        onFile?.(verdict, ++done, files.length);
      }),
    );
    return verdicts;
  }

  /**
   * Classifies one file with its own options (a server's request), on the next free worker.
   * `picture` adds the song's mel spectrogram as PNG bytes; `signal` aborts it (queued: dropped;
   * running: its worker is replaced), giving the error name `Aborted`.
   */
  async classifyFile(
    file: string,
    options: Omit<ClassifyOptions, 'model'> = {},
    extra: { picture?: boolean; signal?: AbortSignal } = {},
  ): Promise<{ file: string; result?: ClassifyResult; picture?: Uint8Array; error?: FileVerdict['error'] }> {
    const r = await this.pool.run({ file, options: { ...this.options, ...options }, picture: extra.picture }, [], extra.signal);
    return r.ok ? { file, ...r.value } : { file, error: r.error };
  }

  /** Files waiting for a worker, and files being classified now. */
  get load(): { queued: number; running: number } {
    return { queued: this.pool.queued, running: this.pool.running };
  }

  /** Stops the workers; files still queued or running come back as `PoolClosed` errors. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Classify `files` in `jobs` worker threads started for this batch (never more than there are
 * files). Returns one verdict per file, in the order given.
 */
export async function classifyFiles(files: readonly string[], options: ClassifyFilesOptions = {}): Promise<FileVerdict[]> {
  const { jobs = poolDefaults.workers, onFile, ...classifyOptions } = options;
  if (!Number.isInteger(jobs) || jobs < 1) throw new ParameterError('jobs', `must be an integer >= 1, got ${jobs}`);
  if (files.length === 0) return [];
  const classifier = new BatchClassifier({ ...classifyOptions, jobs: Math.min(jobs, files.length) });
  try {
    return await classifier.classifyFiles(files, onFile);
  } finally {
    await classifier.close();
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
