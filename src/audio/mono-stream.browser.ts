/** mono-stream.ts for the browser: there are no files on disk to stream, so `loadAudio` and `classify` decode the bytes they are given whole. */
import type { DecodedAudio } from './types.js';

/** `DecodedAudio` with one channel, the mean of the file's, and how many the file has. */
export interface DecodedMono extends DecodedAudio {
  readonly sourceChannels: number;
}

/** A run of mono samples of a stream, in order. */
export interface MonoChunk {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/** What a stream says about its file once every chunk was read. */
export type MonoStreamEnd = Omit<DecodedMono, 'channelData' | 'sampleRate'>;

/** A file's mono samples, chunk by chunk. */
export interface MonoStream {
  readonly frames?: number;
  readonly chunks: AsyncGenerator<MonoChunk, MonoStreamEnd>;
}

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
