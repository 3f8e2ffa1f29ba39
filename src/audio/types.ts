/** Shapes shared by the decoders, `loadAudio` and `probeAudio`. */

/** Container formats recognised by their magic bytes. */
export type AudioContainer = 'wav' | 'au' | 'flac' | 'mp3' | 'ogg';

/**
 * Audio as a decoder returns it: one `Float32Array` per channel at the file's rate, samples in
 * [-1, 1) scaled as librosa / libsndfile scale them (int16 / 32768, int24 / 2^23, int32 / 2^31,
 * uint8 (x - 128) / 128).
 */
export interface DecodedAudio {
  /** Per-channel samples, all of one length (frames). */
  readonly channelData: Float32Array[];
  /** Hz. */
  readonly sampleRate: number;
  readonly container: AudioContainer;
  /** Codec name in ffmpeg's spelling: `pcm_s16le`, `pcm_f32le`, `pcm_mulaw`, `flac`, `mp3`, `vorbis`, ... */
  readonly codec: string;
  /** Bits per stored sample where the codec has one (PCM, FLAC); undefined for lossy codecs. */
  readonly bitDepth?: number;
  /** True when the file ends before its header says the audio does (the whole frames present were decoded). */
  readonly truncated: boolean;
  /** Why it looks truncated, in words, when the decoder can say (`the stream ends inside frame 812`). */
  readonly truncatedBecause?: string;
}

/** What `probeAudio` reports about a file without (where cheap) decoding it. */
export interface AudioInfo {
  /** The path probed. */
  readonly file: string;
  readonly container: AudioContainer;
  readonly codec: string;
  /** Hz. */
  readonly sampleRate: number;
  readonly channels: number;
  /** Seconds of audio. */
  readonly durationSeconds: number;
  /** Frames (samples per channel). */
  readonly frames: number;
  readonly bitDepth?: number;
  readonly truncated: boolean;
}

/** `DecodedAudio` with one channel, the mean of the file's, and how many the file has. */
export interface DecodedMono extends DecodedAudio {
  readonly sourceChannels: number;
}

/** A run of mono samples of a stream, in order. */
export interface MonoChunk {
  /** The file's channels mixed by their mean, at `sampleRate`; valid until the next chunk is asked for. */
  readonly samples: Float32Array;
  /** Hz (the file's). */
  readonly sampleRate: number;
}

/** What a stream says about its file once every chunk was read. */
export type MonoStreamEnd = Omit<DecodedMono, 'channelData' | 'sampleRate'>;

/** A file's mono samples, chunk by chunk (`openMonoStream`); `frames` when the header tells the length up front. */
export interface MonoStream {
  readonly frames?: number;
  readonly chunks: AsyncGenerator<MonoChunk, MonoStreamEnd>;
}
