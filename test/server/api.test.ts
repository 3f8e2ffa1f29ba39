/**
 * `genrekit serve` over real HTTP on loopback: a multipart and a raw upload give classify()'s
 * verdict (with the timeline and a decodable spectrogram PNG); every limit answers as documented
 * (413 by Content-Length and by counting, 415, 422, 503 with Retry-After, 504, 401); a client
 * that goes away mid-upload frees its slot; a worker that dies mid-request fails that request
 * with 500 and the server goes on; no response names the server's temp folder, no temp file is
 * left, and every request is one JSON log line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readdir } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { PNG } from 'pngjs';
import { encodeWav } from '../../src/audio/wav-writer.js';
import { classify } from '../../src/predict/classify.js';
import { startServer, type GenreServer, type ServeOptions } from '../../src/server/server.js';
import { synthGenre } from '../predict/synth.js';

const song = (seconds: number, seed = 1) => encodeWav(synthGenre('bright', seconds, 22050, seed), 22050);

/** A server logging into `lines`. */
async function serve(options: ServeOptions = {}): Promise<{ server: GenreServer; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const log = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { server: await startServer({ port: 0, jobs: 1, log, ...options }), lines };
}

async function postRaw(url: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'audio/wav', ...headers } });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

/** Until `cond()` or 10 s. */
async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A raw upload that sends `first` bytes of a declared `total` and then waits; returns the request and its response promise. */
function slowUpload(url: string, total: number, first: Uint8Array) {
  const u = new URL(url);
  let resolve!: (v: { status: number; body: string; headers: Record<string, unknown> }) => void;
  const done = new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((r) => (resolve = r));
  const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers: { 'content-type': 'audio/wav', 'content-length': String(total) } }, (res) => {
    let body = '';
    res.on('data', (c) => (body += c));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
  });
  req.on('error', () => resolve({ status: 0, body: '', headers: {} }));
  req.write(first);
  return { req, done };
}

const tmpFiles = async (s: GenreServer) => readdir(s.tmpDir);

test('uploads give classify()\'s verdict, with the timeline and a spectrogram; /api/models, /healthz, /readyz, the OpenAPI description', async () => {
  const { server, lines } = await serve();
  try {
    const bytes = song(65);
    const want = await classify(bytes, { topK: 3 });
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'my song.wav');
    const res = await fetch(`${server.url}/api/classify?timeline=true&spectrogram=true`, { method: 'POST', body: form });
    assert.equal(res.status, 200);
    const got = (await res.json()) as any;
    assert.equal(got.file, 'my song.wav');
    assert.deepEqual(got.genres, want.genres);
    assert.equal(got.certainty, want.certainty);
    assert.deepEqual(got.pieces, want.pieces);
    const png = PNG.sync.read(Buffer.from(got.spectrogram.replace(/^data:image\/png;base64,/, ''), 'base64'));
    assert.ok(png.width >= 600 && png.height >= 128, `${png.width} x ${png.height}`);

    const raw = await postRaw(`${server.url}/api/classify?top=5&aggregate=vote&name=raw.wav`, bytes);
    assert.equal(raw.status, 200);
    assert.equal(raw.json.file, 'raw.wav');
    assert.equal(raw.json.genres.length, 5);
    assert.equal(raw.json.model.aggregate, 'vote');
    assert.equal(raw.json.pieces, undefined, 'no timeline unless asked');

    const models = (await (await fetch(`${server.url}/api/models`)).json()) as any[];
    assert.equal(models[0].name, 'svm-rbf');
    assert.equal(models[0].labels.length, 10);
    assert.doesNotMatch(JSON.stringify(models), /shared\/data|\.csv/);
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { ok: true });
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    const api = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as any;
    assert.equal(api.openapi.slice(0, 2), '3.');
    const params = api.paths['/api/classify'].post.parameters.map((p: { name: string }) => p.name).sort();
    assert.deepEqual(params, ['aggregate', 'name', 'piece', 'spectrogram', 'timeline', 'top']);
    assert.ok(api.paths['/api/models'] && api.paths['/readyz']);

    const bad = await postRaw(`${server.url}/api/classify?top=0`, bytes);
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /top/);

    const requests = lines.filter((l) => l.path);
    assert.equal(requests.length, 7, 'one log line per request');
    const upload = requests.find((l) => l.path === '/api/classify' && l.status === 200)!;
    assert.ok((upload.bytes as number) >= bytes.length && typeof upload.ms === 'number' && typeof upload.id === 'string');
    assert.deepEqual(await tmpFiles(server), []);
  } finally {
    await server.close();
  }
});

test('413, 415 and 422, each naming the upload, never the server\'s disk', async () => {
  const { server } = await serve({ maxUploadMb: 0.5 });
  try {
    const big = song(20); // 0.88 MB
    const declared = await postRaw(`${server.url}/api/classify`, big);
    assert.equal(declared.status, 413);
    assert.match(declared.json.error.message, /larger than 0\.5 MiB/);
    // Chunked, no Content-Length: counted as it streams.
    const chunked = await fetch(`${server.url}/api/classify`, {
      method: 'POST',
      headers: { 'content-type': 'audio/wav' },
      body: new ReadableStream({ start(c) { c.enqueue(big.subarray(0, 400_000)); c.enqueue(big.subarray(400_000)); c.close(); } }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
    const form = new FormData();
    form.append('file', new Blob([big]), 'big.wav');
    assert.equal((await fetch(`${server.url}/api/classify`, { method: 'POST', body: form })).status, 413);

    const text = await postRaw(`${server.url}/api/classify?name=notes.txt`, new TextEncoder().encode('hello, not audio'));
    assert.equal(text.status, 415);
    assert.equal(text.json.error.code, 'UNKNOWN_FORMAT');
    assert.match(text.json.error.message, /^notes\.txt: not a recognised audio container/);

    const tiny = await postRaw(`${server.url}/api/classify?name=click.wav`, encodeWav(new Float32Array(10).fill(0.5), 22050));
    assert.equal(tiny.status, 422);
    assert.match(tiny.json.error.message, /click\.wav/);
    for (const r of [declared, text, tiny]) assert.doesNotMatch(JSON.stringify(r.json), new RegExp(server.tmpDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal((await fetch(`${server.url}/api/classify`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } })).status, 415);
    assert.deepEqual(await tmpFiles(server), []);
  } finally {
    await server.close();
  }
});

test('a full queue answers 503 with Retry-After; a slow upload times out with 504; a client that goes away frees its slot', async () => {
  const { server } = await serve({ queue: 0, timeoutSeconds: 1.5 });
  try {
    const bytes = song(5);
    // One slot (jobs 1 + queue 0): a held upload takes it.
    const held = slowUpload(`${server.url}/api/classify`, bytes.length, bytes.subarray(0, 1000));
    await until(() => server.inFlight === 1, 'the held upload');
    const busy = await postRaw(`${server.url}/api/classify`, bytes);
    assert.equal(busy.status, 503);
    assert.ok(Number(busy.headers.get('retry-after')) >= 1);
    assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
    // The held upload passes the time limit.
    const timedOut = await held.done;
    assert.equal(timedOut.status, 504);
    assert.equal(JSON.parse(timedOut.body).error.name, 'Timeout');
    await until(() => server.inFlight === 0, 'the slot to free');

    // A client that hangs up mid-upload frees the slot at once (long before the time limit).
    const gone = slowUpload(`${server.url}/api/classify`, bytes.length, bytes.subarray(0, 1000));
    await until(() => server.inFlight === 1, 'the second upload');
    const t0 = Date.now();
    gone.req.destroy();
    await until(() => server.inFlight === 0, 'the slot after a hang-up');
    assert.ok(Date.now() - t0 < 1000);
    await until(async () => (await tmpFiles(server)).length === 0, 'the temp file to go');
    assert.equal((await postRaw(`${server.url}/api/classify`, bytes)).status, 200, 'and the server serves on');
  } finally {
    await server.close();
  }
});

test('a worker that dies mid-request fails that request with 500; the server goes on; no temp file is left', async () => {
  const { server } = await serve();
  try {
    const long = song(240);
    const pending = postRaw(`${server.url}/api/classify?name=long.wav`, long);
    await until(() => server.classifier.load.running === 1, 'the classification to start');
    // The pool's one worker, killed as a crash would (the pool replaces it).
    const pool = (server.classifier as unknown as { pool: { slots: { worker: { terminate(): Promise<number> } }[] } }).pool;
    await pool.slots[0].worker.terminate();
    const crashed = await pending;
    assert.equal(crashed.status, 500);
    assert.equal(crashed.json.error.name, 'WorkerCrashed');
    assert.deepEqual(await tmpFiles(server), []);
    assert.equal((await postRaw(`${server.url}/api/classify`, song(5))).status, 200);
  } finally {
    await server.close();
  }
});

test('with a token every /api/ call needs it (401 otherwise); the page and the probes do not', async () => {
  const { server } = await serve({ token: 's3cret' });
  try {
    const bytes = song(5);
    const none = await postRaw(`${server.url}/api/classify`, bytes);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await postRaw(`${server.url}/api/classify`, bytes, { authorization: 'Bearer wrong!' })).status, 401);
    assert.equal((await fetch(`${server.url}/api/models`)).status, 401);
    assert.equal((await fetch(`${server.url}/api/openapi.json`)).status, 401);
    assert.equal((await postRaw(`${server.url}/api/classify`, bytes, { authorization: 'Bearer s3cret' })).status, 200);
    assert.equal((await fetch(`${server.url}/`)).status, 200);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  } finally {
    await server.close();
  }
});
