/** read-file.ts for the browser: a page has no file paths; it passes a file's bytes instead. */
import { AudioDecodeError } from '../errors.js';

/** Throws `AudioDecodeError` (code NEEDS_NODE): pass the file's bytes (`new Uint8Array(await file.arrayBuffer())`). */
export async function readAudioFile(path: string): Promise<Uint8Array> {
  throw new AudioDecodeError(path, 'reading a file by its path needs Node; in a browser pass the file\'s bytes (a Uint8Array)', { code: 'NEEDS_NODE' });
}

/** Throws `AudioDecodeError` (code NEEDS_NODE), as `readAudioFile`. */
export async function assertRegularFile(path: string): Promise<void> {
  await readAudioFile(path);
}

// The swap must give every export of read-file.ts with the same types (checked by tsconfig.browser.json).
const twin: typeof import('./read-file.js') = { readAudioFile, assertRegularFile };
void twin;
