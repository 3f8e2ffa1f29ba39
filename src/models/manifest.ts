/**
 * A model on disk is a folder: its weight files plus `genrekit.json`, which records the model
 * kind and arguments, its input contract (recipe, sample rate, piece length, columns, shape),
 * labels, normalisation, how it was trained, its metrics, the package version and a SHA-256 of
 * every weight file, and `SHA256SUMS`, which covers every file, the manifest included (see
 * docs/model-format.md). This module holds the format and its checks, with no file system:
 * `readModelFiles` reads a folder through a `ModelFileReader` (a folder on disk, a URL, or
 * file bytes in memory; see folder.ts); `buildManifest` makes the manifest that `saveModelFolder`
 * writes.
 */
import { ModelFormatError } from '../errors.js';
import { sha256Hex as sha256 } from '../platform/hash.js';
import { packageVersion } from '../version.js';
import { getRecipe } from '../features/registry.js';
import type { Recipe } from '../features/recipe.js';
import { modelInputSchema, modelManifestSchema, parseManifestPart } from './manifest-schema.js';
import { z } from 'zod';
import type { SerializedModel } from './model.js';

/** Version of the folder layout; bump when old folders can no longer be read as they are. */
export const MODEL_FORMAT_VERSION = 2;
/** Older versions that `readModelFolder` still reads, upgrading them in memory (`upgradeManifest`). */
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1, 2];
export const MANIFEST_FILE = 'genrekit.json';

/**
 * The input contract of a model: how audio becomes one of its examples. `classify` re-creates the
 * recipe from `recipe`, resamples to `sampleRate`, cuts pieces of `pieceSeconds`, keeps
 * `columns` of the recipe's last axis, and checks that every example has `shape`.
 */
export interface ModelInput {
  /** Feature recipe id and its resolved parameters (every parameter, defaults filled in). */
  recipe: { id: string; params: Record<string, unknown> };
  /** Sample rate the recipe computes at, Hz. */
  sampleRate: number;
  /** Length of the pieces the model was trained on, s. */
  pieceSeconds: number;
  /**
   * Names of the recipe's last-axis outputs the model reads, in its order (the GTZAN-table
   * models read 57 of `gtzan58`'s 58: all but `length`); null when it reads every output in the
   * recipe's order.
   */
  columns: string[] | null;
  /** Shape of one example: `[features]` for a vector, `[steps, features]` for a sequence. */
  shape: number[];
}

export interface ModelManifest {
  format: 'genrekit-model';
  formatVersion: number;
  packageVersion: string;
  createdAt: string;
  /** Model kind (registry name) and its arguments. */
  model: { name: string; args: Record<string, unknown> };
  /** What the model reads (see ModelInput). */
  input: ModelInput;
  labels: string[];
  /** Per-feature standardisation applied before the model, when it is outside the weights. */
  normalization?: { mean: number[]; std: number[] };
  /** How it was trained: exact command, data, protocol, backend, seed. */
  training?: Record<string, unknown>;
  /** Evaluation results (accuracy, F1, protocol named). */
  metrics?: Record<string, unknown>;
  /** File name -> SHA-256 hex of its bytes. */
  files: Record<string, string>;
}

export type ManifestInput = Omit<ModelManifest, 'format' | 'formatVersion' | 'packageVersion' | 'createdAt' | 'files' | 'model'> & {
  model: { name: string };
};

/** Name of the `sha256sum`-format list of every file in a model folder (manifest included). */
export const CHECKSUM_FILE = 'SHA256SUMS';

/** `sha256sum`-format text (`<hex>  <name>` per line, sorted by name) for the given files. */
export function formatChecksums(files: Record<string, Uint8Array>): string {
  return Object.keys(files)
    .sort()
    .map((name) => `${sha256(files[name])}  ${name}\n`)
    .join('');
}

/** Piece length assumed for a version-1 manifest that records none (GTZAN's clip length), s. */
export const V1_PIECE_SECONDS = 30;

/**
 * A manifest of an older format version as the current one. Version 1 kept the recipe as
 * `recipe: { id, params, pieceSeconds? }` and the columns in `training.featureNames`; the input
 * shape is re-derived from the recipe. Throws ModelFormatError naming `dir`.
 */
export function upgradeManifest(raw: Record<string, unknown>, dir: string): ModelManifest {
  if (raw.formatVersion === MODEL_FORMAT_VERSION) return raw as unknown as ModelManifest;
  const v1 = raw as unknown as Omit<ModelManifest, 'input'> & { recipe?: { id?: unknown; params?: unknown; pieceSeconds?: unknown } };
  const r = v1.recipe;
  if (!r || typeof r.id !== 'string' || typeof r.params !== 'object' || r.params === null) throw new ModelFormatError(dir, `${MANIFEST_FILE} (format 1) lacks its recipe`);
  let recipe: Recipe;
  try {
    recipe = getRecipe(r.id, r.params as Record<string, unknown>);
  } catch (err) {
    throw new ModelFormatError(dir, `cannot re-create its feature recipe '${r.id}': ${err instanceof Error ? err.message : String(err)}`);
  }
  const names = v1.training?.featureNames;
  const columns = Array.isArray(names) && names.every((x) => typeof x === 'string') ? (names as string[]) : null;
  const pieceSeconds = typeof r.pieceSeconds === 'number' ? r.pieceSeconds : V1_PIECE_SECONDS;
  const shape = expectedInputShape(recipe, pieceSeconds, columns);
  const { recipe: _old, ...rest } = v1;
  return {
    ...rest,
    formatVersion: MODEL_FORMAT_VERSION,
    input: { recipe: { id: recipe.id, params: { ...recipe.params } }, sampleRate: recipe.sampleRate, pieceSeconds, columns, shape },
  };
}

/** The example shape `recipe` gives for pieces of `pieceSeconds` when a model reads `columns` of its last axis (all when null). */
export function expectedInputShape(recipe: Recipe, pieceSeconds: number, columns: readonly string[] | null): number[] {
  const full = recipe.outputShape(Math.round(pieceSeconds * recipe.sampleRate));
  return columns ? [...full.slice(0, -1), columns.length] : full;
}

const inputOnly = z.object({ input: modelInputSchema });

/** Throws ModelFormatError naming `where` and the key unless `input` is a well-formed ModelInput (manifest-schema.ts). */
export function checkModelInput(input: unknown, where: string): asserts input is ModelInput {
  parseManifestPart(inputOnly, { input }, where, MANIFEST_FILE);
}

export { sha256 };

/** Reads one file of a model folder by name: its bytes, or undefined when there is no such file. */
export type ModelFileReader = (name: string) => Promise<Uint8Array | undefined>;

/** A model folder held in memory: file name -> bytes (e.g. files a user picked in a page). */
export type ModelFiles = Record<string, Uint8Array | ArrayBuffer>;

/** A reader over files held in memory. */
export function memoryReader(files: ModelFiles): ModelFileReader {
  return async (name) => {
    const f = Object.hasOwn(files, name) ? files[name] : undefined;
    return f === undefined ? undefined : f instanceof Uint8Array ? f : new Uint8Array(f);
  };
}

/** The manifest `saveModelFolder` writes for `serialized` (file names checked, each file's SHA-256 recorded). */
export function buildManifest(where: string, serialized: SerializedModel, info: ManifestInput): ModelManifest {
  checkModelInput(info.input, where);
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(serialized.files)) {
    if (!isPlainFileName(name) || name === MANIFEST_FILE || name === CHECKSUM_FILE) throw new ModelFormatError(where, `'${name}' cannot be a file of a model folder`);
    files[name] = sha256(bytes);
  }
  return {
    format: 'genrekit-model',
    formatVersion: MODEL_FORMAT_VERSION,
    packageVersion,
    createdAt: new Date().toISOString(),
    ...info,
    model: { name: info.model.name, args: serialized.args },
    files,
  };
}

/**
 * Read and check `genrekit.json` and the files it lists, and every file of `SHA256SUMS` (required
 * from format 2 on), through `read`. Each file is read and hashed once. Returns the manifest
 * (upgraded to the current format), the weight files, and the names `SHA256SUMS` covered. Throws
 * ModelFormatError naming `where` and the fault.
 */
export async function readModelFiles(where: string, read: ModelFileReader): Promise<{ manifest: ModelManifest; files: Record<string, Uint8Array>; checksummed: string[] }> {
  const bytes = await read(MANIFEST_FILE);
  if (!bytes) throw new ModelFormatError(where, `no ${MANIFEST_FILE} (not a genrekit model folder)`);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new ModelFormatError(where, `${MANIFEST_FILE} is not valid JSON`);
  }
  if (typeof raw !== 'object' || raw === null || raw.format !== 'genrekit-model') throw new ModelFormatError(where, `${MANIFEST_FILE} is not a genrekit model manifest`);
  if (!READABLE_FORMAT_VERSIONS.includes(raw.formatVersion as number)) {
    throw new ModelFormatError(
      where,
      `model format version ${String(raw.formatVersion)} (written by genrekit ${String(raw.packageVersion)}) is not supported by genrekit ${packageVersion}, which reads versions ${READABLE_FORMAT_VERSIONS.join(', ')}`,
    );
  }
  // Every folder of format 2 carries SHA256SUMS; folders of format 1 written by `genrekit train` did not.
  const sums = await read(CHECKSUM_FILE);
  if (!sums && raw.formatVersion !== 1) throw new ModelFormatError(where, `no ${CHECKSUM_FILE}`);
  const verified = sums ? await verifyChecksumList(where, new TextDecoder().decode(sums), read) : new Map<string, VerifiedFile>();
  const manifest = parseManifestPart(modelManifestSchema, upgradeManifest(raw, where), where, MANIFEST_FILE);
  const files: Record<string, Uint8Array> = {};
  for (const [name, hash] of Object.entries(manifest.files ?? {})) {
    if (!isPlainFileName(name)) throw new ModelFormatError(where, `${MANIFEST_FILE} lists '${name}', which is not a file name inside the folder`);
    const known = verified.get(name);
    const file = known?.bytes ?? (await read(name));
    if (!file) throw new ModelFormatError(where, `missing weight file '${name}'`);
    if ((known?.hash ?? sha256(file)) !== hash) throw new ModelFormatError(where, `checksum mismatch for '${name}' (file corrupted or edited)`);
    files[name] = file;
  }
  return { manifest, files, checksummed: [...verified.keys()] };
}

/** A file name inside the folder: no separator, not `.` or `..`, no NUL. */
export function isPlainFileName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !/[\/\\\0]/.test(name);
}

/** A file `SHA256SUMS` lists, read and found to have its listed hash. */
interface VerifiedFile {
  bytes: Uint8Array;
  hash: string;
}

/**
 * Every file of a `SHA256SUMS` text, read through `read` and verified, by name. Throws
 * ModelFormatError naming `where` and the first malformed line, missing or changed file, or a list
 * that names no file.
 */
export async function verifyChecksumList(where: string, text: string, read: ModelFileReader): Promise<Map<string, VerifiedFile>> {
  const out = new Map<string, VerifiedFile>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new ModelFormatError(where, `${CHECKSUM_FILE}: malformed line '${line}'`);
    const [, hash, name] = m;
    if (!isPlainFileName(name)) throw new ModelFormatError(where, `${CHECKSUM_FILE} lists '${name}', which is not a file name inside the folder`);
    const bytes = await read(name);
    if (!bytes) throw new ModelFormatError(where, `${CHECKSUM_FILE} lists '${name}', which is missing`);
    if (sha256(bytes) !== hash) throw new ModelFormatError(where, `checksum mismatch for '${name}' (file corrupted or edited)`);
    out.set(name, { bytes, hash });
  }
  if (out.size === 0) throw new ModelFormatError(where, `${CHECKSUM_FILE} lists no files`);
  return out;
}
