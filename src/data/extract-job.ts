/**
 * Extraction of one file into the feature store: hash the file (streamed), look the key up, and
 * only when there is no valid entry decode, cut into pieces, compute the recipe on each piece and
 * write the entry; with pieces, a file streams from disk (a few pieces of audio held, as in
 * `classify`). Runs in a worker thread (src/data/extract-worker.ts) or inline.
 */
import { loadAudio } from '../audio/load.js';
import { openMonoStream, type MonoStream, type MonoStreamEnd } from '../audio/mono-stream.js';
import { assertRegularFile, readAudioFile } from '../audio/read-file.js';
import { segment, type SegmentOptions } from '../audio/segment.js';
import { forEachStreamedPiece } from '../audio/segment-stream.js';
import { DataFormatError } from '../errors.js';
import { fileSha256 } from '../platform/file-hash.js';
import { getRecipe } from '../features/registry.js';
import type { Recipe } from '../features/recipe.js';
import { packageVersion } from '../version.js';
import { entryKey, FeatureStore, type EntrySegment, type PieceSetting } from './feature-store.js';

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
  /** The file ends before its header says it should: the audio present was used (`truncatedBecause` says how it was cut). */
  truncated: boolean;
  truncatedBecause?: string;
}

/** The features of a whole decoded signal: segments (pieces) and their values concatenated. */
export interface ComputedFeatures {
  segments: EntrySegment[];
  data: Float32Array;
  names?: string[];
}

/** Collects the recipe's values piece by piece, in order. */
class FeatureParts {
  private readonly parts: Float32Array[] = [];
  private readonly segments: EntrySegment[] = [];
  private offset = 0;
  private names: string[] | undefined;
  constructor(private readonly recipe: Recipe) {}
  add(piece: { start: number; end: number; samples: Float32Array }): void {
    const m = this.recipe.compute(piece.samples);
    this.names ??= m.names;
    this.segments.push({ index: this.segments.length, start: piece.start, end: piece.end, offset: this.offset, shape: m.shape });
    this.parts.push(m.data);
    this.offset += m.data.length;
  }
  done(): ComputedFeatures {
    const data = new Float32Array(this.offset);
    this.parts.forEach((p, i) => data.set(p, this.segments[i].offset));
    return { segments: this.segments, data, names: this.names };
  }
}

function segmentOptions(pieces: NonNullable<PieceSetting>): SegmentOptions {
  return { pieceSeconds: pieces.seconds, hopSeconds: pieces.seconds - pieces.overlap, tail: pieces.tail };
}

/** Computes `recipe` on each piece of `samples` (mono at `recipe.sampleRate`), or on the whole signal when `pieces` is null. */
export function computeFeatures(samples: Float32Array, recipe: Recipe, pieces: PieceSetting): ComputedFeatures {
  const parts = new FeatureParts(recipe);
  if (!pieces) parts.add({ start: 0, end: samples.length, samples });
  else for (const piece of segment(samples, recipe.sampleRate, segmentOptions(pieces))) parts.add(piece);
  return parts.done();
}

/**
 * `computeFeatures` on a file streamed from disk (decode -> mono -> resample -> pieces), holding a
 * few pieces of its audio at a time: the same values as on the whole signal.
 */
async function computeStreamed(stream: MonoStream, recipe: Recipe, pieces: NonNullable<PieceSetting>): Promise<{ features: ComputedFeatures; nSamples: number; end: MonoStreamEnd }> {
  const parts = new FeatureParts(recipe);
  const { songSamples, end } = await forEachStreamedPiece(stream, recipe.sampleRate, segmentOptions(pieces), (piece) => parts.add(piece));
  return { features: parts.done(), nSamples: songSamples, end };
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

/**
 * The recipe's features of the file at `path`: streamed from disk when it is cut into pieces and
 * its container streams (all but FLAC inside Ogg), else decoded whole.
 */
async function featuresOf(path: string, recipe: Recipe, pieces: PieceSetting): Promise<{ features: ComputedFeatures; nSamples: number; end: { truncated: boolean; truncatedBecause?: string } }> {
  const stream = pieces ? await openMonoStream(path) : undefined;
  if (stream && pieces) return computeStreamed(stream, recipe, pieces);
  const audio = await loadAudio(path, { sampleRate: recipe.sampleRate, mono: true });
  return { features: computeFeatures(audio.samples, recipe, pieces), nSamples: audio.samples.length, end: audio };
}

/** Extracts one file (see module comment). Throws AudioDecodeError for a file that cannot be decoded. */
export async function runExtractJob(job: ExtractJob): Promise<ExtractJobResult> {
  const recipe = cached(recipes, `${job.recipe.id}${JSON.stringify(job.recipe.params)}`, () => getRecipe(job.recipe.id, job.recipe.params));
  const store = cached(stores, job.storeDir, () => new FeatureStore(job.storeDir));
  await assertRegularFile(job.path); // a FIFO or a folder: refused before the hash reads it
  const sourceSha256 = await fileSha256(job.path);
  if (sourceSha256 === null) await readAudioFile(job.path); // throws the AudioDecodeError saying why it cannot be read
  const spec = { sourceSha256: sourceSha256 as string, recipe: { id: recipe.id, params: { ...recipe.params } }, pieces: job.pieces };
  const key = entryKey(spec);
  try {
    const entry = store.read(key);
    if (entry) {
      const { segments, nSamples, sampleRate, truncatedBecause } = entry.header;
      return { key, status: 'cached', pieces: segments.length, seconds: nSamples / sampleRate, truncated: truncatedBecause !== undefined, truncatedBecause };
    }
  } catch (err) {
    // A damaged entry is never used: fall through and overwrite it with a fresh one.
    if (!(err instanceof DataFormatError)) throw err;
  }
  const { features, nSamples, end } = await featuresOf(job.path, recipe, job.pieces);
  const truncatedBecause = end.truncated ? (end.truncatedBecause ?? 'the file ends before its header says it should') : undefined;
  store.write(
    {
      format: 'genrekit-feature-entry',
      version: 1,
      key,
      packageVersion,
      ...spec,
      sampleRate: recipe.sampleRate,
      nSamples,
      segments: features.segments,
      names: features.names,
      ...(truncatedBecause ? { truncatedBecause } : {}),
    },
    features.data,
  );
  return { key, status: 'computed', pieces: features.segments.length, seconds: nSamples / recipe.sampleRate, truncated: truncatedBecause !== undefined, truncatedBecause };
}
