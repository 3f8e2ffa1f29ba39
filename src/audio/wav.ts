/**
 * RIFF/WAVE parser: PCM 8/16/24/32-bit, IEEE float 32/64-bit, G.711 mu-law and A-law, and
 * WAVE_FORMAT_EXTENSIBLE wrapping any of them. Unknown chunks are skipped (with RIFF's pad
 * byte after odd sizes); a data chunk cut short decodes the whole frames present and is flagged.
 */
import { AudioDecodeError } from '../errors.js';
import { checkPlausibleHeader } from './plausible.js';
import { decodePcm, PCM_BYTES, pcmCodecName, type PcmSampleFormat } from './pcm.js';
import type { DecodedAudio } from './types.js';

/** Where a WAV file keeps its samples and how they are stored. */
export interface WavLayout {
  readonly sampleFormat: PcmSampleFormat;
  readonly codec: string;
  readonly channels: number;
  /** Hz. */
  readonly sampleRate: number;
  /** Bits per sample the header declares (valid bits for EXTENSIBLE). */
  readonly bitDepth: number;
  /** Byte offset of the first frame. */
  readonly dataStart: number;
  /** Whole frames present in the file. */
  readonly frames: number;
  readonly truncated: boolean;
}

const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Names of common WAV codecs genrekit does not decode, for the error message. */
const UNSUPPORTED_CODECS: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0050: 'MPEG-1 audio',
  0x0055: 'MPEG Layer 3',
  0x0161: 'Windows Media Audio',
  0x2000: 'AC-3',
};

const WAVE_FORMAT_NAMES: Record<number, string> = { 1: 'PCM', 3: 'IEEE float', 6: 'A-law', 7: 'mu-law' };

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

function sampleFormatOf(formatTag: number, containerBytes: number, file: string): PcmSampleFormat {
  const byWidth: Record<number, Record<number, PcmSampleFormat>> = {
    1: { 1: 'u8', 2: 's16', 3: 's24', 4: 's32' },
    3: { 4: 'f32', 8: 'f64' },
    6: { 1: 'alaw' },
    7: { 1: 'mulaw' },
  };
  const widths = byWidth[formatTag];
  if (!widths) {
    const name = UNSUPPORTED_CODECS[formatTag] ?? 'unknown codec';
    throw new AudioDecodeError(file, `unsupported WAV codec: ${name} (format ${formatTag})`, { code: 'UNSUPPORTED_CODEC' });
  }
  const format = widths[containerBytes];
  if (!format) {
    throw new AudioDecodeError(file, `unsupported WAV sample width: ${WAVE_FORMAT_NAMES[formatTag]} with ${containerBytes * 8}-bit samples`, {
      code: 'UNSUPPORTED_CODEC',
    });
  }
  return format;
}

/**
 * Reads the chunk layout of a WAV file. `bytes` may be only the head of a file of `fileLength`
 * bytes: the walk stops once it has seen both the fmt and the data chunk.
 */
export function readWavLayout(bytes: Uint8Array, file: string, fileLength = bytes.length): WavLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { formatTag: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | undefined;
  let data: { start: number; declared: number } | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = fourcc(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new AudioDecodeError(file, 'truncated WAV header (fmt chunk)', { code: 'CORRUPT' });
      let formatTag = view.getUint16(body, true);
      let bits = view.getUint16(body + 14, true);
      if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
        if (size < 40 || body + 26 > bytes.length) throw new AudioDecodeError(file, 'truncated WAVE_FORMAT_EXTENSIBLE header', { code: 'CORRUPT' });
        bits = view.getUint16(body + 18, true) || bits;
        formatTag = view.getUint16(body + 24, true);
      }
      fmt = {
        formatTag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits,
      };
    } else if (id === 'data' && !data) {
      // 0xFFFFFFFF (and 0 with bytes following) is how streaming writers say "until the end".
      const streaming = size === 0xffffffff || (size === 0 && body < fileLength);
      data = { start: body, declared: streaming ? fileLength - body : size };
    }
    if (fmt && data) break;
    at = body + size + (size & 1);
  }
  if (!fmt) throw new AudioDecodeError(file, 'WAV file has no fmt chunk', { code: 'CORRUPT' });
  if (!data) throw new AudioDecodeError(file, 'WAV file has no data chunk', { code: 'NO_AUDIO' });
  checkPlausibleHeader(file, 'WAV', fmt);
  const containerBytes = fmt.blockAlign / fmt.channels;
  const sampleFormat = sampleFormatOf(fmt.formatTag, Number.isInteger(containerBytes) ? containerBytes : 0, file);
  // Bits per sample must fit the container: PCM in (8 * (bytes - 1), 8 * bytes] (20 bits in 3 bytes), float all of it.
  const width = PCM_BYTES[sampleFormat] * 8;
  const isFloat = sampleFormat === 'f32' || sampleFormat === 'f64';
  if (isFloat ? fmt.bits !== width : !(fmt.bits > width - 8 && fmt.bits <= width)) {
    throw new AudioDecodeError(file, `WAV header declares ${fmt.bits} bits per sample in ${width / 8}-byte ${isFloat ? 'float ' : ''}samples`, { code: 'IMPLAUSIBLE_HEADER' });
  }
  const blockAlign = PCM_BYTES[sampleFormat] * fmt.channels;
  const present = Math.min(data.declared, fileLength - data.start);
  const frames = Math.floor(present / blockAlign);
  if (frames === 0) throw new AudioDecodeError(file, 'WAV data chunk holds no audio frames', { code: 'NO_AUDIO' });
  return {
    sampleFormat,
    codec: pcmCodecName(sampleFormat, true),
    channels: fmt.channels,
    sampleRate: fmt.sampleRate,
    bitDepth: fmt.bits,
    dataStart: data.start,
    frames,
    truncated: present < data.declared,
  };
}

/** Decodes a whole WAV file held in memory. */
export function decodeWav(bytes: Uint8Array, file: string): DecodedAudio {
  const layout = readWavLayout(bytes, file);
  return {
    channelData: decodePcm(bytes, layout.dataStart, layout.frames, layout.channels, layout.sampleFormat, true, file),
    sampleRate: layout.sampleRate,
    container: 'wav',
    codec: layout.codec,
    bitDepth: layout.bitDepth,
    truncated: layout.truncated,
  };
}
