/**
 * Classifying a library into a JSON Lines file that survives being killed: one line per file,
 * written (one `write` call, straight to the file) as soon as the file is done, so a kill loses at
 * most the lines being written; `resume` reads the lines back, cuts a torn last line off the
 * file, and skips every file whose path and content SHA-256 already have a line. Files stream
 * from the walk through a bounded number in flight: memory does not grow with the library.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { fileSha256 } from '../platform/file-hash.js';
import { createInterface } from 'node:readline';
import { toTaskError } from '../parallel/worker.js';
import type { TaskError } from '../parallel/pool.js';
import type { BatchClassifier } from './batch.js';
import type { ClassifyOptions, ClassifyResult } from './classify.js';

/** One line of the file: what `--json` gives for the file, plus its size, modification time and content hash. */
export type JsonlLine = { file: string; size: number | null; mtime: string | null; sha256: string | null } & (ClassifyResult | { error: TaskError });

/** Counts of a run. */
export interface JsonlSummary {
  classified: number;
  failed: number;
  /** Files that already had a line (with `resume`). */
  skipped: number;
}

/** The key a line is known by on resume. */
const keyOf = (file: string, sha256: string) => `${sha256} ${file}`;

/**
 * The keys of the complete lines of `path` (none when it does not exist); a torn last line (no
 * newline at its end, or not JSON) is cut off the file, so the next line starts clean.
 */
export async function readDoneKeys(path: string): Promise<Set<string>> {
  const keys = new Set<string>();
  let handle;
  try {
    handle = await open(path, 'r+'); // read and write: a torn last line is cut
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return keys;
    throw err;
  }
  let good = 0; // bytes of the file up to the end of the last complete, valid line
  let offset = 0;
  try {
    const size = (await handle.stat()).size;
    // No await between making the reader and iterating it: lines read before the loop starts would be lost.
    const lines = createInterface({ input: handle.createReadStream({ autoClose: false }), crlfDelay: Infinity });
    for await (const line of lines) {
      const end = offset + Buffer.byteLength(line) + 1;
      offset = end;
      if (end > size) break; // the last line has no newline: torn
      try {
        const o = JSON.parse(line) as JsonlLine;
        if (typeof o.file === 'string' && typeof o.sha256 === 'string') keys.add(keyOf(o.file, o.sha256));
        good = end;
      } catch {
        break; // a torn line: it and whatever follows it are cut
      }
    }
    if (good < size) await handle.truncate(good);
  } finally {
    await handle.close();
  }
  return keys;
}


/** Where the lines go: a file (appended), or standard output for `-`. */
export class JsonlWriter {
  private readonly fd: number;
  constructor(readonly path: string) {
    this.fd = path === '-' ? 1 : openSync(path, 'a');
  }
  /** Writes one line in one `write` call (all of it, retried until written). */
  write(line: JsonlLine): void {
    const bytes = Buffer.from(JSON.stringify(line) + '\n');
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
  }
  close(): void {
    if (this.fd !== 1) closeSync(this.fd);
  }
}

/** Options of `classifyToJsonl`. */
export interface ClassifyToJsonlOptions {
  /** Skip files that already have a line in `out` (same path and content hash). Default false. */
  resume?: boolean;
  /** Options of every file's `classify` (model as set on the classifier). */
  options?: Omit<ClassifyOptions, 'model'>;
  /** Files in flight at once (hashing, waiting, classifying). Default 4 per worker. */
  inFlight?: number;
  /** Called after each line is written. */
  onLine?: (line: JsonlLine) => void;
}

/** Classify every file of `files` with `classifier`, one line each into `out` (a path, or `-`). */
export async function classifyToJsonl(files: AsyncIterable<string>, out: string, classifier: BatchClassifier, opts: ClassifyToJsonlOptions = {}): Promise<JsonlSummary> {
  const done = opts.resume && out !== '-' ? await readDoneKeys(out) : new Set<string>();
  const writer = new JsonlWriter(out);
  const limit = opts.inFlight ?? 4 * classifier.jobs;
  const summary: JsonlSummary = { classified: 0, failed: 0, skipped: 0 };
  const running = new Set<Promise<void>>();
  const one = async (file: string) => {
    const [info, sha256] = await Promise.all([stat(file).catch(() => null), fileSha256(file)]);
    if (sha256 && done.has(keyOf(file, sha256))) {
      summary.skipped++;
      return;
    }
    const head = { file, size: info?.size ?? null, mtime: info ? info.mtime.toISOString() : null, sha256 };
    let line: JsonlLine;
    try {
      const r = await classifier.classifyFile(file, opts.options);
      line = r.result ? { ...head, ...r.result } : { ...head, error: r.error! };
    } catch (err) {
      line = { ...head, error: toTaskError(err) };
    }
    writer.write(line);
    if ('error' in line) summary.failed++;
    else summary.classified++;
    opts.onLine?.(line);
  };
  try {
    for await (const file of files) {
      const p = one(file).finally(() => running.delete(p));
      running.add(p);
      if (running.size >= limit) await Promise.race(running);
    }
    await Promise.all(running);
  } finally {
    writer.close();
  }
  return summary;
}
