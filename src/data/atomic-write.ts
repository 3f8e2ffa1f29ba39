/**
 * Crash-safe file writes: the bytes go to a temporary file in the same folder, are flushed to disk
 * (fsync), and only then renamed over the target. A rename within one file system is atomic, so a
 * reader sees either the old file, the complete new one, or none -- never half a file, even when the
 * process is killed mid-write.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Temporary names start with this prefix and end in `.tmp`; readers skip them, cleaners may delete them. */
export const tempPrefix = '.tmp-';

/** Writes `data` to `path` atomically (temp file + fsync + rename + best-effort fsync of the folder). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  writeFileAtomicWith(path, (write) => write(bytes));
}

/**
 * Atomic write of content produced in chunks (for files too large to hold in memory): `fill`
 * calls `write` for each chunk in order. If `fill` throws, the temp file is removed and `path` is
 * untouched.
 */
export function writeFileAtomicWith(path: string, fill: (write: (chunk: Uint8Array) => void) => void): void {
  const dir = dirname(path);
  const tmp = join(dir, `${tempPrefix}${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    fill((chunk) => {
      let off = 0;
      while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
    });
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
}

/** Flushes a folder's entries so that a rename survives power loss; not supported everywhere (Windows). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Directory fsync is an extra guarantee only; the rename is already atomic for readers.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
