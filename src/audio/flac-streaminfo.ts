/**
 * FLAC STREAMINFO (the mandatory first metadata block) and the checks it allows after
 * decoding: the total sample count and the MD5 of the decoded samples.
 */
import { md5 } from '../platform/hash.js';
import { AudioDecodeError } from '../errors.js';
import { checkPlausibleHeader } from './plausible.js';

/** The fields of STREAMINFO genrekit uses. */
export interface FlacStreamInfo {
  /** Hz. */
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitDepth: number;
  /** Frames (samples per channel) in the stream; 0 when the encoder did not know. */
  readonly frames: number;
  /** MD5 of the interleaved little-endian integer samples; all zero when not computed. */
  readonly md5: Uint8Array;
}

/** Reads STREAMINFO from the start of a native FLAC file (`fLaC` + metadata). */
export function readFlacStreamInfo(bytes: Uint8Array, file: string): FlacStreamInfo {
  const s = 8;
  if (bytes.length < s + 34 || (bytes[4] & 0x7f) !== 0) throw new AudioDecodeError(file, 'FLAC file lacks its STREAMINFO block', { code: 'CORRUPT' });
  const sampleRate = (bytes[s + 10] << 12) | (bytes[s + 11] << 4) | (bytes[s + 12] >> 4);
  const channels = ((bytes[s + 12] >> 1) & 7) + 1;
  checkPlausibleHeader(file, 'FLAC', { sampleRate, channels });
  return {
    sampleRate,
    channels,
    bitDepth: (((bytes[s + 12] & 1) << 4) | (bytes[s + 13] >> 4)) + 1,
    frames: (bytes[s + 13] & 0x0f) * 2 ** 32 + bytes[s + 14] * 2 ** 24 + (bytes[s + 15] << 16) + (bytes[s + 16] << 8) + bytes[s + 17],
    md5: bytes.slice(s + 18, s + 34),
  };
}

/** MD5 of samples (already scaled by 1 / 2^(bits-1)) as FLAC defines it: interleaved, little-endian, ceil(bits/8) bytes each. */
function samplesMd5(channels: Float32Array[], bitDepth: number): Uint8Array {
  const width = Math.ceil(bitDepth / 8);
  const frames = channels[0].length;
  const scale = 2 ** (bitDepth - 1);
  const hash = md5();
  const chunkFrames = 8192;
  const buf = new Uint8Array(chunkFrames * channels.length * width);
  for (let f0 = 0; f0 < frames; f0 += chunkFrames) {
    const f1 = Math.min(frames, f0 + chunkFrames);
    let p = 0;
    for (let f = f0; f < f1; f++) {
      for (const c of channels) {
        const v = Math.round(c[f] * scale);
        for (let b = 0; b < width; b++, p++) buf[p] = (v >> (8 * b)) & 0xff;
      }
    }
    hash.update(buf.subarray(0, p));
  }
  return hash.digest();
}

/**
 * Throws `AudioDecodeError` (code CORRUPT) when decoded FLAC audio disagrees with STREAMINFO:
 * fewer or more frames than declared (the decoder drops frames it cannot parse), or a
 * different MD5 (a corrupted frame that still parsed).
 */
export function verifyFlac(channels: Float32Array[], info: FlacStreamInfo, file: string): void {
  const frames = channels[0].length;
  if (info.frames !== 0 && frames !== info.frames) {
    throw new AudioDecodeError(
      file,
      `corrupt FLAC stream: decoded ${frames} of the ${info.frames} frames STREAMINFO declares (bad frame near ${(frames / info.sampleRate).toFixed(2)} s)`,
      { code: 'CORRUPT' },
    );
  }
  if (info.md5.some((b) => b !== 0) && info.bitDepth <= 24) {
    const actual = samplesMd5(channels, info.bitDepth);
    if (!actual.every((b, i) => b === info.md5[i])) {
      throw new AudioDecodeError(file, 'corrupt FLAC stream: decoded samples fail the MD5 check of STREAMINFO', { code: 'CORRUPT' });
    }
  }
}
