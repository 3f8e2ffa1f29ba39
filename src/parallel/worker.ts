/**
 * The worker side of {@link WorkerPool}: a worker script calls `serveTasks(handler)` once. Each
 * task message runs the handler; its value goes back copied (structured clone), or with
 * `transferResults` every `ArrayBuffer` it holds moved instead. A handler that throws sends back
 * an error result and the worker serves the next task.
 *
 * Copy is the default because a transfer detaches the buffer in the worker, and one detached
 * ArrayBuffer makes V8 check every typed-array access of the thread from then on: the gtzan58
 * recipe ran 20 % slower in a worker after its first transferred result. Transfer only from
 * workers that do little typed-array work, or for results so large that the copy costs more.
 */
import { parentPort } from 'node:worker_threads';
import { GenreKitError } from '../errors.js';
import type { ResultMessage, TaskError, TaskMessage } from './pool.js';

/** Options of {@link serveTasks}. */
export interface ServeOptions {
  /** Move the results' ArrayBuffers to the pool instead of copying them (see above). Default false. */
  transferResults?: boolean;
}

/** Answers task messages from the pool with `handler` (call once, from a worker thread). */
export function serveTasks<T, R>(handler: (task: T) => R | Promise<R>, options: ServeOptions = {}): void {
  const transfer = options.transferResults ?? false;
  const port = parentPort;
  if (!port) throw new Error('serveTasks must be called from a worker thread');
  port.on('message', async (msg: TaskMessage<T>) => {
    let reply: ResultMessage<R>;
    try {
      reply = { id: msg.id, ok: true, value: await handler(msg.task) };
    } catch (err) {
      reply = { id: msg.id, ok: false, error: toTaskError(err) };
    }
    port.postMessage(reply, transfer && reply.ok ? transferables(reply.value) : []);
  });
}

/** The error of a failed task in a cloneable form. */
export function toTaskError(err: unknown): TaskError {
  if (err instanceof GenreKitError) return { name: err.name, message: err.message, code: err.code };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** Buffers of the typed arrays inside `value` (arrays and plain objects walked) that can move whole. */
export function transferables(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > 8) return;
    if (ArrayBuffer.isView(v)) {
      // Only a view that covers its whole buffer: transferring a shared pool buffer would detach others.
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) found.add(v.buffer);
      return;
    }
    if (v instanceof ArrayBuffer) {
      found.add(v);
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x, depth + 1);
  };
  walk(value, 0);
  return [...found];
}
