import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { WorkerPool } from '../../src/parallel/pool.js';
import { createProgress, formatDuration } from '../../src/parallel/progress.js';
import { transferables } from '../../src/parallel/worker.js';
import type { EchoResult, EchoTask } from './fixtures/echo-worker.js';

const script = new URL('./fixtures/echo-worker.js', import.meta.url);

test('pool runs tasks on all workers, moves the task buffers it is told to and copies results back', async () => {
  const pool = new WorkerPool<EchoTask, EchoResult>(script, { workers: 2 });
  try {
    const inputs = Array.from({ length: 8 }, (_, i) => Float32Array.from([i, i + 0.5, -i]));
    const sent = inputs.map((v) => v.slice());
    // The first two tasks sleep so that both workers are busy at once and both get used.
    const sleeps = [pool.run({ kind: 'sleep', ms: 200 }), pool.run({ kind: 'sleep', ms: 200 })];
    const results = await Promise.all(sent.map((values) => pool.run({ kind: 'square', values }, [values.buffer])));
    assert.ok(sent.every((v) => v.byteLength === 0), 'input buffers were transferred, not copied');
    results.forEach((r, i) => {
      assert.ok(r.ok);
      assert.ok(r.value.squares instanceof Float32Array);
      assert.deepEqual([...r.value.squares], [...inputs[i]].map((x) => Math.fround(x * x)));
    });
    const threads = new Set((await Promise.all(sleeps)).map((r) => (r.ok ? r.value.threadId : -1)));
    assert.equal(threads.size, 2, 'two workers ran at the same time');
  } finally {
    await pool.close();
  }
});

test('a task that throws comes back as an error result and the batch goes on', async () => {
  const pool = new WorkerPool<EchoTask, EchoResult>(script, { workers: 1 });
  try {
    const [a, b, c] = await Promise.all([
      pool.run({ kind: 'square', values: Float32Array.from([3]) }),
      pool.run({ kind: 'throw' }),
      pool.run({ kind: 'square', values: Float32Array.from([4]) }),
    ]);
    assert.ok(a.ok && a.value.squares[0] === 9);
    assert.ok(!b.ok);
    assert.deepEqual(b.error, { name: 'ParameterError', message: "parameter 'kind': asked to throw", code: 'PARAMETER' });
    assert.ok(c.ok && c.value.squares[0] === 16);
  } finally {
    await pool.close();
  }
});

test('a worker that dies is replaced and only its task fails', async () => {
  const pool = new WorkerPool<EchoTask, EchoResult>(script, { workers: 1 });
  try {
    const first = await pool.run({ kind: 'square', values: Float32Array.from([2]) });
    const results = await Promise.all([pool.run({ kind: 'exit' }), pool.run({ kind: 'square', values: Float32Array.from([5]) }), pool.run({ kind: 'exit' }), pool.run({ kind: 'square', values: Float32Array.from([6]) })]);
    assert.ok(first.ok);
    assert.ok(!results[0].ok && results[0].error.name === 'WorkerExit' && results[0].error.message.includes('exit code 3'));
    assert.ok(results[1].ok && results[1].value.squares[0] === 25);
    assert.ok(!results[2].ok);
    assert.ok(results[3].ok && results[3].value.squares[0] === 36);
    assert.notEqual(results[3].value.threadId, first.value.threadId, 'a new worker thread took over');
  } finally {
    await pool.close();
  }
});

test('an aborted task leaves the queue, or has its worker replaced while it runs; the pool goes on', async () => {
  const pool = new WorkerPool<EchoTask, EchoResult>(script, { workers: 1 });
  try {
    const running = new AbortController();
    const waiting = new AbortController();
    const slow = pool.run({ kind: 'sleep', ms: 60_000 }, [], running.signal);
    const queued = pool.run({ kind: 'square', values: Float32Array.from([2]) }, [], waiting.signal);
    assert.equal(pool.queued, 1);
    waiting.abort(new Error('client left'));
    assert.deepEqual(await queued, { ok: false, error: { name: 'Aborted', message: 'client left' } });
    assert.equal(pool.queued, 0);
    const t0 = Date.now();
    running.abort(new Error('too slow'));
    assert.deepEqual(await slow, { ok: false, error: { name: 'Aborted', message: 'too slow' } });
    assert.ok(Date.now() - t0 < 5000, 'the 60 s task did not run to its end');
    const next = await pool.run({ kind: 'square', values: Float32Array.from([3]) });
    assert.ok(next.ok && next.value.squares[0] === 9, 'a new worker serves the next task');
    const before = new AbortController();
    before.abort(new Error('never mind'));
    assert.equal((await pool.run({ kind: 'throw' }, [], before.signal)).ok, false);
  } finally {
    await pool.close();
  }
});

test('transferables finds whole-buffer typed arrays only', () => {
  const own = new Float32Array(4);
  const shared = new Float32Array(8);
  const view = shared.subarray(2, 4);
  const found = transferables({ a: own, b: [view, own], c: { d: 1 } });
  assert.deepEqual(found, [own.buffer]);
});

test('progress prints plain lines off a terminal and a redrawn bar with ETA on one', () => {
  let t = 0;
  const now = () => t;
  const plain = new PassThrough();
  let out = '';
  plain.on('data', (d: Buffer) => (out += d.toString()));
  const p = createProgress('extract', 4, { unit: 'files', stream: plain, logEverySeconds: 1, now });
  t = 500;
  p.tick();
  t = 2000;
  p.tick(1, 'skipped x.txt: not audio');
  t = 4000;
  p.tick(2);
  p.done();
  assert.equal(out, 'skipped x.txt: not audio\nextract: 2/4 files, 1.00 files/s, elapsed 2s, ETA 2s\nextract: 4/4 files, 1.00 files/s, elapsed 4s\n');

  const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 90 });
  let drawn = '';
  tty.on('data', (d: Buffer) => (drawn += d.toString()));
  t = 0;
  const q = createProgress('extract', 10, { unit: 'files', stream: tty, now });
  t = 2000;
  q.tick(5);
  assert.equal(drawn, '\r\x1b[2Kextract [##########----------] 5/10 files, 2.50 files/s, elapsed 2s, ETA 2s');
  assert.equal(formatDuration(3725), '1h02m');
});

test('a worker script that cannot start fails every task instead of respawning forever', async () => {
  const pool = new WorkerPool<EchoTask, EchoResult>(new URL('./fixtures/broken-worker.js', import.meta.url), { workers: 2 });
  try {
    const results = await Promise.all(Array.from({ length: 10 }, () => pool.run({ kind: 'throw' })));
    assert.ok(results.every((r) => !r.ok));
    const names = new Set(results.map((r) => (r.ok ? '' : r.error.name)));
    assert.ok(names.has('PoolBroken'), [...names].join());
    assert.match(results.map((r) => (r.ok ? '' : r.error.message)).join('\n'), /cannot start/);
    const later = await pool.run({ kind: 'throw' });
    assert.ok(!later.ok && later.error.name === 'PoolBroken');
  } finally {
    await pool.close();
  }
});
