/**
 * `genrekit`: the task API. Classify a song (a path, file bytes, or `{ samples, sampleRate }`)
 * with the bundled model or a model folder; classify many files in worker threads
 * (`classifyFiles`, or a `BatchClassifier` kept for several batches); load and probe audio; cut it
 * into pieces; the feature recipes; save and load model folders; the errors.
 *
 * Loads no TensorFlow.js: a neural model's folder loads it when that model is classified.
 * Subpath entries: `genrekit/dsp` (signal processing), `genrekit/features` (recipes and
 * pictures), `genrekit/data` (datasets, splits, feature store), `genrekit/eval` (training on
 * splits, metrics, reports), `genrekit/neural` (neural models, their training, the TF.js runtime).
 */
export { classify, classifyDefaults, type AudioSamples, type ClassifyOptions, type ClassifyResult, type PieceVerdict } from './predict/classify.js';
export { AGGREGATIONS, type Aggregation, type GenreScore } from './predict/aggregate.js';
export { BatchClassifier, classifyFiles, type BatchClassifierOptions, type ClassifyFilesOptions, type FileVerdict } from './predict/batch.js';
export { loadClassifier, clearClassifierCache, type GenreModel } from './predict/genre-model.js';
export { defaultModelDir } from './predict/default-model.js';
export { describeModel, type ModelInfo, type ProtocolAccuracy } from './predict/model-info.js';
export { expandInputs, AUDIO_EXTENSIONS } from './predict/inputs.js';
export { loadAudio, LOAD_AUDIO_DEFAULTS, type LoadAudioOptions, type LoadedAudio } from './audio/load.js';
export { probeAudio, PROBE_AUDIO_DEFAULTS, type ProbeAudioOptions } from './audio/probe.js';
export type { AudioContainer, AudioInfo } from './audio/types.js';
export { encodeWav, writeWav, ENCODE_WAV_DEFAULTS, type EncodeWavOptions } from './audio/wav-writer.js';
export { segment, segmentRanges, SEGMENT_DEFAULTS, TAIL_RULES, NEARLY_WHOLE, type AudioPiece, type PieceRange, type SegmentOptions, type TailRule } from './audio/segment.js';
export { StreamSegmenter } from './audio/segment-stream.js';
export { resample, StreamResampler } from './audio/resample.js';
export { getRecipe, listRecipes } from './features/registry.js';
export type { FeatureMatrix, Recipe } from './features/recipe.js';
export { saveModel, loadModel, type SaveModelInfo, type LoadedModel } from './models/io.js';
export { MODEL_FORMAT_VERSION, type ModelInput, type ModelManifest } from './models/manifest.js';
export type { Classifier, Example } from './models/model.js';
export { GenreKitError, AudioDecodeError, ParameterError, ModelFormatError, DataFormatError } from './errors.js';
