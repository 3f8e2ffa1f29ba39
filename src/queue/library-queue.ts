/**
 * A music library classified by many machines: BullMQ jobs on one Redis. `addToQueue` walks the
 * inputs and enqueues chunks of file references (path, size, content SHA-256; never the audio),
 * each file once however often the library is added; `runWorker` (one process per machine)
 * classifies the chunks with its worker threads and stores one result per file in Redis, keyed by
 * content hash and path (written once: a redone chunk skips its finished files). A file that
 * cannot be decoded is a result with its error; anything else (Redis gone, a crash) fails the job,
 * which BullMQ retries with backoff; the jobs of a worker that dies are taken up by another after
 * the stalled-job timeout. See docs/queue.md.
 *
 * Redis keys, under `genrekit:<queue>:`: `files` (set of the keys enqueued), `results` (hash: key
 * -> the result line, as `classify --jsonl` writes it), `done` (sorted set: key by time, for the
 * rate); BullMQ's own under `bull:<queue>:`.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { toTaskError } from '../parallel/worker.js';
import { BatchClassifier } from '../predict/batch.js';
import { type JsonlLine } from '../predict/jsonl.js';
import { fileSha256 } from '../platform/file-hash.js';

/** Where the queue is. */
export interface QueueConfig {
  /** Redis URL. Default `redis://127.0.0.1:6379`. */
  redis?: string;
  /** Queue name (several libraries may share a Redis). Default `genrekit`. */
  queue?: string;
}

export const QUEUE_DEFAULTS = { redis: 'redis://127.0.0.1:6379', queue: 'genrekit', chunk: 200, stallSeconds: 30, attempts: 5 } as const;

/** One file of a job. */
export interface FileRef {
  file: string;
  size: number;
  sha256: string;
}

const keyOf = (r: { file: string; sha256: string }) => `${r.sha256} ${r.file}`;
const names = (cfg: QueueConfig) => {
  const q = cfg.queue ?? QUEUE_DEFAULTS.queue;
  return { queue: q, files: `genrekit:${q}:files`, results: `genrekit:${q}:results`, done: `genrekit:${q}:done` };
};
/**
 * A Redis client of ours. While Redis is down ioredis reconnects by itself (a worker waits);
 * `maxRetriesPerRequest` null makes a command wait for it too, a number gives up after that many
 * tries (the short-lived commands: add, status, export). Errors are not thrown at the process.
 */
function client(url: string | undefined, maxRetriesPerRequest: number | null): Redis {
  const c = new Redis(url ?? QUEUE_DEFAULTS.redis, { maxRetriesPerRequest });
  c.on('error', () => undefined);
  return c;
}

/** A client for a short-lived command, connected: a clear error naming the URL when Redis cannot be reached (three tries). */
async function connected(url: string | undefined): Promise<Redis> {
  const where = url ?? QUEUE_DEFAULTS.redis;
  const c = new Redis(where, { maxRetriesPerRequest: 3, lazyConnect: true, retryStrategy: (times) => (times > 3 ? null : 200 * times) });
  let last: Error | undefined;
  c.on('error', (err: Error) => (last = err));
  try {
    await c.connect();
  } catch (err) {
    c.disconnect();
    throw new Error(`cannot reach Redis at ${where}: ${(last ?? (err as Error)).message}`);
  }
  return c;
}

/** A BullMQ queue whose connection errors go nowhere (ours say what failed). */
function openQueue(cfg: QueueConfig): Queue {
  const q = new Queue(names(cfg).queue, { connection: connection(cfg) });
  q.on('error', () => undefined);
  return q;
}

/** BullMQ's connection options: a worker's blocking commands must wait for Redis; a command-line tool's give up after a few tries. */
const connection = (cfg: QueueConfig, worker = false) => ({ url: cfg.redis ?? QUEUE_DEFAULTS.redis, maxRetriesPerRequest: worker ? null : 3 });

/** What `addToQueue` did. */
export interface AddSummary {
  /** Files enqueued now. */
  added: number;
  /** Files already enqueued by an earlier add (same path and content). */
  known: number;
  /** Files that could not be read: each stored as a result with its error at once. */
  unreadable: number;
  jobs: number;
}

/**
 * Enqueue every file of `files` not enqueued before, `chunk` files per job. A job's id is the
 * hash of its files' keys, and its files are marked enqueued only after BullMQ has the job: an
 * add that dies half-way is simply run again.
 */
export async function addToQueue(files: AsyncIterable<string>, cfg: QueueConfig = {}, chunk: number = QUEUE_DEFAULTS.chunk): Promise<AddSummary> {
  const n = names(cfg);
  const redis = await connected(cfg.redis);
  const queue = openQueue(cfg);
  const summary: AddSummary = { added: 0, known: 0, unreadable: 0, jobs: 0 };
  let pending: FileRef[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const id = createHash('sha256').update(pending.map(keyOf).join('\n')).digest('hex').slice(0, 32);
    await queue.add('classify', { files: pending }, { jobId: id, attempts: QUEUE_DEFAULTS.attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { count: 1000 }, removeOnFail: false });
    await redis.sadd(n.files, ...pending.map(keyOf));
    summary.added += pending.length;
    summary.jobs++;
    pending = [];
  };
  try {
    for await (const file of files) {
      const [info, sha256] = await Promise.all([stat(file).catch(() => null), fileSha256(file)]);
      if (!info || !sha256) {
        const line: JsonlLine = { file, size: null, mtime: null, sha256: null, error: { name: 'AudioDecodeError', message: `${file}: cannot read file`, code: 'READ_FAILED' } };
        await redis.hset(n.results, `unreadable ${file}`, JSON.stringify(line));
        summary.unreadable++;
        continue;
      }
      const ref = { file, size: info.size, sha256 };
      if ((await redis.sismember(n.files, keyOf(ref))) || pending.some((p) => keyOf(p) === keyOf(ref))) {
        summary.known++;
        continue;
      }
      pending.push(ref);
      if (pending.length >= chunk) await flush();
    }
    await flush();
  } finally {
    await queue.close();
    redis.disconnect();
  }
  return summary;
}

/** Options of `runWorker`. */
export interface WorkerOptions extends QueueConfig {
  /** Worker threads classifying the files of a job at once. Default one per core. */
  jobs?: number;
  /** Model folder; default the bundled model. */
  model?: string;
  /** Seconds after which a job whose worker stopped answering (killed, powered off) is given to another. Default 30. */
  stallSeconds?: number;
  /** Called after each file. */
  onFile?: (line: JsonlLine) => void;
}

/** A running worker: `close()` finishes the current job (or hands it back when `force`), then stops. */
export interface RunningWorker {
  close(force?: boolean): Promise<void>;
}

/** Take jobs from the queue until closed. */
export async function runWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const n = names(options);
  const classifier = new BatchClassifier({ jobs: options.jobs, model: options.model });
  const redis = client(options.redis, null);
  // BullMQ's worker reconnects by itself while Redis is down; its errors are not ours to print.
  const stallMs = (options.stallSeconds ?? QUEUE_DEFAULTS.stallSeconds) * 1000;
  const one = async (ref: FileRef) => {
    const key = keyOf(ref);
    if (await redis.hexists(n.results, key)) return;
    const r = await classifier.classifyFile(ref.file);
    const info = await stat(ref.file).catch(() => null);
    const head = { file: ref.file, size: ref.size, mtime: info ? info.mtime.toISOString() : null, sha256: ref.sha256 };
    if (r.error && (r.error.name === 'PoolClosed' || r.error.name === 'WorkerExit')) throw new Error(`${ref.file}: ${r.error.message}`); // not the file's fault: retry the job
    const line: JsonlLine = r.result ? { ...head, ...r.result } : { ...head, error: r.error! };
    await redis.multi().hset(n.results, key, JSON.stringify(line)).zadd(n.done, Date.now(), key).exec();
    options.onFile?.(line);
  };
  const worker = new Worker(
    n.queue,
    async (job: Job<{ files: FileRef[] }>) => {
      const files = job.data.files;
      let next = 0;
      let done = 0;
      await Promise.all(
        Array.from({ length: classifier.jobs }, async () => {
          while (next < files.length) {
            await one(files[next++]);
            await job.updateProgress(Math.round((100 * ++done) / files.length));
          }
        }),
      );
      return { files: files.length };
    },
    { connection: connection(options, true), concurrency: 1, lockDuration: stallMs, stalledInterval: stallMs, maxStalledCount: 3 },
  );
  worker.on('error', () => undefined); // connection errors: ioredis reconnects, the worker waits
  return {
    async close(force = false) {
      await worker.close(force);
      await classifier.close();
      redis.disconnect();
    },
  };
}

/** Where the queue stands. */
export interface QueueStatus {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Files enqueued, and files with a result (an error included). */
  files: number;
  results: number;
  /** Results per second over the last minute. */
  rate: number;
  /** Seconds to go at that rate; null when nothing is moving. */
  etaSeconds: number | null;
}

export async function queueStatus(cfg: QueueConfig = {}): Promise<QueueStatus> {
  const n = names(cfg);
  const redis = await connected(cfg.redis);
  const queue = openQueue(cfg);
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    const [files, results, recent] = await Promise.all([redis.scard(n.files), redis.hlen(n.results), redis.zcount(n.done, Date.now() - 60_000, '+inf')]);
    const rate = recent / 60;
    const left = Math.max(0, files - results);
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      files,
      results,
      rate,
      etaSeconds: left === 0 ? 0 : rate > 0 ? left / rate : null,
    };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

/** Every result line, sorted by file. */
export async function exportResults(cfg: QueueConfig = {}): Promise<JsonlLine[]> {
  const n = names(cfg);
  const redis = await connected(cfg.redis);
  try {
    const out: JsonlLine[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await redis.hscan(n.results, cursor, 'COUNT', 1000);
      cursor = next;
      for (let i = 1; i < flat.length; i += 2) out.push(JSON.parse(flat[i]) as JsonlLine);
    } while (cursor !== '0');
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  } finally {
    redis.disconnect();
  }
}
