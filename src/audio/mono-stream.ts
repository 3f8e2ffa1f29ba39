/**
 * Mono samples of a file on disk, read and mixed down chunk by chunk, so a long file never sits
 * in memory as its bytes plus one float array per channel (an hour of 44.1 kHz stereo WAV is 635
 * MB of bytes and 1.27 GB of channels; mono is 635 MB). WAV and AU are read range by range and
 * their PCM decoded per range; MP3, FLAC, Ogg Vorbis and Ogg Opus are fed to their decoders in
 * pieces (mpg123, libFLAC, libvorbis and libopus decode streams: the samples are the same as from
 * the whole buffer; Ogg pages and FLAC's STREAMINFO checks are applied as the stream passes).
 * `openMonoStream` hands the chunks out one at a time (what `classify` streams through its
 * pipeline, holding none of the song); `decodeMonoFromFile` collects them (what `loadAudio` uses).
 * FLAC inside Ogg is not streamed here: both return undefined for it, and for any file whose
 * header they cannot read from the file's first MiB, and the callers decode those whole, giving
 * the errors they always give.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { AudioDecodeError } from '../errors.js';
import { readAuLayout } from './au.js';
import { detectContainer } from './detect.js';
import { decodePcm, PCM_BYTES, type PcmSampleFormat } from './pcm.js';
import type { AudioContainer, DecodedMono, MonoChunk, MonoStream, MonoStreamEnd } from './types.js';
import { decodeFlacStream, decodeMp3Stream, decodeOggOpusStream, decodeOggVorbisStream } from './wasm-codecs.js';
import { oggCodec } from './ogg-pages.js';
import { readWavLayout } from './wav.js';
import { mixInto, toMono } from './mix.js';
import { assertRegularFile } from './read-file.js';

/** Bytes of PCM read per step: big enough that system calls cost nothing, small next to any audio. */
const CHUNK_BYTES = 4 << 20;
/** Bytes of MP3 or Ogg Vorbis fed to the decoder per step: 1 MiB of 128 kbit/s stereo MP3 decodes to ~23 MB of floats. */
const CODEC_CHUNK_BYTES = 1 << 20;
/** Bytes of the head read to find the container and the PCM header; then HEAD_BYTES if that was not enough. */
const SMALL_HEAD_BYTES = 1 << 16;
const HEAD_BYTES = 1 << 20;

export type { DecodedMono, MonoChunk, MonoStream, MonoStreamEnd } from './types.js';

/**
 * The file's mono mix as a stream of chunks (see the module comment), or undefined when its
 * container is not streamed here or its header lies beyond the first MiB. The header is read
 * here; the generator opens the file again when first asked for a chunk and closes it when it
 * finishes or is returned (a stream never iterated holds nothing open). Iterating throws
 * `AudioDecodeError` naming the file for a corrupt MP3 stream.
 */
export async function openMonoStream(path: string): Promise<MonoStream | undefined> {
  let handle: FileHandle;
  await assertRegularFile(path); // a FIFO, a folder or a link loop: refused before it is opened
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined; // the whole-file read gives the precise reason
  }
  try {
    return await streamOf(handle, path);
  } finally {
    await handle.close();
  }
}

/** The stream of the open file, whose header says how to read it; undefined when it is not streamed here. */
async function streamOf(handle: FileHandle, path: string): Promise<MonoStream | undefined> {
  const stat = await handle.stat();
  if (!stat.isFile() || stat.size === 0) return undefined;
  let head = new Uint8Array(Math.min(stat.size, SMALL_HEAD_BYTES));
  await readExactly(handle, head, 0);
  let container: AudioContainer;
  try {
    container = detectContainer(head, path);
  } catch {
    return undefined;
  }
  if (container === 'mp3') return { chunks: codecChunks(path, stat.size, decodeMp3Stream, 'mp3', 'mp3') };
  if (container === 'ogg' && oggCodec(head) === 'vorbis') return { chunks: codecChunks(path, stat.size, decodeOggVorbisStream, 'ogg', 'vorbis') };
  if (container === 'ogg' && oggCodec(head) === 'opus') return { chunks: codecChunks(path, stat.size, decodeOggOpusStream, 'ogg', 'opus') };
  if (container === 'flac') return { chunks: codecChunks(path, stat.size, decodeFlacStream, 'flac', 'flac') };
  if (container !== 'wav' && container !== 'au') return undefined;
  const readLayout = (bytes: Uint8Array) => (container === 'wav' ? readWavLayout(bytes, path, stat.size) : readAuLayout(bytes, path, stat.size));
  let layout;
  try {
    layout = readLayout(head);
  } catch {
    // Chunks before the samples (cover art, text) can push the header past the small head.
    if (stat.size <= head.length) return undefined;
    head = new Uint8Array(Math.min(stat.size, HEAD_BYTES));
    await readExactly(handle, head, 0);
    try {
      layout = readLayout(head);
    } catch {
      return undefined;
    }
  }
  const end: MonoStreamEnd = { sourceChannels: layout.channels, container, codec: layout.codec, bitDepth: layout.bitDepth, truncated: layout.truncated };
  return { frames: layout.frames, chunks: pcmChunks(path, layout, container === 'wav', end) };
}

/**
 * The file's channels mixed to mono by their mean (accumulated in float64, as `loadAudio` mixes
 * them), at the file's rate, all of it; undefined when `openMonoStream` gives no stream.
 */
export async function decodeMonoFromFile(path: string): Promise<DecodedMono | undefined> {
  const stream = await openMonoStream(path);
  if (!stream) return undefined;
  let mono = new Float32Array(stream.frames ?? 1 << 20);
  let frames = 0;
  let sampleRate = 0;
  for (;;) {
    const step = await stream.chunks.next();
    if (step.done) {
      // A view, not a copy: loadAudio copies what it keeps (after resampling, usually).
      return { ...step.value, channelData: [mono.subarray(0, frames)], sampleRate };
    }
    const { samples } = step.value;
    sampleRate = step.value.sampleRate;
    if (frames + samples.length > mono.length) {
      const grown = new Float32Array(Math.max(2 * mono.length, frames + samples.length));
      grown.set(mono.subarray(0, frames));
      mono = grown;
    }
    mono.set(samples, frames);
    frames += samples.length;
  }
}

/** Fills `buffer` from byte `position` of the file (the caller knows the bytes are there). */
async function readExactly(handle: FileHandle, buffer: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) throw new Error(`file ended at byte ${position + done}`);
    done += bytesRead;
  }
}

/** The layout's interleaved PCM frames of the file at `path`, decoded and mixed to mono range by range. */
async function* pcmChunks(
  path: string,
  layout: { dataStart: number; frames: number; channels: number; sampleFormat: PcmSampleFormat; sampleRate: number },
  littleEndian: boolean,
  end: MonoStreamEnd,
): AsyncGenerator<MonoChunk, MonoStreamEnd> {
  const handle = await open(path, 'r');
  try {
    const { dataStart, frames, channels, sampleFormat, sampleRate } = layout;
    const blockAlign = PCM_BYTES[sampleFormat] * channels;
    const stepFrames = Math.max(1, Math.floor(CHUNK_BYTES / blockAlign));
    const buffer = new Uint8Array(Math.min(frames, stepFrames) * blockAlign);
    for (let f = 0; f < frames; f += stepFrames) {
      const n = Math.min(stepFrames, frames - f);
      const bytes = buffer.subarray(0, n * blockAlign);
      await readExactly(handle, bytes, dataStart + f * blockAlign);
      yield { samples: toMono(decodePcm(bytes, 0, n, channels, sampleFormat, littleEndian, path)), sampleRate };
    }
    return end;
  } finally {
    await handle.close();
  }
}

/** A file's decoded stream, its bytes read CODEC_CHUNK_BYTES at a time, each decoded run mixed to mono. */
async function* codecChunks(
  path: string,
  size: number,
  decode: (file: string, next: (position: number) => Promise<Uint8Array | undefined>) => AsyncGenerator<{ channels: Float32Array[]; sampleRate: number }, { bitDepth?: number; truncatedBecause?: string }>,
  container: AudioContainer,
  codec: string,
): AsyncGenerator<MonoChunk, MonoStreamEnd> {
  const handle = await open(path, 'r');
  try {
    let sourceChannels = 0;
    let frames = 0;
    const buffer = new Uint8Array(Math.min(size, CODEC_CHUNK_BYTES));
    const decoded = decode(path, async (position) => {
      if (position >= size) return undefined;
      const bytes = buffer.subarray(0, Math.min(buffer.length, size - position));
      await readExactly(handle, bytes, position);
      return bytes;
    });
    for (;;) {
      const step = await decoded.next();
      if (step.done) {
        const { truncatedBecause, bitDepth } = step.value;
        if (frames === 0 && truncatedBecause) throw new AudioDecodeError(path, `truncated ${codec} stream (${truncatedBecause}) with no audio to decode before the cut`, { code: 'TRUNCATED' });
        if (frames === 0) throw new AudioDecodeError(path, `${codec} stream holds no audio frames`, { code: 'NO_AUDIO' });
        return { sourceChannels, container, codec, bitDepth, truncated: truncatedBecause !== undefined, truncatedBecause };
      }
      const { channels, sampleRate } = step.value;
      sourceChannels = channels.length;
      // The decoders' arrays may be views of their memory, reused by the next call: copied.
      const samples = new Float32Array(channels[0].length);
      mixInto(channels, samples, 0);
      frames += samples.length;
      yield { samples, sampleRate };
    }
  } finally {
    await handle.close();
  }
}
