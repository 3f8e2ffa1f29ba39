/**
 * Mono samples of a file on disk, read and mixed down chunk by chunk, so a long file never sits
 * in memory as its bytes plus one float array per channel (an hour of 44.1 kHz stereo WAV is
 * 635 MB of bytes and 1.27 GB of channels; mono is 635 MB). WAV and AU are read range by range
 * and their PCM decoded per range; MP3 is fed to the decoder in pieces (mpg123 is a streaming
 * decoder: the samples are the same as from the whole buffer). FLAC and Ogg are not streamed
 * here (the FLAC checks need the whole stream): `decodeMonoFromFile` returns undefined for them,
 * and for any file whose header it cannot read from the file's first MiB, and `loadAudio` loads
 * those whole, giving the errors it always gives.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { AudioDecodeError } from '../errors.js';
import { readAuLayout } from './au.js';
import { detectContainer } from './detect.js';
import { decodePcm, PCM_BYTES, type PcmSampleFormat } from './pcm.js';
import type { DecodedAudio } from './types.js';
import { decodeMp3Chunks } from './wasm-codecs.js';
import { readWavLayout } from './wav.js';
import { mixInto } from './mix.js';
import { assertRegularFile } from './read-file.js';

/** Bytes read per step: big enough that system calls cost nothing, small next to any audio. */
const CHUNK_BYTES = 4 << 20;
/** Bytes of the head read to find the container and the PCM header; then HEAD_BYTES if that was not enough. */
const SMALL_HEAD_BYTES = 1 << 16;
const HEAD_BYTES = 1 << 20;

/** `DecodedAudio` with one channel, the mean of the file's, and how many the file has. */
export interface DecodedMono extends DecodedAudio {
  readonly sourceChannels: number;
}

/**
 * The file's channels mixed to mono by their mean (accumulated in float64, as `loadAudio` mixes
 * them), at the file's rate; undefined when the container is not streamed here or its header
 * lies beyond the first MiB. Throws `AudioDecodeError` naming the file for a corrupt MP3 stream.
 */
export async function decodeMonoFromFile(path: string): Promise<DecodedMono | undefined> {
  let handle: FileHandle;
  await assertRegularFile(path); // a FIFO, a folder or a link loop: refused before it is opened
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined; // loadAudio's whole-file read gives the precise reason
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size === 0) return undefined;
    let head = new Uint8Array(Math.min(stat.size, SMALL_HEAD_BYTES));
    await readExactly(handle, head, 0);
    let container;
    try {
      container = detectContainer(head, path);
    } catch {
      return undefined;
    }
    if (container === 'mp3') return await mp3Mono(handle, stat.size, path);
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
    const littleEndian = container === 'wav';
    return {
      channelData: [await pcmMono(handle, layout.dataStart, layout.frames, layout.channels, layout.sampleFormat, littleEndian, path)],
      sourceChannels: layout.channels,
      sampleRate: layout.sampleRate,
      container,
      codec: layout.codec,
      bitDepth: layout.bitDepth,
      truncated: layout.truncated,
    };
  } finally {
    await handle.close();
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

/** `frames` interleaved PCM frames from byte `start`, decoded and mixed to mono range by range. */
async function pcmMono(handle: FileHandle, start: number, frames: number, channels: number, format: PcmSampleFormat, littleEndian: boolean, path: string): Promise<Float32Array> {
  const blockAlign = PCM_BYTES[format] * channels;
  const stepFrames = Math.max(1, Math.floor(CHUNK_BYTES / blockAlign));
  const buffer = new Uint8Array(Math.min(frames, stepFrames) * blockAlign);
  const mono = new Float32Array(frames);
  for (let f = 0; f < frames; f += stepFrames) {
    const n = Math.min(stepFrames, frames - f);
    const bytes = buffer.subarray(0, n * blockAlign);
    await readExactly(handle, bytes, start + f * blockAlign);
    mixInto(decodePcm(bytes, 0, n, channels, format, littleEndian, path), mono, f);
  }
  return mono;
}

/** An MP3 file fed to the decoder CHUNK_BYTES at a time, each decoded piece mixed to mono. */
async function mp3Mono(handle: FileHandle, size: number, path: string): Promise<DecodedMono> {
  // 128 kbit/s stereo at 44.1 kHz is ~2.9 bytes per sample frame; start there and grow.
  let mono = new Float32Array(Math.max(1 << 16, Math.ceil(size / 2.5)));
  let frames = 0;
  let sourceChannels = 0;
  const buffer = new Uint8Array(Math.min(size, CHUNK_BYTES));
  const result = await decodeMp3Chunks(
    path,
    async (position) => {
      if (position >= size) return undefined;
      const bytes = buffer.subarray(0, Math.min(buffer.length, size - position));
      await readExactly(handle, bytes, position);
      return bytes;
    },
    (channels) => {
      sourceChannels = channels.length;
      const n = channels[0].length;
      if (frames + n > mono.length) {
        const grown = new Float32Array(Math.max(2 * mono.length, frames + n));
        grown.set(mono.subarray(0, frames));
        mono = grown;
      }
      mixInto(channels, mono, frames);
      frames += n;
    },
  );
  if (frames === 0) throw new AudioDecodeError(path, 'mp3 stream holds no audio frames', { code: 'NO_AUDIO' });
  // A view, not a copy: loadAudio copies what it keeps (after resampling, usually).
  return { channelData: [mono.subarray(0, frames)], sourceChannels, sampleRate: result.sampleRate, container: 'mp3', codec: 'mp3', truncated: false };
}
