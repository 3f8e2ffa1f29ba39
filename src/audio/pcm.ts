/**
 * Interleaved PCM bytes -> per-channel float samples, scaled as libsndfile (and so librosa)
 * scales them: signed n-bit integers / 2^(n-1), unsigned 8-bit (x - 128) / 128, G.711 mu-law and
 * A-law through their 16-bit values / 32768.
 */
import { AudioDecodeError } from '../errors.js';

/** Stored sample formats the WAV and AU parsers produce. */
export type PcmSampleFormat = 'u8' | 's8' | 's16' | 's24' | 's32' | 'f32' | 'f64' | 'mulaw' | 'alaw';

/** Bytes per stored sample of each format. */
export const PCM_BYTES: Record<PcmSampleFormat, number> = {
  u8: 1,
  s8: 1,
  s16: 2,
  s24: 3,
  s32: 4,
  f32: 4,
  f64: 8,
  mulaw: 1,
  alaw: 1,
};

/** G.711 mu-law byte -> 16-bit linear value (range +-32124). */
function mulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 7;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

/** G.711 A-law byte -> 16-bit linear value (range +-32256). */
function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 7;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

function table(decode: (byte: number) => number): Float32Array {
  const t = new Float32Array(256);
  for (let b = 0; b < 256; b++) t[b] = decode(b) / 32768;
  return t;
}

const MULAW = table(mulawToLinear);
const ALAW = table(alawToLinear);

/**
 * Splits `frames` interleaved frames starting at byte `start` of `bytes` into `channels`
 * arrays of `frames` samples each. Float data must be finite: a NaN or an infinity (corrupt data,
 * or a float format tag over integer samples) is an `AudioDecodeError` (CORRUPT) naming `file`.
 */
export function decodePcm(
  bytes: Uint8Array,
  start: number,
  frames: number,
  channels: number,
  format: PcmSampleFormat,
  littleEndian: boolean,
  file = '<bytes>',
): Float32Array[] {
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = PCM_BYTES[format];
  const stride = width * channels;
  for (let c = 0; c < channels; c++) {
    const dst = out[c];
    let at = start + c * width;
    switch (format) {
      case 'u8':
        for (let i = 0; i < frames; i++, at += stride) dst[i] = (bytes[at] - 128) / 128;
        break;
      case 's8':
        for (let i = 0; i < frames; i++, at += stride) dst[i] = view.getInt8(at) / 128;
        break;
      case 's16':
        for (let i = 0; i < frames; i++, at += stride) dst[i] = view.getInt16(at, littleEndian) / 32768;
        break;
      case 's24':
        if (littleEndian) {
          for (let i = 0; i < frames; i++, at += stride) dst[i] = (((bytes[at + 2] << 24) >> 8) | (bytes[at + 1] << 8) | bytes[at]) / 8388608;
        } else {
          for (let i = 0; i < frames; i++, at += stride) dst[i] = (((bytes[at] << 24) >> 8) | (bytes[at + 1] << 8) | bytes[at + 2]) / 8388608;
        }
        break;
      case 's32':
        for (let i = 0; i < frames; i++, at += stride) dst[i] = view.getInt32(at, littleEndian) / 2147483648;
        break;
      case 'f32':
        for (let i = 0; i < frames; i++, at += stride) dst[i] = view.getFloat32(at, littleEndian);
        checkFinite(dst, c, file);
        break;
      case 'f64':
        for (let i = 0; i < frames; i++, at += stride) dst[i] = view.getFloat64(at, littleEndian);
        checkFinite(dst, c, file);
        break;
      case 'mulaw':
        for (let i = 0; i < frames; i++, at += stride) dst[i] = MULAW[bytes[at]];
        break;
      case 'alaw':
        for (let i = 0; i < frames; i++, at += stride) dst[i] = ALAW[bytes[at]];
        break;
    }
  }
  return out;
}

function checkFinite(samples: Float32Array, channel: number, file: string): void {
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i])) {
      throw new AudioDecodeError(file, `float sample ${i} of channel ${channel} is ${samples[i]}: corrupt data, or a float format tag over integer samples`, { code: 'CORRUPT' });
    }
  }
}

/** ffmpeg's codec name for a stored sample format (`pcm_s16le`, `pcm_f32be`, `pcm_mulaw`, ...). */
export function pcmCodecName(format: PcmSampleFormat, littleEndian: boolean): string {
  if (format === 'mulaw' || format === 'alaw' || format === 'u8' || format === 's8') return `pcm_${format}`;
  return `pcm_${format}${littleEndian ? 'le' : 'be'}`;
}
