/**
 * Where the bundled default model lives and the check that it is intact. The folder
 * `models/default/` ships in the package; besides the manifest's own checksums of the weight files,
 * `SHA256SUMS` (the `sha256sum` format) covers every file, the manifest and report included, so an
 * edited label list or normalisation is caught too.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelFormatError } from '../errors.js';
import { sha256 } from '../models/manifest.js';

/** Absolute path of the bundled model folder (`<package>/models/default`). */
export const defaultModelDir: string = fileURLToPath(new URL('../../../models/default', import.meta.url)); // from dist/src/predict/

/** Name of the checksum list inside a model folder. */
export const CHECKSUM_FILE = 'SHA256SUMS';

/** `sha256sum`-format text (`<hex>  <name>` per line) for the given files. */
export function formatChecksums(files: Record<string, Uint8Array>): string {
  return Object.keys(files)
    .sort()
    .map((name) => `${sha256(files[name])}  ${name}\n`)
    .join('');
}

/**
 * Verify every file listed in `dir/SHA256SUMS`. Returns the names checked; throws ModelFormatError
 * naming the folder and the first missing or changed file.
 */
export async function verifyChecksums(dir: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(join(dir, CHECKSUM_FILE), 'utf8');
  } catch {
    throw new ModelFormatError(dir, `no ${CHECKSUM_FILE} (the bundled model must carry one)`);
  }
  const names: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new ModelFormatError(dir, `${CHECKSUM_FILE}: malformed line '${line}'`);
    const [, hash, name] = m;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(dir, name));
    } catch {
      throw new ModelFormatError(dir, `${CHECKSUM_FILE} lists '${name}', which is missing`);
    }
    if (sha256(bytes) !== hash) throw new ModelFormatError(dir, `checksum mismatch for '${name}' (file corrupted or edited)`);
    names.push(name);
  }
  if (names.length === 0) throw new ModelFormatError(dir, `${CHECKSUM_FILE} lists no files`);
  return names;
}
