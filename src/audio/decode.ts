/** Picks the decoder for a byte buffer from its magic bytes. */
import { AudioDecodeError, asDecodeError } from '../errors.js';
import { decodeAu } from './au.js';
import { detectContainer } from './detect.js';
import type { DecodedAudio } from './types.js';
import { decodeFlac, decodeMp3, decodeOggOpus, decodeOggVorbis } from './wasm-codecs.js';
import { decodeWav } from './wav.js';

/** Codec carried by an Ogg stream, read from its first page: 'vorbis', 'flac', 'opus' or 'unknown'. */
export function oggCodec(bytes: Uint8Array): 'vorbis' | 'flac' | 'opus' | 'unknown' {
  if (bytes.length < 28) return 'unknown';
  const payload = 27 + bytes[26];
  const text = String.fromCharCode(...bytes.subarray(payload, payload + 8));
  if (text.startsWith('\x01vorbis')) return 'vorbis';
  if (text.startsWith('\x7fFLAC')) return 'flac';
  if (text.startsWith('OpusHead')) return 'opus';
  return 'unknown';
}

/**
 * Decodes a whole audio file held in memory: per-channel float samples at the file's rate.
 * `file` names the source in errors (a path, or `<bytes>`).
 * @throws AudioDecodeError for empty, unrecognised, unsupported, corrupt or audio-less input.
 */
export async function decodeAudio(bytes: Uint8Array, file = '<bytes>'): Promise<DecodedAudio> {
  try {
    return await decodeContainer(bytes, file);
  } catch (err) {
    throw asDecodeError(file, err, 'malformed or truncated data');
  }
}

async function decodeContainer(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  const container = detectContainer(bytes, file);
  switch (container) {
    case 'wav':
      return decodeWav(bytes, file);
    case 'au':
      return decodeAu(bytes, file);
    case 'flac':
      return decodeFlac(bytes, file);
    case 'mp3':
      return decodeMp3(bytes, file);
    case 'ogg': {
      const codec = oggCodec(bytes);
      if (codec === 'vorbis') return decodeOggVorbis(bytes, file);
      if (codec === 'flac') return decodeFlac(bytes, file, 'ogg');
      if (codec === 'opus') return decodeOggOpus(bytes, file);
      throw new AudioDecodeError(file, 'unsupported Ogg codec: unknown (Vorbis, Opus and FLAC are supported)', {
        code: 'UNSUPPORTED_CODEC',
      });
    }
  }
}
