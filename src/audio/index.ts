/** The audio room: decode, load (mono mix, span, resample), probe, segment, write WAV. */
export type { AudioContainer, AudioInfo, DecodedAudio } from './types.js';
export { decodeAudio } from './decode.js';
export { loadAudio, LOAD_AUDIO_DEFAULTS, type LoadAudioOptions, type LoadedAudio } from './load.js';
export { probeAudio, PROBE_AUDIO_DEFAULTS, type ProbeAudioOptions } from './probe.js';
export { resample, resampledLength, KAISER_BEST, type SincFilterSpec } from './resample.js';
export { segment, segmentRanges, pieceOf, SEGMENT_DEFAULTS, TAIL_RULES, NEARLY_WHOLE, type AudioPiece, type PieceRange, type SegmentOptions, type TailRule } from './segment.js';
export { encodeWav, writeWav, ENCODE_WAV_DEFAULTS, type EncodeWavOptions } from './wav-writer.js';
