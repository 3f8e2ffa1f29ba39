/**
 * Extraction of one file into the feature store: hash the bytes, look the key up, and only when
 * there is no valid entry decode, cut into pieces, compute the recipe on each piece and write the
 * entry. Runs in a worker thread (src/data/extract-worker.ts) or inline.
 */
import { readFileSync } from 'node:fs';
import { loadAudio } from '../audio/load.js';
import { segment } from '../audio/segment.js';
import { AudioDecodeError, DataFormatError } from '../errors.js';
import { getRecipe } from '../features/registry.js';
import type { Recipe } from '../features/recipe.js';
import { packageVersion } from '../version.js';
import { entryKey, FeatureStore, sha256, type EntrySegment, type PieceSetting } from './feature-store.js';

/** One file to extract. `recipe.params` are the resolved parameters (defaults filled in). */
export interface ExtractJob {
  path: string;
  storeDir: string;
  recipe: { id: string; params: Record<string, unknown> };
  pieces: PieceSetting;
}

/** What happened to one file. */
export interface ExtractJobResult {
  key: string;
  /** `computed` when this call wrote the entry, `cached` when a valid entry was already there. */
  status: 'computed' | 'cached';
  /** Number of pieces (segments) in the entry; 0 when the file is shorter than one piece. */
  pieces: number;
  /** Audio duration in seconds. */
  seconds: number;
}

/** The features of a whole decoded signal: segments (pieces) and their values concatenated. */
export interface ComputedFeatures {
  segments: EntrySegment[];
  data: Float32Array;
  names?: string[];
}

/** Computes `recipe` on each piece of `samples` (mono at `recipe.sampleRate`), or on the whole signal when `pieces` is null. */
export function computeFeatures(samples: Float32Array, recipe: Recipe, pieces: PieceSetting): ComputedFeatures {
  const cut = pieces
    ? segment(samples, recipe.sampleRate, { pieceSeconds: pieces.seconds, hopSeconds: pieces.seconds - pieces.overlap, tail: pieces.tail })
    : [{ index: 0, samples, start: 0, end: samples.length }];
  const parts: Float32Array[] = [];
  const segments: EntrySegment[] = [];
  let offset = 0;
  let names: string[] | undefined;
  cut.forEach((piece, index) => {
    const m = recipe.compute(piece.samples);
    names ??= m.names;
    segments.push({ index, start: piece.start, end: piece.end, offset, shape: m.shape });
    parts.push(m.data);
    offset += m.data.length;
  });
  const data = new Float32Array(offset);
  parts.forEach((p, i) => data.set(p, segments[i].offset));
  return { segments, data, names };
}

const recipes = new Map<string, Recipe>();
const stores = new Map<string, FeatureStore>();

function cached<T>(map: Map<string, T>, key: string, make: () => T): T {
  let v = map.get(key);
  if (!v) {
    v = make();
    map.set(key, v);
  }
  return v;
}

/** Decodes bytes read from `path` to mono at `sampleRate`; decode errors name the path. */
async function decodeFile(path: string, bytes: Buffer, sampleRate: number): Promise<Float32Array> {
  try {
    return (await loadAudio(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { sampleRate, mono: true })).samples;
  } catch (err) {
    if (err instanceof AudioDecodeError) throw new AudioDecodeError(path, err.reason, { cause: err, code: err.code });
    throw err;
  }
}

/** Extracts one file (see module comment). Throws AudioDecodeError for a file that cannot be decoded. */
export async function runExtractJob(job: ExtractJob): Promise<ExtractJobResult> {
  const recipe = cached(recipes, `${job.recipe.id}${JSON.stringify(job.recipe.params)}`, () => getRecipe(job.recipe.id, job.recipe.params));
  const store = cached(stores, job.storeDir, () => new FeatureStore(job.storeDir));
  const bytes = readFileSync(job.path);
  const spec = { sourceSha256: sha256(bytes), recipe: { id: recipe.id, params: { ...recipe.params } }, pieces: job.pieces };
  const key = entryKey(spec);
  try {
    const entry = store.read(key);
    if (entry) return { key, status: 'cached', pieces: entry.header.segments.length, seconds: entry.header.nSamples / entry.header.sampleRate };
  } catch (err) {
    // A damaged entry is never used: fall through and overwrite it with a fresh one.
    if (!(err instanceof DataFormatError)) throw err;
  }
  const samples = await decodeFile(job.path, bytes, recipe.sampleRate);
  const features = computeFeatures(samples, recipe, job.pieces);
  store.write(
    {
      format: 'genrekit-feature-entry',
      version: 1,
      key,
      packageVersion,
      ...spec,
      sampleRate: recipe.sampleRate,
      nSamples: samples.length,
      segments: features.segments,
      names: features.names,
    },
    features.data,
  );
  return { key, status: 'computed', pieces: features.segments.length, seconds: samples.length / recipe.sampleRate };
}
