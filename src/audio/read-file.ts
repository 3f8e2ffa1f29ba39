/** Reads a file for decoding, turning file-system failures into `AudioDecodeError`s. */
import { readFile } from 'node:fs/promises';
import { AudioDecodeError } from '../errors.js';

const FS_REASONS: Record<string, [reason: string, code: string]> = {
  ENOENT: ['file not found', 'FILE_NOT_FOUND'],
  EISDIR: ['is a directory, not a file', 'NOT_A_FILE'],
  EACCES: ['permission denied', 'PERMISSION_DENIED'],
  EPERM: ['permission denied', 'PERMISSION_DENIED'],
};

/** The bytes of `path`; throws `AudioDecodeError` (code FILE_NOT_FOUND, NOT_A_FILE, ...) naming it. */
export async function readAudioFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const [reason, ourCode] = FS_REASONS[code] ?? [`cannot read file: ${(err as Error).message}`, 'READ_FAILED'];
    throw new AudioDecodeError(path, reason, { code: ourCode, cause: err });
  }
}
