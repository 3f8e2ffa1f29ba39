/**
 * Sun/NeXT AU (.au, .snd) parser: big-endian header and samples. Encodings 1 (mu-law),
 * 2/3/4/5 (8/16/24/32-bit linear PCM), 6/7 (32/64-bit float), 27 (A-law). A data size of
 * 0xFFFFFFFF means "until the end of the file".
 */
import { AudioDecodeError } from '../errors.js';
import { checkPlausibleHeader } from './plausible.js';
import { decodePcm, PCM_BYTES, pcmCodecName, type PcmSampleFormat } from './pcm.js';
import type { DecodedAudio } from './types.js';

/** Where an AU file keeps its samples and how they are stored. */
export interface AuLayout {
  readonly sampleFormat: PcmSampleFormat;
  readonly codec: string;
  readonly channels: number;
  /** Hz. */
  readonly sampleRate: number;
  readonly bitDepth: number;
  readonly dataStart: number;
  /** Whole frames present in the file. */
  readonly frames: number;
  readonly truncated: boolean;
}

const AU_ENCODINGS: Record<number, PcmSampleFormat> = { 1: 'mulaw', 2: 's8', 3: 's16', 4: 's24', 5: 's32', 6: 'f32', 7: 'f64', 27: 'alaw' };
const AU_UNKNOWN_SIZE = 0xffffffff;
const AU_HEADER_BYTES = 24;

/** Reads the header of an AU file; `bytes` may be only the head of a file of `fileLength` bytes. */
export function readAuLayout(bytes: Uint8Array, file: string, fileLength = bytes.length): AuLayout {
  if (bytes.length < AU_HEADER_BYTES) throw new AudioDecodeError(file, 'truncated AU header', { code: 'CORRUPT' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataStart = view.getUint32(4, false);
  const declared = view.getUint32(8, false);
  const encoding = view.getUint32(12, false);
  const sampleRate = view.getUint32(16, false);
  const channels = view.getUint32(20, false);
  const sampleFormat = AU_ENCODINGS[encoding];
  if (!sampleFormat) throw new AudioDecodeError(file, `unsupported AU encoding ${encoding}`, { code: 'UNSUPPORTED_CODEC' });
  checkPlausibleHeader(file, 'AU', { sampleRate, channels });
  if (dataStart < AU_HEADER_BYTES || dataStart > fileLength) {
    throw new AudioDecodeError(file, `AU data offset ${dataStart} lies outside the file`, { code: 'CORRUPT' });
  }
  const available = fileLength - dataStart;
  const wanted = declared === AU_UNKNOWN_SIZE ? available : declared;
  const present = Math.min(wanted, available);
  const width = PCM_BYTES[sampleFormat];
  const frames = Math.floor(present / (width * channels));
  if (frames === 0) throw new AudioDecodeError(file, 'AU file holds no audio frames', { code: 'NO_AUDIO' });
  return {
    sampleFormat,
    codec: pcmCodecName(sampleFormat, false),
    channels,
    sampleRate,
    bitDepth: width * 8,
    dataStart,
    frames,
    truncated: present < wanted,
  };
}

/** Decodes a whole AU file held in memory. */
export function decodeAu(bytes: Uint8Array, file: string): DecodedAudio {
  const layout = readAuLayout(bytes, file);
  return {
    channelData: decodePcm(bytes, layout.dataStart, layout.frames, layout.channels, layout.sampleFormat, false, file),
    sampleRate: layout.sampleRate,
    container: 'au',
    codec: layout.codec,
    bitDepth: layout.bitDepth,
    truncated: layout.truncated,
  };
}
