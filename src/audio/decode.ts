/** Picks the decoder for a byte buffer from its magic bytes. */
import { AudioDecodeError, asDecodeError } from '../errors.js';
import { decodeAu } from './au.js';
import { detectContainer } from './detect.js';
import { checkOggIdentification, checkOggPages, oggCodec } from './ogg-pages.js';
import type { DecodedAudio } from './types.js';
import { decodeFlac, decodeMp3, decodeOggOpus, decodeOggVorbis } from './wasm-codecs.js';
import { decodeWav } from './wav.js';

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
    case 'ogg':
      return decodeOgg(bytes, file);
  }
}

/**
 * An Ogg file whose pages were checked first (checkOggPages: a bad CRC is CORRUPT); a file cut
 * short is decoded up to its last whole page and flagged truncated, or is a TRUNCATED error when
 * those pages hold no audio.
 */
async function decodeOgg(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  const pages = checkOggPages(bytes, file);
  checkOggIdentification(bytes.subarray(0, pages.wholeBytes), file);
  const codec = oggCodec(bytes.subarray(0, pages.wholeBytes));
  if (codec === 'unknown' && pages.wholeBytes === 0) {
    throw new AudioDecodeError(file, `truncated Ogg file (${pages.reason}): not one whole page`, { code: 'TRUNCATED' });
  }
  if (codec === 'unknown') {
    throw new AudioDecodeError(file, 'unsupported Ogg codec: unknown (Vorbis, Opus and FLAC are supported)', { code: 'UNSUPPORTED_CODEC' });
  }
  const whole = bytes.subarray(0, pages.wholeBytes);
  let decoded: DecodedAudio;
  try {
    decoded = await (codec === 'vorbis' ? decodeOggVorbis(whole, file) : codec === 'flac' ? decodeFlac(whole, file, 'ogg') : decodeOggOpus(whole, file));
  } catch (err) {
    if (!pages.truncated) throw err;
    throw new AudioDecodeError(file, `truncated Ogg ${codec} file (${pages.reason}) with no audio to decode before the cut`, { code: 'TRUNCATED', cause: err });
  }
  return pages.truncated ? { ...decoded, truncated: true, truncatedBecause: pages.reason } : decoded;
}
