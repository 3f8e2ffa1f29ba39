/**
 * Model folders on disk (Node): save one atomically, read one through `readModelFiles`. The
 * browser build swaps in folder.browser.ts, which reads a folder from a URL. Either reads a
 * folder held in memory (`ModelFiles`, file name -> bytes).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CHECKSUM_FILE, buildManifest, formatChecksums, memoryReader, readModelFiles, verifyChecksumList, MANIFEST_FILE, type ManifestInput, type ModelFileReader, type ModelFiles, type ModelManifest } from './manifest.js';
import type { SerializedModel } from './model.js';
import { ModelFormatError } from '../errors.js';

/** Where a model folder is: a path on disk (a URL in the browser build), or its files in memory. */
export type ModelSource = string | ModelFiles;

/** The key a model source is cached under: its absolute path (in memory: none, not cached). */
export function modelKey(source: string): string {
  return resolve(source);
}

/** Reads the files of folder `dir`; a missing file (or a folder where a file should be) is undefined. */
export function folderReader(dir: string): ModelFileReader {
  return async (name) => {
    try {
      return await readFile(join(dir, name));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw new ModelFormatError(dir, `cannot read '${name}': ${(err as Error).message}`);
    }
  };
}

/** Read and check a model folder (see `readModelFiles`): a path, or its files in memory. */
export function readModelFolder(source: ModelSource): ReturnType<typeof readModelFiles> {
  return typeof source === 'string' ? readModelFiles(source, folderReader(source)) : readModelFiles('<model files>', memoryReader(source));
}

/**
 * Verify every file listed in `dir/SHA256SUMS`. Returns the names checked; throws ModelFormatError
 * naming the folder and the first missing or changed file, or a list that names no file.
 */
export async function verifyChecksums(dir: string): Promise<string[]> {
  const read = folderReader(dir);
  const sums = await read(CHECKSUM_FILE);
  if (!sums) throw new ModelFormatError(dir, `no ${CHECKSUM_FILE}`);
  return [...(await verifyChecksumList(dir, new TextDecoder().decode(sums), read)).keys()];
}

/** Write a model folder atomically (temp folder, then rename over any old one). Returns the manifest. */
export async function saveModelFolder(dir: string, serialized: SerializedModel, info: ManifestInput): Promise<ModelManifest> {
  const manifest = buildManifest(dir, serialized, info);
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(tmp, { recursive: true });
  try {
    const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n');
    const all = { ...serialized.files, [MANIFEST_FILE]: manifestBytes };
    for (const [name, bytes] of Object.entries(all)) await writeFile(join(tmp, name), bytes);
    await writeFile(join(tmp, CHECKSUM_FILE), formatChecksums(all));
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
