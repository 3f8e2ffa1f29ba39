/** mono-stream.ts for the browser: there are no files on disk to stream, so `loadAudio` decodes the bytes it is given whole. */
import type { DecodedAudio } from './types.js';

/** `DecodedAudio` with one channel, the mean of the file's, and how many the file has. */
export interface DecodedMono extends DecodedAudio {
  readonly sourceChannels: number;
}

/** Always undefined in the browser (a path is refused by `readAudioFile`). */
export async function decodeMonoFromFile(_path: string): Promise<DecodedMono | undefined> {
  return undefined;
}

// The swap must give every export of mono-stream.ts with the same types (checked by tsconfig.browser.json).
const twin: typeof import('./mono-stream.js') = { decodeMonoFromFile };
void twin;
