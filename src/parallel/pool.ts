/**
 * A generic worker-thread pool. Tasks are posted to workers as messages, one task per worker at a
 * time (their buffers copied, or moved when listed in `run`'s `transfer`); results come back as
 * messages, copied unless the worker serves with `transferResults` (see worker.ts for why a
 * transfer can cost more than the copy). A batch never dies on one task: a task that throws comes
 * back as an error result, and a worker that dies (crash, out of memory, `process.exit`) is
 * replaced and its task reported failed.
 *
 * The worker script calls {@link serveTasks} (src/parallel/worker.ts) with its task handler.
 *
 * @example
 *   const pool = new WorkerPool<Job, Out>(new URL('./my-worker.js', import.meta.url), { workers: 4 });
 *   const results = await Promise.all(jobs.map((j) => pool.run(j)));
 *   await pool.close();
 */
import { availableParallelism } from 'node:os';
import { Worker, type TransferListItem } from 'node:worker_threads';
import { ParameterError } from '../errors.js';

/** Options of a {@link WorkerPool}. */
export interface PoolOptions {
  /** Number of worker threads, an integer >= 1. Default: one per core (`os.availableParallelism()`). */
  workers?: number;
  /** Passed to every worker as `workerData` (structured-cloned). Default undefined. */
  workerData?: unknown;
}

/** The defaults of {@link PoolOptions}. */
export const poolDefaults = {
  get workers(): number {
    return availableParallelism();
  },
};

/** A task failure as it crosses the thread boundary. */
export interface TaskError {
  /** Error class name, e.g. `AudioDecodeError`, or `WorkerExit` when the worker died. */
  name: string;
  message: string;
  /** `GenreKitError.code` when the task threw a GenreKitError. */
  code?: string;
}

/** The outcome of one task: its value, or the error it ended with. */
export type TaskResult<R> = { ok: true; value: R } | { ok: false; error: TaskError };

/** Message to a worker. */
export interface TaskMessage<T> {
  id: number;
  task: T;
}

/** Message from a worker. */
export type ResultMessage<R> = { id: number } & TaskResult<R>;

interface Pending<T, R> {
  id: number;
  task: T;
  transfer: readonly TransferListItem[];
  resolve: (r: TaskResult<R>) => void;
}

interface Slot<T, R> {
  worker: Worker;
  current?: Pending<T, R>;
  /** The worker is being terminated to abort its task: its exit is no death. */
  aborting?: boolean;
}

/** A pool of worker threads running one script; `T` is the task message, `R` the result value. */
export class WorkerPool<T, R> {
  readonly size: number;
  private readonly script: URL | string;
  private readonly workerData: unknown;
  private readonly slots: Slot<T, R>[] = [];
  private readonly queue: Pending<T, R>[] = [];
  private nextId = 1;
  private closed = false;
  /** Worker deaths since the last task that completed; too many means the script cannot run at all. */
  private deathsInARow = 0;
  private broken?: string;

  constructor(script: URL | string, options: PoolOptions = {}) {
    const n = options.workers ?? poolDefaults.workers;
    if (!Number.isInteger(n) || n < 1) throw new ParameterError('workers', `must be an integer >= 1, got ${n}`);
    this.size = n;
    this.script = script;
    this.workerData = options.workerData;
    for (let i = 0; i < n; i++) this.slots.push(this.spawn());
  }

  /**
   * Queues a task; resolves with its result (never rejects for a task failure). `transfer` lists
   * buffers to move into the worker instead of copying them. When `signal` aborts, a queued task
   * leaves the queue and a running one's worker is terminated (and replaced): the task resolves
   * as failed with the error name `Aborted` and the signal's reason as its message.
   */
  run(task: T, transfer: readonly TransferListItem[] = [], signal?: AbortSignal): Promise<TaskResult<R>> {
    if (this.closed) return Promise.reject(new Error('WorkerPool: run() after close()'));
    if (this.broken) return Promise.resolve({ ok: false, error: { name: 'PoolBroken', message: this.broken } });
    return new Promise((resolve) => {
      const aborted = (): TaskResult<R> => ({ ok: false, error: { name: 'Aborted', message: String((signal?.reason as Error | undefined)?.message ?? signal?.reason ?? 'aborted') } });
      if (signal?.aborted) return resolve(aborted());
      const p: Pending<T, R> = { id: this.nextId++, task, transfer, resolve };
      if (signal) {
        const onAbort = () => this.abort(p, aborted());
        signal.addEventListener('abort', onAbort, { once: true });
        p.resolve = (r) => {
          signal.removeEventListener('abort', onAbort);
          resolve(r);
        };
      }
      this.queue.push(p);
      this.dispatch();
    });
  }

  /** Tasks running now. */
  get running(): number {
    return this.slots.filter((s) => s.current).length;
  }

  /** Drop `p` from the queue, or terminate the worker running it; resolve it with `result`. */
  private abort(p: Pending<T, R>, result: TaskResult<R>): void {
    const queued = this.queue.indexOf(p);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      p.resolve(result);
      return;
    }
    const slot = this.slots.find((s) => s.current === p);
    if (!slot) return; // already finished
    slot.current = undefined;
    slot.aborting = true;
    p.resolve(result);
    void slot.worker.terminate(); // 'exit' replaces the worker
  }

  /** Tasks waiting for a worker (not counting those running). */
  get queued(): number {
    return this.queue.length;
  }

  /** Terminates every worker; tasks still queued or running resolve as failed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, error: { name: 'PoolClosed', message: 'pool closed before the task ran' } });
    await Promise.all(
      this.slots.map(async (slot) => {
        const p = slot.current;
        slot.current = undefined;
        await slot.worker.terminate();
        p?.resolve({ ok: false, error: { name: 'PoolClosed', message: 'pool closed while the task ran' } });
      }),
    );
  }

  private spawn(): Slot<T, R> {
    const worker = new Worker(this.script, { workerData: this.workerData });
    const slot: Slot<T, R> = { worker };
    worker.on('message', (msg: ResultMessage<R>) => {
      const p = slot.current;
      if (!p || p.id !== msg.id) return;
      slot.current = undefined;
      this.deathsInARow = 0;
      p.resolve(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
      this.dispatch();
    });
    // 'error' (uncaught exception) is followed by 'exit'; the task is failed once, on whichever comes first.
    let lastError: Error | undefined;
    worker.on('error', (err) => {
      lastError = err;
    });
    worker.on('exit', (code) => {
      if (this.closed) return;
      if (slot.aborting) {
        const index = this.slots.indexOf(slot);
        if (index >= 0) this.slots[index] = this.spawn();
        this.dispatch();
        return;
      }
      const p = slot.current;
      slot.current = undefined;
      const message = `worker died (exit code ${code})${lastError ? `: ${lastError.message}` : ''}`;
      p?.resolve({ ok: false, error: { name: 'WorkerExit', message } });
      // A script that dies before finishing any task (e.g. a missing module) would respawn forever.
      if (++this.deathsInARow > 2 * this.size + 2) {
        this.broken = `workers keep dying without finishing a task; last: ${message}`;
        for (const q of this.queue.splice(0)) q.resolve({ ok: false, error: { name: 'PoolBroken', message: this.broken } });
        this.slots.splice(this.slots.indexOf(slot), 1);
        return;
      }
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      this.dispatch();
    });
    // Idle workers must not keep the process alive; a busy one is ref'd while it works.
    worker.unref();
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.current || slot.aborting) continue;
      const p = this.queue.shift()!;
      slot.current = p;
      slot.worker.ref();
      const message: TaskMessage<T> = { id: p.id, task: p.task };
      try {
        slot.worker.postMessage(message, p.transfer);
      } catch (err) {
        slot.current = undefined;
        p.resolve({ ok: false, error: { name: 'DataCloneError', message: `task cannot be sent to a worker: ${(err as Error).message}` } });
        this.dispatch();
        return;
      }
    }
    for (const slot of this.slots) if (!slot.current && !slot.aborting) slot.worker.unref();
  }
}
