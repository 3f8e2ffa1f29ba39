import { WorkerPool } from './dist/src/parallel/pool.js';
const pool = new WorkerPool(new URL('./dist/test/parallel/fixtures/echo-worker.js', import.meta.url), { workers: 1 });
const running = new AbortController(); const waiting = new AbortController();
const slow = pool.run({ kind: 'sleep', ms: 60000 }, [], running.signal);
const queued = pool.run({ kind: 'square', values: Float32Array.from([2]) }, [], waiting.signal);
console.log('queued', pool.queued);
waiting.abort(new Error('client left'));
console.log(await queued);
