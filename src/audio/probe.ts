/**
 * `probeAudio`: container, codec, rate, channels and duration of a file. WAV, AU, FLAC and Ogg
 * Vorbis are read from their headers (and, for Ogg, the last page); MP3 is decoded, as its
 * length is only known frame by frame.
 */
import { open } from 'node:fs/promises';
import { AudioDecodeError, asDecodeError } from '../errors.js';
import { readAuLayout } from './au.js';
import { decodeAudio } from './decode.js';
import { oggCodec } from './ogg-pages.js';
import { detectContainer } from './detect.js';
import { readFlacStreamInfo } from './flac-streaminfo.js';
import { assertRegularFile, readAudioFile } from './read-file.js';
import type { AudioContainer, AudioInfo } from './types.js';
import { readWavLayout } from './wav.js';

/** Options of `probeAudio`. */
export interface ProbeAudioOptions {
  /** Decode the whole file (catches corrupt frames; exact frame counts for every codec). Default false. */
  decode?: boolean;
}

/** Defaults of `probeAudio`. */
export const PROBE_AUDIO_DEFAULTS: Required<ProbeAudioOptions> = { decode: false };

/** Bytes read from each end of a file for header probing. */
const PROBE_BYTES = 1 << 16;

type HeaderInfo = Omit<AudioInfo, 'file' | 'durationSeconds'>;

/** Head (and tail, for Ogg) of a file plus its size; AudioDecodeError naming the path on failure. */
async function readEnds(path: string): Promise<{ head: Uint8Array; tail: Uint8Array; size: number }> {
  let handle;
  await assertRegularFile(path); // never open a FIFO: it would wait for a writer
  try {
    handle = await open(path, 'r');
  } catch {
    // Let readAudioFile produce the precise reason (not found, directory, permission).
    await readAudioFile(path);
    throw new AudioDecodeError(path, 'cannot open file', { code: 'READ_FAILED' });
  }
  try {
    const stat = await handle.stat();
    const size = stat.size;
    if (!stat.isFile()) throw new AudioDecodeError(path, 'is not a regular file', { code: 'NOT_A_FILE' });
    const head = new Uint8Array(Math.min(size, PROBE_BYTES));
    await handle.read(head, 0, head.length, 0);
    const tailLength = Math.min(size, PROBE_BYTES);
    const tail = new Uint8Array(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    return { head, tail, size };
  } finally {
    await handle.close();
  }
}

/** FLAC STREAMINFO; undefined when it gives no sample count. */
function flacInfo(head: Uint8Array, file: string): HeaderInfo | undefined {
  const { sampleRate, channels, bitDepth, frames } = readFlacStreamInfo(head, file);
  if (frames === 0) return undefined;
  return { container: 'flac', codec: 'flac', sampleRate, channels, frames, bitDepth, truncated: false };
}

/** Vorbis identification header + granule position of the last Ogg page; undefined when that page does not end the file and the stream. */
function oggVorbisInfo(head: Uint8Array, tail: Uint8Array): HeaderInfo | undefined {
  if (oggCodec(head) !== 'vorbis') return undefined;
  const id = 27 + head[26];
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const channels = head[id + 11];
  const sampleRate = view.getUint32(id + 12, true);
  for (let at = tail.length - 27; at >= 0; at--) {
    if (tail[at] === 0x4f && tail[at + 1] === 0x67 && tail[at + 2] === 0x67 && tail[at + 3] === 0x53) {
      const t = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
      // The last page must end the file and the stream; else decode it all, which says how it was cut.
      let end = at + 27 + tail[at + 26];
      for (let s = 0; s < tail[at + 26]; s++) end += tail[at + 27 + s];
      if (end !== tail.length || !(tail[at + 5] & 0x04)) return undefined;
      const frames = t.getUint32(at + 6, true) + t.getUint32(at + 10, true) * 2 ** 32;
      if (sampleRate === 0 || channels === 0) return undefined;
      return { container: 'ogg', codec: 'vorbis', sampleRate, channels, frames, truncated: false };
    }
  }
  return undefined;
}

async function fromHeaders(path: string, container: AudioContainer, head: Uint8Array, tail: Uint8Array, size: number): Promise<HeaderInfo | undefined> {
  if (container === 'wav') {
    try {
      const l = readWavLayout(head, path, size);
      return { container, codec: l.codec, sampleRate: l.sampleRate, channels: l.channels, frames: l.frames, bitDepth: l.bitDepth, truncated: l.truncated };
    } catch (err) {
      // A long chunk before fmt/data can push them past the head: retry on the whole file below.
      if (head.length < size) return undefined;
      throw err;
    }
  }
  if (container === 'au') {
    const l = readAuLayout(head, path, size);
    return { container, codec: l.codec, sampleRate: l.sampleRate, channels: l.channels, frames: l.frames, bitDepth: l.bitDepth, truncated: l.truncated };
  }
  if (container === 'flac') return flacInfo(head, path);
  if (container === 'ogg') return oggVorbisInfo(head, tail);
  return undefined;
}

/**
 * Describes an audio file: container, codec, sample rate (Hz), channels, frames and duration
 * (seconds).
 * @throws AudioDecodeError naming the file (missing, empty, unrecognised, unsupported, corrupt).
 */
export async function probeAudio(path: string, options: ProbeAudioOptions = {}): Promise<AudioInfo> {
  try {
    return await probe(path, options);
  } catch (err) {
    throw asDecodeError(path, err, 'malformed or truncated header');
  }
}

async function probe(path: string, options: ProbeAudioOptions): Promise<AudioInfo> {
  const o = { ...PROBE_AUDIO_DEFAULTS, ...options };
  const { head, tail, size } = await readEnds(path);
  const container = detectContainer(head, path);
  let info = o.decode ? undefined : await fromHeaders(path, container, head, tail, size);
  if (!info) {
    const decoded = await decodeAudio(await readAudioFile(path), path);
    info = {
      container: decoded.container,
      codec: decoded.codec,
      sampleRate: decoded.sampleRate,
      channels: decoded.channelData.length,
      frames: decoded.channelData[0].length,
      bitDepth: decoded.bitDepth,
      truncated: decoded.truncated,
    };
  }
  return { file: path, ...info, durationSeconds: info.frames / info.sampleRate };
}

