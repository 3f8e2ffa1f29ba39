/** Writes float samples as a WAV file: PCM 8/16/24/32-bit or IEEE float 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE. */
import { rename, writeFile } from 'node:fs/promises';
import { ParameterError } from '../errors.js';

/** Options of `encodeWav`; defaults in `ENCODE_WAV_DEFAULTS`. */
export interface EncodeWavOptions {
  /** Bits per sample: 8, 16, 24 or 32 for PCM; 32 or 64 with `float`. Default 16. */
  bitDepth?: 8 | 16 | 24 | 32 | 64;
  /** Store IEEE float samples instead of integers. Default false. */
  float?: boolean;
  /** Channels of an interleaved `samples` array (ignored when per-channel arrays are given). Default 1. */
  channels?: number;
  /** Write a WAVE_FORMAT_EXTENSIBLE header (fmt chunk of 40 bytes). Default false. */
  extensible?: boolean;
}

/** Defaults of `encodeWav`. */
export const ENCODE_WAV_DEFAULTS: Required<EncodeWavOptions> = { bitDepth: 16, float: false, channels: 1, extensible: false };

/** Default speaker masks (front left/right, centre, ...) for 1-8 channels. */
const CHANNEL_MASKS = [0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3f, 0x13f, 0x63f];

/**
 * Encodes samples in [-1, 1] as a WAV file. `samples` is either one array per channel, or one
 * interleaved array (frames x channels, row-major) with `options.channels`. Integers are
 * rounded and clipped: x * 2^(bits-1) for 16/24/32-bit, x * 128 + 128 for 8-bit (unsigned).
 * @returns the bytes of the file.
 */
export function encodeWav(samples: Float32Array | Float32Array[], sampleRate: number, options: EncodeWavOptions = {}): Uint8Array {
  const o = { ...ENCODE_WAV_DEFAULTS, ...options };
  const perChannel = Array.isArray(samples);
  const channels = perChannel ? samples.length : o.channels;
  if (!Number.isInteger(channels) || channels < 1 || channels > 65535) throw new ParameterError('channels', `must be an integer 1..65535, got ${channels}`);
  if (!Number.isInteger(sampleRate) || sampleRate < 1) throw new ParameterError('sampleRate', `must be a positive integer number of Hz, got ${sampleRate}`);
  const validDepths = o.float ? [32, 64] : [8, 16, 24, 32];
  if (!validDepths.includes(o.bitDepth)) {
    throw new ParameterError('bitDepth', `must be one of ${validDepths.join(', ')} for ${o.float ? 'float' : 'integer PCM'}, got ${o.bitDepth}`);
  }
  const frames = perChannel ? (samples[0]?.length ?? 0) : samples.length / channels;
  if (perChannel && samples.some((c) => c.length !== frames)) throw new ParameterError('samples', 'all channels must have the same length');
  if (!Number.isInteger(frames)) throw new ParameterError('samples', `length ${samples.length} is not a multiple of ${channels} channels`);
  const at = (frame: number, channel: number): number => (perChannel ? samples[channel][frame] : samples[frame * channels + channel]);

  const width = o.bitDepth / 8;
  const blockAlign = width * channels;
  const dataBytes = frames * blockAlign;
  const fmtBytes = o.extensible ? 40 : 16;
  const formatTag = o.float ? 3 : 1;
  const headerBytes = 12 + 8 + fmtBytes + 8;
  const out = new Uint8Array(headerBytes + dataBytes + (dataBytes & 1));
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtBytes, true);
  view.setUint16(20, o.extensible ? 0xfffe : formatTag, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, o.bitDepth, true);
  if (o.extensible) {
    view.setUint16(36, 22, true);
    view.setUint16(38, o.bitDepth, true);
    view.setUint32(40, CHANNEL_MASKS[channels] ?? 0, true);
    // KSDATAFORMAT_SUBTYPE GUID: {formatTag}-0000-0010-8000-00aa00389b71
    view.setUint16(44, formatTag, true);
    out.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 46);
  }
  const dataAt = headerBytes - 8;
  ascii(dataAt, 'data');
  view.setUint32(dataAt + 4, dataBytes, true);

  let p = headerBytes;
  const scale = 2 ** (o.bitDepth - 1);
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++, p += width) {
      const x = at(f, c);
      if (o.float) {
        if (o.bitDepth === 32) view.setFloat32(p, x, true);
        else view.setFloat64(p, x, true);
        continue;
      }
      if (o.bitDepth === 8) {
        out[p] = Math.min(255, Math.max(0, Math.round(x * 128) + 128));
        continue;
      }
      const v = Math.min(scale - 1, Math.max(-scale, Math.round(x * scale)));
      if (o.bitDepth === 16) view.setInt16(p, v, true);
      else if (o.bitDepth === 32) view.setInt32(p, v, true);
      else {
        out[p] = v & 0xff;
        out[p + 1] = (v >> 8) & 0xff;
        out[p + 2] = (v >> 16) & 0xff;
      }
    }
  }
  return out;
}

/**
 * Encodes and writes a WAV file atomically (to `path + '.tmp-<pid>'`, then renamed), so no
 * reader ever sees half a file.
 */
export async function writeWav(path: string, samples: Float32Array | Float32Array[], sampleRate: number, options: EncodeWavOptions = {}): Promise<void> {
  const bytes = encodeWav(samples, sampleRate, options);
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}
