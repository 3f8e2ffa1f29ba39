/**
 * A model on disk is a folder: its weight files plus `genrekit.json`, which records the model
 * kind and arguments, the feature recipe, labels, normalisation, how it was trained, its metrics,
 * the package version and a SHA-256 of every file. Saving writes a temp folder and renames it, so
 * a crash never leaves a half-written model; loading verifies format version and checksums.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ModelFormatError } from '../errors.js';
import { packageVersion } from '../version.js';
import type { SerializedModel } from './model.js';

/** Version of the folder layout; bump when old folders can no longer be read. */
export const MODEL_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'genrekit.json';

export interface ModelManifest {
  format: 'genrekit-model';
  formatVersion: number;
  packageVersion: string;
  createdAt: string;
  /** Model kind (registry name) and its arguments. */
  model: { name: string; args: Record<string, unknown> };
  /** Feature recipe id and resolved parameters; `pieceSeconds` when trained on pieces. */
  recipe: { id: string; params: Record<string, unknown>; pieceSeconds?: number };
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

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Write a model folder atomically (temp folder, then rename over any old one). Returns the manifest. */
export async function saveModelFolder(dir: string, serialized: SerializedModel, info: ManifestInput): Promise<ModelManifest> {
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(serialized.files)) files[name] = sha256(bytes);
  const manifest: ModelManifest = {
    format: 'genrekit-model',
    formatVersion: MODEL_FORMAT_VERSION,
    packageVersion,
    createdAt: new Date().toISOString(),
    ...info,
    model: { name: info.model.name, args: serialized.args },
    files,
  };
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(tmp, { recursive: true });
  try {
    for (const [name, bytes] of Object.entries(serialized.files)) await writeFile(join(tmp, name), bytes);
    await writeFile(join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    const old = `${tmp}.old`;
    if (existsSync(dir)) await rename(dir, old);
    await rename(tmp, dir);
    await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return manifest;
}

/** Read and check `genrekit.json` and the files it lists. Throws ModelFormatError naming the fault. */
export async function readModelFolder(dir: string): Promise<{ manifest: ModelManifest; files: Record<string, Uint8Array> }> {
  const path = join(dir, MANIFEST_FILE);
  let manifest: ModelManifest;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as ModelManifest;
  } catch (err) {
    throw new ModelFormatError(dir, existsSync(path) ? `${MANIFEST_FILE} is not valid JSON` : `no ${MANIFEST_FILE} (not a genrekit model folder)`);
  }
  if (manifest.format !== 'genrekit-model') throw new ModelFormatError(dir, `${MANIFEST_FILE} is not a genrekit model manifest`);
  if (manifest.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new ModelFormatError(
      dir,
      `model format version ${manifest.formatVersion} (written by genrekit ${manifest.packageVersion}) is not supported by genrekit ${packageVersion}, which reads version ${MODEL_FORMAT_VERSION}`,
    );
  }
  const files: Record<string, Uint8Array> = {};
  for (const [name, hash] of Object.entries(manifest.files ?? {})) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(dir, name));
    } catch {
      throw new ModelFormatError(dir, `missing weight file '${name}'`);
    }
    if (sha256(bytes) !== hash) throw new ModelFormatError(dir, `checksum mismatch for '${name}' (file corrupted or edited)`);
    files[name] = bytes;
  }
  return { manifest, files };
}
