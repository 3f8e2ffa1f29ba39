/**
 * `genrekit` in a browser (the `browser` export condition; `dist/browser/genrekit.js`, one ES
 * module with its chunks, for a bundler or a plain `<script type="module">`). The same code as
 * Node's entry with five modules swapped (`X.browser.ts` beside `X.ts`): files come as bytes,
 * models from a URL or their files in memory, the WebAssembly kernels inlined, hashes and PNG
 * compression in JavaScript, and the classical model kinds only. Decoding uses the same
 * WebAssembly decoders as Node (not `decodeAudioData`, which resamples), so a page and Node give
 * the same scores. See docs/browser.md.
 *
 * @example
 * import { classify } from 'genrekit';
 * const bytes = new Uint8Array(await file.arrayBuffer()); // a File from <input type="file">
 * const r = await classify(bytes); // the bundled model, fetched from beside the module
 */
export { classify, classifyDefaults, type AudioSamples, type ClassifyOptions, type ClassifyResult, type PieceVerdict } from './predict/classify.js';
export { AGGREGATIONS, type Aggregation, type GenreScore } from './predict/aggregate.js';
export { loadClassifier, clearClassifierCache, type GenreModel } from './predict/genre-model.js';
export { defaultModelDir } from './predict/default-model.js';
export { loadAudio, LOAD_AUDIO_DEFAULTS, type LoadAudioOptions, type LoadedAudio } from './audio/load.js';
export type { AudioContainer, AudioInfo } from './audio/types.js';
export { segment, segmentRanges, SEGMENT_DEFAULTS, TAIL_RULES, NEARLY_WHOLE, type AudioPiece, type PieceRange, type SegmentOptions, type TailRule } from './audio/segment.js';
export { StreamSegmenter } from './audio/segment-stream.js';
export { resample, StreamResampler } from './audio/resample.js';
export { getRecipe, listRecipes } from './features/registry.js';
export type { FeatureMatrix, Recipe } from './features/recipe.js';
export { loadModel, type LoadedModel } from './models/io.js';
export type { ModelSource } from './models/folder.js';
export { MODEL_FORMAT_VERSION, type ModelFiles, type ModelInput, type ModelManifest } from './models/manifest.js';
export type { Classifier, Example } from './models/model.js';
export { prepareKernels } from './dsp/wasm.js';
export { GenreKitError, AudioDecodeError, ParameterError, ModelFormatError, DataFormatError } from './errors.js';
