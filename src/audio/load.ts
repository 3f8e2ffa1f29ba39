/**
 * `loadAudio`: file or bytes -> float samples at a chosen rate, the way `librosa.load` (0.9.2)
 * does it: read the span [offset, offset + duration) at the file's rate, mix to mono by the
 * mean of the channels, then resample with the 'kaiser_best' sinc filter.
 */
import { ParameterError } from '../errors.js';
import { decodeAudio } from './decode.js';
import { readAudioFile } from './read-file.js';
import { resample } from './resample.js';
import { decodeMonoFromFile } from './mono-stream.js';
import { mixInto } from './mix.js';
import type { AudioContainer, DecodedAudio } from './types.js';

/** Options of `loadAudio`; every field has its default in `LOAD_AUDIO_DEFAULTS`. */
export interface LoadAudioOptions {
  /** Output rate in Hz (> 0), or `null` to keep the file's rate. Default 22050 (librosa's). */
  sampleRate?: number | null;
  /** Mix all channels into one by their mean. Default true. */
  mono?: boolean;
  /** Seconds to skip from the start (>= 0), counted at the file's rate, truncated to a whole frame. Default 0. */
  offset?: number;
  /** Seconds to keep after `offset` (> 0), or `null` for the rest of the file. Default null. */
  duration?: number | null;
}

/** Defaults of `loadAudio` (the CLI help reads them from here). */
export const LOAD_AUDIO_DEFAULTS: Required<LoadAudioOptions> = {
  sampleRate: 22050,
  mono: true,
  offset: 0,
  duration: null,
};

/** Audio as `loadAudio` returns it. */
export interface LoadedAudio {
  /**
   * Mono (the default): the one channel, `frames` samples. With `mono: false`: all channels
   * interleaved, frames x channels row-major (`frames * channels` samples).
   */
  readonly samples: Float32Array;
  /** One array of `frames` samples per returned channel (one entry when mono, `samples` itself). */
  readonly channelData: Float32Array[];
  /** Hz of the returned samples. */
  readonly sampleRate: number;
  /** Channels returned: 1 when mono, else the file's. */
  readonly channels: number;
  /** Channels in the file. */
  readonly sourceChannels: number;
  /** Hz of the file. */
  readonly sourceSampleRate: number;
  /** Frames returned / sampleRate, in seconds. */
  readonly durationSeconds: number;
  /** Container, detected from the magic bytes. */
  readonly format: AudioContainer;
  /** Codec in ffmpeg's spelling (`pcm_s16le`, `flac`, `mp3`, `vorbis`, ...). */
  readonly codec: string;
  readonly bitDepth?: number;
  /** The file ended before its header said it would; the whole frames present were loaded. */
  readonly truncated: boolean;
  /** Why it looks truncated, in words, when the decoder can say. */
  readonly truncatedBecause?: string;
  /** The path, or `<bytes>`. */
  readonly file: string;
}

function resolveOptions(options: LoadAudioOptions): Required<LoadAudioOptions> {
  const o = { ...LOAD_AUDIO_DEFAULTS, ...options };
  if (o.sampleRate !== null && !(Number.isFinite(o.sampleRate) && o.sampleRate > 0)) {
    throw new ParameterError('sampleRate', `must be a positive number of Hz or null, got ${o.sampleRate}`);
  }
  if (!(Number.isFinite(o.offset) && o.offset >= 0)) throw new ParameterError('offset', `must be >= 0 seconds, got ${o.offset}`);
  if (o.duration !== null && !(Number.isFinite(o.duration) && o.duration > 0)) {
    throw new ParameterError('duration', `must be > 0 seconds or null, got ${o.duration}`);
  }
  return o;
}

/** Mean of the channels, accumulated in float64. */
function mixToMono(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const out = new Float32Array(channels[0].length);
  mixInto(channels, out, 0);
  return out;
}

function interleave(channels: Float32Array[]): Float32Array {
  const n = channels.length;
  const frames = channels[0].length;
  const out = new Float32Array(frames * n);
  for (let c = 0; c < n; c++) {
    const src = channels[c];
    for (let i = 0; i < frames; i++) out[i * n + c] = src[i];
  }
  return out;
}

/**
 * The file's channels at its rate, or (mono wanted, WAV / AU / MP3 on disk) its mono mix read
 * chunk by chunk (see mono-stream.ts): a long file never sits in memory as bytes plus channels.
 */
async function decode(pathOrBytes: string | Uint8Array, file: string, mono: boolean): Promise<DecodedAudio & { sourceChannels: number }> {
  if (typeof pathOrBytes === 'string' && mono) {
    const streamed = await decodeMonoFromFile(pathOrBytes);
    if (streamed) return streamed;
  }
  let bytes: Uint8Array | undefined = typeof pathOrBytes === 'string' ? await readAudioFile(pathOrBytes) : pathOrBytes;
  const decoded = await decodeAudio(bytes, file);
  bytes = undefined;
  return { ...decoded, sourceChannels: decoded.channelData.length };
}

/**
 * Loads audio from a path or from the bytes of a file (WAV, AU/SND, FLAC, MP3, Ogg Vorbis or Opus,
 * recognised by content).
 *
 * @example
 * const { samples, sampleRate } = await loadAudio('blues.00000.wav', { offset: 3, duration: 3 });
 * // samples: Float32Array(66150), sampleRate: 22050
 * @throws AudioDecodeError (file missing, empty, unrecognised, unsupported codec, corrupt);
 *   ParameterError for an option out of range or an offset past the end.
 */
export async function loadAudio(pathOrBytes: string | Uint8Array, options: LoadAudioOptions = {}): Promise<LoadedAudio> {
  const o = resolveOptions(options);
  const file = typeof pathOrBytes === 'string' ? pathOrBytes : '<bytes>';
  // Each stage drops its input once the next has its output, so that an hour-long file holds at
  // most two of its copies (channels or mono at the file's rate, resampled) at once.
  const { channelData, sourceChannels, ...decoded } = await decode(pathOrBytes, file, o.mono);
  const rate = decoded.sampleRate;
  const total = channelData[0].length;
  // librosa (soundfile path) seeks to int(offset * sr) and reads int(duration * sr) frames.
  const start = Math.floor(o.offset * rate);
  if (start >= total && o.offset > 0) {
    throw new ParameterError('offset', `${o.offset} s is past the end of ${file} (${(total / rate).toFixed(3)} s)`);
  }
  const end = o.duration === null ? total : Math.min(total, start + Math.floor(o.duration * rate));
  if (end <= start) throw new ParameterError('duration', `${o.duration} s is shorter than one frame at ${rate} Hz`);
  let channels = channelData.map((c) => (start === 0 && end === total ? c : c.subarray(start, end)));
  channelData.length = 0;
  if (o.mono) channels = [mixToMono(channels)];
  const targetRate = o.sampleRate ?? rate;
  if (targetRate !== rate) channels = channels.map((c) => resample(c, rate, targetRate));
  // Keep no view into a larger decoded buffer alive.
  channels = channels.map((c) => (c.length === c.buffer.byteLength / 4 ? c : c.slice()));
  const frames = channels[0].length;
  return {
    samples: channels.length === 1 ? channels[0] : interleave(channels),
    channelData: channels,
    sampleRate: targetRate,
    channels: channels.length,
    sourceChannels,
    sourceSampleRate: rate,
    durationSeconds: frames / targetRate,
    format: decoded.container,
    codec: decoded.codec,
    bitDepth: decoded.bitDepth,
    truncated: decoded.truncated,
    truncatedBecause: decoded.truncatedBecause,
    file,
  };
}
