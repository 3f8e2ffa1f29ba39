/** Recognises an audio container from its first bytes (never from the file name). */
import { AudioDecodeError } from '../errors.js';
import type { AudioContainer } from './types.js';

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

/** True for an MPEG audio frame header (11 sync bits, a valid version, layer, bitrate and rate). */
function isMpegFrameHeader(b: Uint8Array, at: number): boolean {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return false;
  const version = (b[at + 1] >> 3) & 3;
  const layer = (b[at + 1] >> 1) & 3;
  const bitrate = b[at + 2] >> 4;
  const rate = (b[at + 2] >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 15 && rate !== 3;
}

/**
 * The container of `bytes`, or throws `AudioDecodeError` naming `file` when the bytes are empty,
 * a known but unsupported container, or nothing recognisable.
 */
export function detectContainer(bytes: Uint8Array, file: string): AudioContainer {
  if (bytes.length === 0) throw new AudioDecodeError(file, 'empty file (0 bytes)', { code: 'EMPTY_FILE' });
  const head4 = ascii(bytes, 0, 4);
  if (head4 === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return 'wav';
  if (head4 === '.snd') return 'au';
  if (head4 === 'fLaC') return 'flac';
  if (head4 === 'OggS') return 'ogg';
  if (ascii(bytes, 0, 3) === 'ID3' || isMpegFrameHeader(bytes, 0)) return 'mp3';
  const unsupported: Record<string, string> = {
    RIFX: 'big-endian WAV (RIFX)',
    RF64: 'RF64 (64-bit WAV)',
    FORM: 'AIFF',
    'dns.': 'little-endian AU (dns.)',
  };
  if (unsupported[head4]) {
    throw new AudioDecodeError(file, `unsupported container: ${unsupported[head4]}`, { code: 'UNSUPPORTED_FORMAT' });
  }
  const shown = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new AudioDecodeError(file, `not a recognised audio container (WAV, AU/SND, FLAC, MP3, Ogg Vorbis or Opus); first bytes: ${shown}`, {
    code: 'UNKNOWN_FORMAT',
  });
}
