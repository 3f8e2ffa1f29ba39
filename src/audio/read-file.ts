/** Reads a file for decoding, turning file-system failures into `AudioDecodeError`s. */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { AudioDecodeError } from '../errors.js';

const FS_REASONS: Record<string, [reason: string, code: string]> = {
  ENOENT: ['file not found', 'FILE_NOT_FOUND'],
  EISDIR: ['is a directory, not a file', 'NOT_A_FILE'],
  EACCES: ['permission denied', 'PERMISSION_DENIED'],
  EPERM: ['permission denied', 'PERMISSION_DENIED'],
  ELOOP: ['symbolic link loop', 'SYMLINK_LOOP'],
  ENOTDIR: ['file not found (a part of the path is not a folder)', 'FILE_NOT_FOUND'],
};

function fsError(path: string, err: unknown): AudioDecodeError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const [reason, ourCode] = FS_REASONS[code] ?? [`cannot read file: ${(err as Error).message}`, 'READ_FAILED'];
  return new AudioDecodeError(path, reason, { code: ourCode, cause: err });
}

/**
 * Throws `AudioDecodeError` naming `path` unless it is a regular file (symbolic links followed):
 * a folder, a FIFO, a socket or a device is refused before anything opens it (opening a FIFO
 * would wait for a writer for ever), as are a link loop and a dangling link.
 */
export async function assertRegularFile(path: string): Promise<void> {
  let s;
  try {
    s = await stat(path);
  } catch (err) {
    throw fsError(path, err);
  }
  if (s.isDirectory()) {
    const readable = await access(path, constants.R_OK | constants.X_OK).then(() => true, () => false);
    throw new AudioDecodeError(path, readable ? FS_REASONS.EISDIR[0] : 'is a folder that cannot be read (permission denied)', { code: readable ? 'NOT_A_FILE' : 'PERMISSION_DENIED' });
  }
  if (!s.isFile()) {
    const kind = s.isFIFO() ? 'a FIFO (named pipe)' : s.isSocket() ? 'a socket' : s.isCharacterDevice() || s.isBlockDevice() ? 'a device' : 'not a regular file';
    throw new AudioDecodeError(path, `is ${kind}, not a regular file`, { code: 'NOT_A_FILE' });
  }
}

/** The bytes of `path`; throws `AudioDecodeError` (code FILE_NOT_FOUND, NOT_A_FILE, ...) naming it. */
export async function readAudioFile(path: string): Promise<Uint8Array> {
  await assertRegularFile(path);
  try {
    return await readFile(path);
  } catch (err) {
    throw fsError(path, err);
  }
}
