/**
 * The HTTP API's JSON schemas: Fastify validates requests and serialises responses with them, and
 * @fastify/swagger turns the same objects into the OpenAPI description at /api/openapi.json.
 */
import { AGGREGATIONS } from '../predict/aggregate.js';

const genreScore = {
  type: 'object',
  required: ['label', 'score'],
  properties: { label: { type: 'string' }, score: { type: 'number', description: 'probability (or vote share), 0..1' } },
} as const;

const piece = {
  type: 'object',
  required: ['startSeconds', 'endSeconds', 'genres', 'levelDb', 'silent', 'short'],
  properties: {
    startSeconds: { type: 'number' },
    endSeconds: { type: 'number' },
    genres: { type: 'array', items: genreScore },
    levelDb: { type: 'number', description: 'RMS level, dB full scale' },
    silent: { type: 'boolean' },
    short: { type: 'boolean' },
  },
} as const;

/** Query of POST /api/classify. */
export const classifyQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    top: { type: 'integer', minimum: 1, maximum: 100, default: 3, description: 'genres to return, best first' },
    timeline: { type: 'boolean', default: false, description: "include every piece's verdict (`pieces`)" },
    piece: { type: 'number', exclusiveMinimum: 0, description: "piece length in seconds; default the model's" },
    aggregate: { type: 'string', enum: [...AGGREGATIONS], default: 'mean' },
    spectrogram: { type: 'boolean', default: false, description: "include the song's mel spectrogram as a PNG data URL" },
    name: { type: 'string', maxLength: 255, description: 'the file name, for a raw audio body (a multipart upload carries its own)' },
  },
} as const;

/** What `classify()` returns, plus the file's name and the optional picture. */
export const classifyResponse = {
  type: 'object',
  required: ['file', 'genres', 'certainty', 'durationSeconds', 'short', 'silent', 'warnings', 'model'],
  properties: {
    file: { type: 'string', description: 'the uploaded file name' },
    genres: { type: 'array', items: genreScore },
    certainty: { type: 'number', description: 'log10 of the top score over the runner-up; 0 is a tie' },
    durationSeconds: { type: 'number' },
    pieces: { type: 'array', items: piece, description: 'with timeline=true' },
    short: { type: 'boolean' },
    silent: { type: 'boolean' },
    warnings: { type: 'array', items: { type: 'string' } },
    model: {
      type: 'object',
      required: ['name', 'pieceSeconds', 'aggregate'],
      properties: { name: { type: 'string' }, pieceSeconds: { type: 'number' }, aggregate: { type: 'string' } },
    },
    spectrogram: { type: 'string', description: 'data:image/png;base64,... (with spectrogram=true)' },
  },
} as const;

/** Every error response. */
export const errorResponse = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['name', 'message'],
      properties: { name: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
    },
    requestId: { type: 'string' },
  },
} as const;

/** GET /api/models. */
export const modelsResponse = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'labels', 'recipe', 'sampleRate', 'pieceSeconds'],
    properties: {
      name: { type: 'string' },
      labels: { type: 'array', items: { type: 'string' } },
      recipe: { type: 'string' },
      sampleRate: { type: 'number' },
      pieceSeconds: { type: 'number' },
      accuracy: { type: 'array', items: { type: 'object', required: ['protocol', 'accuracy'], properties: { protocol: { type: 'string' }, accuracy: { type: 'number' } } } },
    },
  },
} as const;

/** GET /readyz. */
export const readyResponse = {
  type: 'object',
  required: ['ready', 'queued', 'running', 'capacity'],
  properties: { ready: { type: 'boolean' }, queued: { type: 'integer' }, running: { type: 'integer' }, capacity: { type: 'integer' } },
} as const;
