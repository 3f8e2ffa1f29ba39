/** Helpers for tests that hand-edit model folders. */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKSUM_FILE, formatChecksums } from '../../src/models/manifest.js';

/**
 * Rewrite `SHA256SUMS` of a model folder for its files as they are now: a hand-edited folder that
 * passes the checksum list, so a test reaches the checks behind it (as a folder from another
 * genrekit version would).
 */
export async function resealModelFolder(dir: string): Promise<void> {
  const files: Record<string, Uint8Array> = {};
  for (const name of (await readdir(dir)).sort()) if (name !== CHECKSUM_FILE) files[name] = await readFile(join(dir, name));
  await writeFile(join(dir, CHECKSUM_FILE), formatChecksums(files));
}
