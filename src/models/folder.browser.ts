/**
 * folder.ts for the browser: a model folder is read from a URL (`fetch` of each file relative to
 * it) or from its files in memory; saving needs Node.
 */
import { GenreKitError, ModelFormatError } from '../errors.js';
import { memoryReader, readModelFiles, type ManifestInput, type ModelFileReader, type ModelFiles, type ModelManifest } from './manifest.js';
import type { SerializedModel } from './model.js';

/** Where a model folder is: its URL (absolute, or relative to the page), or its files in memory. */
export type ModelSource = string | ModelFiles;

/** The folder's absolute URL, ending in `/`. */
export function modelKey(source: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const url = new URL(source, base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** Reads the files of the folder at `url` with `fetch`; a 404 is a missing file. */
export function urlReader(url: string): ModelFileReader {
  const base = modelKey(url);
  return async (name) => {
    let res: Response;
    try {
      res = await fetch(new URL(encodeURIComponent(name), base));
    } catch (err) {
      throw new ModelFormatError(base, `cannot fetch '${name}': ${(err as Error).message}`);
    }
    if (res.status === 404) return undefined;
    if (!res.ok) throw new ModelFormatError(base, `cannot fetch '${name}': HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

/** Read and check a model folder (see `readModelFiles`): a URL, or its files in memory. */
export function readModelFolder(source: ModelSource): ReturnType<typeof readModelFiles> {
  return typeof source === 'string' ? readModelFiles(modelKey(source), urlReader(source)) : readModelFiles('<model files>', memoryReader(source));
}

/** Verifying a folder's SHA256SUMS on its own needs Node (`readModelFolder` verifies them in the browser). */
export async function verifyChecksums(dir: string): Promise<string[]> {
  throw new GenreKitError(`${dir}: verifyChecksums needs Node; readModelFolder verifies SHA256SUMS in the browser`, 'NEEDS_NODE');
}

/** Saving a model folder needs Node. */
export async function saveModelFolder(dir: string, _serialized: SerializedModel, _info: ManifestInput): Promise<ModelManifest> {
  throw new GenreKitError(`${dir}: saving a model folder needs Node`, 'NEEDS_NODE');
}

// The swap must give every export of folder.ts with the same types (checked by tsconfig.browser.json); folderReader reads from URLs here.
const twin: typeof import('./folder.js') = { modelKey, folderReader: urlReader, readModelFolder, verifyChecksums, saveModelFolder };
void twin;
