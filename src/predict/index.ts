/** Classify songs: the predict stage's public API. */
export { classify, classifySamples, classifyDefaults, levelDb, MIN_LEVEL_DB } from './classify.js';
export type { ClassifyOptions, ClassifyResult, PieceVerdict, ResolvedOptions } from './classify.js';
export { aggregate, rankGenres, certainty, AGGREGATIONS, MAX_CERTAINTY } from './aggregate.js';
export type { Aggregation, GenreScore } from './aggregate.js';
export { loadClassifier, clearClassifierCache, fromManifest, fromLoadedModel } from './genre-model.js';
export type { GenreModel } from './genre-model.js';
export { defaultModelDir } from './default-model.js';
export { BatchClassifier, classifyFiles, largestFirst } from './batch.js';
export type { BatchClassifierOptions, ClassifyFilesOptions, FileVerdict } from './batch.js';
export { expandInputs, isAudioPath, AUDIO_EXTENSIONS } from './inputs.js';
export { synthesizeDemoClip, demoClipDefaults } from './demo-clip.js';
export type { DemoClipOptions } from './demo-clip.js';
export { verdictsToTable, verdictsToCsv, formatTime } from './report.js';
export type { ReportOptions } from './report.js';
export { describeModel, REPORT_FILE, REPORT_JSON_FILE } from './model-info.js';
export type { ModelInfo, ProtocolAccuracy } from './model-info.js';
