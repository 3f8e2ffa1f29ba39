/** The header fields genrekit believes: anything outside is a forged or broken header, not audio to decode. */
import { AudioDecodeError } from '../errors.js';

/** Lowest and highest sample rate accepted from a header, Hz (telephone audio to 768 kHz studio audio). */
export const SAMPLE_RATE_RANGE = [1000, 768_000] as const;
/** Most channels accepted from a header. */
export const MAX_CHANNELS = 32;

/**
 * Throws `AudioDecodeError` (code IMPLAUSIBLE_HEADER) naming `file` when a header's sample rate or
 * channel count is outside what any real recording has; a 4 GHz or 8 Hz rate would otherwise send
 * the resampler into infinite arrays or minutes of work.
 */
export function checkPlausibleHeader(file: string, format: string, fields: { sampleRate: number; channels: number }): void {
  const [lo, hi] = SAMPLE_RATE_RANGE;
  if (!(fields.sampleRate >= lo && fields.sampleRate <= hi)) {
    throw new AudioDecodeError(file, `${format} header declares a sample rate of ${fields.sampleRate} Hz (outside ${lo}-${hi} Hz)`, { code: 'IMPLAUSIBLE_HEADER' });
  }
  if (!(fields.channels >= 1 && fields.channels <= MAX_CHANNELS)) {
    throw new AudioDecodeError(file, `${format} header declares ${fields.channels} channels (outside 1-${MAX_CHANNELS})`, { code: 'IMPLAUSIBLE_HEADER' });
  }
}
