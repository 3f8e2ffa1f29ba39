/** mono-stream.ts for the browser: there are no files on disk to stream, so `loadAudio` and `classify` decode the bytes they are given whole. */
import type { DecodedMono, MonoStream } from './types.js';

export type { DecodedMono, MonoChunk, MonoStream, MonoStreamEnd } from './types.js';

/** Always undefined in the browser (a path is refused by `readAudioFile`). */
export async function openMonoStream(_path: string): Promise<MonoStream | undefined> {
  return undefined;
}

/** Always undefined in the browser. */
export async function decodeMonoFromFile(_path: string): Promise<DecodedMono | undefined> {
  return undefined;
}

// The swap must give every export of mono-stream.ts with the same types (checked by tsconfig.browser.json).
const twin: typeof import('./mono-stream.js') = { decodeMonoFromFile, openMonoStream };
void twin;
