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

/**
 * The checks STREAMINFO allows, fed the decoded samples run by run (`add`), then `finish()`:
 * `AudioDecodeError` (code CORRUPT) when the decoded audio has fewer or more frames than declared
 * (the decoder drops frames it cannot parse) or a different MD5 (a corrupted frame that still
 * parsed). The MD5 is of the interleaved little-endian integers, ceil(bits / 8) bytes each.
 */
export class FlacVerifier {
  /** Frames (samples per channel) added so far. */
  frames = 0;
  private readonly hash;
  private readonly width: number;
  private readonly scale: number;
  private buffer = new Uint8Array(0);

  constructor(
    private readonly info: FlacStreamInfo,
    private readonly file: string,
  ) {
    this.width = Math.ceil(info.bitDepth / 8);
    this.scale = 2 ** (info.bitDepth - 1);
    this.hash = info.md5.some((b) => b !== 0) && info.bitDepth <= 24 ? md5() : undefined;
  }

  /** The next decoded samples (one array per channel, scaled by 1 / 2^(bits-1)). */
  add(channels: Float32Array[]): this {
    const frames = channels[0]?.length ?? 0;
    this.frames += frames;
    if (!this.hash) return this;
    const chunkFrames = 8192;
    const need = chunkFrames * channels.length * this.width;
    if (this.buffer.length < need) this.buffer = new Uint8Array(need);
    const buf = this.buffer;
    for (let f0 = 0; f0 < frames; f0 += chunkFrames) {
      const f1 = Math.min(frames, f0 + chunkFrames);
      let p = 0;
      for (let f = f0; f < f1; f++) {
        for (const c of channels) {
          const v = Math.round(c[f] * this.scale);
          for (let b = 0; b < this.width; b++, p++) buf[p] = (v >> (8 * b)) & 0xff;
        }
      }
      this.hash.update(buf.subarray(0, p));
    }
    return this;
  }

  finish(): void {
    const { info, file, frames } = this;
    if (info.frames !== 0 && frames !== info.frames) {
      throw new AudioDecodeError(
        file,
        `corrupt FLAC stream: decoded ${frames} of the ${info.frames} frames STREAMINFO declares (bad frame near ${(frames / info.sampleRate).toFixed(2)} s)`,
        { code: 'CORRUPT' },
      );
    }
    if (this.hash && !this.hash.digest().every((b, i) => b === info.md5[i])) {
      throw new AudioDecodeError(file, 'corrupt FLAC stream: decoded samples fail the MD5 check of STREAMINFO', { code: 'CORRUPT' });
    }
  }
}

/** `FlacVerifier` on the whole decoded stream at once. */
export function verifyFlac(channels: Float32Array[], info: FlacStreamInfo, file: string): void {
  new FlacVerifier(info, file).add(channels).finish();
}
