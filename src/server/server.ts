/**
 * `genrekit serve`: the HTTP API and the web page, on Fastify. An upload (multipart, or a raw
 * audio body) streams to a temp file, never more than `maxUploadMb`; a worker thread of the
 * `BatchClassifier` decodes and classifies it; the temp file is removed whatever happens. At most
 * `jobs + queue` requests are in flight (beyond: 503 with Retry-After); each has `timeoutSeconds`
 * (504; its worker is replaced); a client that goes away frees its slot at once. Responses never
 * name a path on the server. One JSON log line per request (time, id, method, path, status, ms, bytes). See docs/serve.md.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import { ParameterError } from '../errors.js';
import { BatchClassifier } from '../predict/batch.js';
import type { Aggregation } from '../predict/aggregate.js';
import { defaultModelDir } from '../predict/default-model.js';
import { describeModel } from '../predict/model-info.js';
import { loadClassifier } from '../predict/genre-model.js';
import { poolDefaults } from '../parallel/pool.js';
import { packageVersion } from '../version.js';
import { classifyQuery, classifyResponse, errorResponse, modelsResponse, readyResponse } from './schemas.js';

/** Options of `startServer`; every one has its default in `SERVE_DEFAULTS`. */
export interface ServeOptions {
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Address to bind; loopback by default, so nothing outside the machine reaches it unless asked. */
  host?: string;
  /** Model folder; default the bundled model. */
  model?: string;
  /** Worker threads classifying uploads. Default one per core. */
  jobs?: number;
  /** Largest upload, MiB (413 beyond). */
  maxUploadMb?: number;
  /** Requests that may wait for a worker beyond the `jobs` running (503 beyond). */
  queue?: number;
  /** Seconds a request may take, upload included (504 beyond). */
  timeoutSeconds?: number;
  /** When set, every /api/ call needs `Authorization: Bearer <token>` (401 otherwise). Default `GENREKIT_TOKEN` or none. */
  token?: string | null;
  /** Where the JSON log lines go; null for none. Default standard output. */
  log?: NodeJS.WritableStream | null;
  /** Folder for the uploads' temp files (created, and removed on close). Default a new folder in the system's temp folder. */
  tmpDir?: string;
}

/** Defaults of `startServer` (the CLI help reads them from here). */
export const SERVE_DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  maxUploadMb: 50,
  queue: 16,
  timeoutSeconds: 120,
} as const;

/** A running server. */
export interface GenreServer {
  /** `http://host:port`. */
  url: string;
  app: FastifyInstance;
  classifier: BatchClassifier;
  /** Folder of the uploads in progress (empty when none is). */
  tmpDir: string;
  /** Requests in flight (uploading, waiting or classifying). */
  readonly inFlight: number;
  /** Stop accepting, finish or fail what is in flight, stop the workers, remove the temp folder. */
  close(): Promise<void>;
}

/** An HTTP error with its status, as the API returns it. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

type ClassifyQuery = { top: number; timeline: boolean; piece?: number; aggregate: Aggregation; spectrogram: boolean; name?: string };

const PAGE_FILES: Record<string, string> = { '/': 'index.html', '/app.js': 'app.js', '/app.css': 'app.css' };
const PAGE_TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/** Starts the server and resolves once it listens and its model is loaded. */
export async function startServer(options: ServeOptions = {}): Promise<GenreServer> {
  const o = { ...SERVE_DEFAULTS, jobs: poolDefaults.workers, token: process.env.GENREKIT_TOKEN || null, model: defaultModelDir, ...options };
  for (const [name, v, min] of [['port', o.port, 0], ['jobs', o.jobs, 1], ['queue', o.queue, 0]] as const) {
    if (!Number.isInteger(v) || v < min) throw new ParameterError(name, `must be an integer >= ${min}, got ${v}`);
  }
  if (!(o.maxUploadMb > 0)) throw new ParameterError('maxUploadMb', `must be > 0, got ${o.maxUploadMb}`);
  if (!(o.timeoutSeconds > 0)) throw new ParameterError('timeoutSeconds', `must be > 0, got ${o.timeoutSeconds}`);
  const maxBytes = Math.round(o.maxUploadMb * 1024 * 1024);
  const capacity = o.jobs + o.queue;
  await loadClassifier(o.model); // a bad model folder fails here, not on the first request
  const info = await describeModel(o.model);
  const page = await readPage();
  const tmpDir = o.tmpDir ?? (await mkdtemp(join(tmpdir(), 'genrekit-serve-')));
  const classifier = new BatchClassifier({ jobs: o.jobs, model: o.model });
  let inFlight = 0;

  const logStream = o.log === null ? null : (o.log ?? process.stdout);
  const log = (fields: Record<string, unknown>) => logStream?.write(JSON.stringify({ time: new Date().toISOString(), ...fields }) + '\n');
  // forceCloseConnections: closing the server cuts connections still sending (a stuck upload) instead of waiting for them.
  const app = Fastify({ logger: false, genReqId: () => randomUUID(), forceCloseConnections: true });
  await app.register(swagger, {
    openapi: { info: { title: 'genrekit', version: packageVersion, description: 'Music genre classification. POST a song, get its genres.' } },
  });
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 8 } });
  // A raw audio body is handed to the route as a stream, never buffered.
  app.addContentTypeParser(/^audio\/|^application\/octet-stream/, (_req, payload, done) => done(null, payload));

  const uploadBytes = new WeakMap<FastifyRequest, number>();
  app.addHook('onRequest', async (req) => {
    if (!o.token || !req.url.startsWith('/api/')) return;
    const given = Buffer.from(req.headers.authorization ?? '');
    const want = Buffer.from(`Bearer ${o.token}`);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new HttpError(401, 'Unauthorized', 'this server needs Authorization: Bearer <token>');
  });
  app.addHook('onResponse', async (req, reply) => {
    log({ id: req.id, method: req.method, path: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime), bytes: uploadBytes.get(req) ?? 0 });
  });
  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown; code?: string }, req, reply) => {
    const status = err instanceof HttpError ? err.status : err.validation ? 400 : (err.statusCode ?? 500);
    const name = err instanceof HttpError ? err.errorName : err.validation ? 'BadRequest' : status === 413 ? 'PayloadTooLarge' : status >= 500 ? 'InternalError' : 'BadRequest';
    if (status === 401) reply.header('www-authenticate', 'Bearer');
    // An answer before the whole body arrived (413, 503, 504...): the connection closes after it rather than wait for the rest.
    if (!req.raw.complete) reply.header('connection', 'close');
    if (status >= 500 && !(err instanceof HttpError)) log({ id: req.id, error: err.message });
    return reply.status(status).send({ error: { name, code: err instanceof HttpError ? err.code : err.code, message: status >= 500 && !(err instanceof HttpError) ? 'internal error' : err.message }, requestId: req.id });
  });

  for (const [path, file] of Object.entries(PAGE_FILES)) {
    app.get(path, { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type(PAGE_TYPES[file.split('.').pop()!])
        .header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'")
        .header('x-content-type-options', 'nosniff')
        .send(page[file]),
    );
  }
  app.get('/healthz', { schema: { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { response: { 200: readyResponse, 503: readyResponse } } }, async (_req, reply) => {
    const load = classifier.load;
    const ready = inFlight < capacity;
    return reply.status(ready ? 200 : 503).send({ ready, queued: load.queued, running: load.running, capacity });
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/models', { schema: { summary: 'The model this server classifies with', response: { 200: modelsResponse } } }, async () => [
    {
      name: info.manifest.model.name,
      labels: info.manifest.labels,
      recipe: info.manifest.input.recipe.id,
      sampleRate: info.manifest.input.sampleRate,
      pieceSeconds: info.pieceSeconds,
      // The protocol without the data's path (a report names the table it was trained on).
      accuracy: info.accuracy.map((a) => ({ protocol: a.protocol.split(';')[0], accuracy: a.accuracy })),
    },
  ]);

  app.post(
    '/api/classify',
    {
      schema: {
        summary: 'Classify one song',
        description: 'The body is the audio file: multipart/form-data with one file part, or the raw bytes with an audio/* or application/octet-stream content type. WAV, AU, FLAC, MP3, Ogg Vorbis or Opus.',
        querystring: classifyQuery,
        response: { 200: classifyResponse, '4xx': errorResponse, '5xx': errorResponse },
      },
    },
    async (req, reply) => {
      if (inFlight >= capacity) {
        reply.header('retry-after', String(Math.max(1, Math.ceil(o.timeoutSeconds / 4))));
        throw new HttpError(503, 'Busy', `the server is busy (${capacity} requests in flight): try again shortly`);
      }
      inFlight++;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new HttpError(504, 'Timeout', `the request took longer than ${o.timeoutSeconds} s`)), o.timeoutSeconds * 1000);
      const onClose = () => {
        if (!reply.raw.writableEnded) controller.abort(new HttpError(499, 'ClientClosed', 'the client went away'));
      };
      reply.raw.on('close', onClose);
      const tmp = join(tmpDir, `${randomUUID()}.upload`);
      try {
        const q = req.query as ClassifyQuery;
        const name = await receive(req, tmp, maxBytes, controller.signal, (n) => uploadBytes.set(req, n));
        const displayName = (name ?? q.name ?? 'upload').replace(/[\\/]/g, '_').slice(0, 255);
        const out = await classifier.classifyFile(tmp, { topK: q.top, aggregate: q.aggregate, ...(q.piece ? { pieceSeconds: q.piece } : {}) }, { picture: q.spectrogram, signal: controller.signal });
        if (controller.signal.aborted) throw controller.signal.reason;
        if (out.error) throw classifyError(out.error, tmp, displayName);
        const { pieces, ...rest } = out.result!;
        return {
          file: displayName,
          ...rest,
          ...(q.timeline ? { pieces } : {}),
          ...(out.picture ? { spectrogram: `data:image/png;base64,${Buffer.from(out.picture).toString('base64')}` } : {}),
        };
      } catch (err) {
        throw controller.signal.aborted && !(err instanceof HttpError && err.status === 413) ? controller.signal.reason : err;
      } finally {
        clearTimeout(timer);
        reply.raw.off('close', onClose);
        inFlight--;
        await rm(tmp, { force: true });
      }
    },
  );

  const address = await app.listen({ port: o.port, host: o.host });
  log({ listening: address, jobs: o.jobs, capacity, maxUploadMb: o.maxUploadMb, timeoutSeconds: o.timeoutSeconds, token: Boolean(o.token) });
  return {
    url: address,
    app,
    classifier,
    tmpDir,
    get inFlight() {
      return inFlight;
    },
    async close() {
      await app.close();
      await classifier.close();
      if (!o.tmpDir) await rm(tmpDir, { recursive: true, force: true });
    },
  };
}

/**
 * Streams the request's audio into `tmp`: the one file part of a multipart body, or a raw body.
 * Returns the multipart file name, if any. 413 beyond `maxBytes` (checked against Content-Length
 * first, then counted), 400 for a multipart body without a file.
 */
async function receive(req: FastifyRequest, tmp: string, maxBytes: number, signal: AbortSignal, onBytes: (n: number) => void): Promise<string | undefined> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
  let source: Readable;
  let name: string | undefined;
  let truncated = () => false;
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) throw new HttpError(400, 'BadRequest', 'the multipart body holds no file');
    source = part.file;
    name = part.filename;
    truncated = () => part.file.truncated;
  } else if (req.body && typeof (req.body as Readable).pipe === 'function') {
    source = req.body as Readable;
  } else {
    throw new HttpError(415, 'UnsupportedMediaType', 'send the audio as multipart/form-data or as a raw body with an audio/* or application/octet-stream content type');
  }
  // Past the limit the rest is read and dropped (up to 4 more times the limit, then the
  // connection is cut), so that the client, still sending, gets to read the 413.
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      onBytes(bytes);
      if (bytes <= maxBytes) done(null, chunk);
      else done(bytes > 5 * maxBytes ? tooLarge(maxBytes) : null);
    },
  });
  await pipeline(source, counter, createWriteStream(tmp), { signal });
  if (truncated() || bytes > maxBytes) throw tooLarge(maxBytes);
  if (bytes === 0) throw new HttpError(400, 'BadRequest', 'the upload is empty');
  return name;
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'PayloadTooLarge', `the upload is larger than ${+(maxBytes / 1024 / 1024).toFixed(2)} MiB (--max-upload-mb)`);
}

/** The HTTP error for a failed classification, its message naming the upload, not the temp file. */
function classifyError(e: { name: string; message: string; code?: string }, tmp: string, displayName: string): HttpError {
  const message = e.message.split(tmp).join(displayName);
  if (e.name === 'AudioDecodeError') {
    const unsupported = e.code === 'UNKNOWN_FORMAT' || e.code === 'UNSUPPORTED_CODEC';
    return new HttpError(unsupported ? 415 : 422, e.name, message, e.code);
  }
  if (e.code === 'AUDIO_TOO_SHORT' || e.code === 'EMPTY_AUDIO' || e.code === 'NON_FINITE_FEATURES') return new HttpError(422, e.name, message, e.code);
  if (e.name === 'ParameterError') return new HttpError(400, e.name, message, e.code);
  if (e.name === 'WorkerExit') return new HttpError(500, 'WorkerCrashed', 'the worker classifying this file stopped; the server goes on', e.code);
  return new HttpError(500, e.name, message, e.code);
}

/** The web page's files, from `<package>/web/`. */
async function readPage(): Promise<Record<string, string>> {
  const dir = new URL('../../../web/', import.meta.url); // from dist/src/server/
  const out: Record<string, string> = {};
  for (const file of Object.values(PAGE_FILES)) out[file] = await readFile(new URL(file, dir), 'utf8');
  return out;
}
