/**
 * The public face: each entry exports exactly its pinned list (a change to the public API is a
 * change to this file; the browser build's too), `import('genrekit')` and a `classify` with the bundled model load no
 * TensorFlow.js, and the public types compile for a TypeScript user without `skipLibCheck`
 * (test/types/, compiled against the built declaration files).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from './helpers/shared-data.js';

/** Every runtime export of every entry, sorted. */
const EXPORTS: Record<string, string[]> = {
  "genrekit": ["AGGREGATIONS", "AUDIO_EXTENSIONS", "AudioDecodeError", "BatchClassifier", "DataFormatError", "ENCODE_WAV_DEFAULTS", "GenreKitError", "LOAD_AUDIO_DEFAULTS", "MODEL_FORMAT_VERSION", "ModelFormatError", "NEARLY_WHOLE", "PROBE_AUDIO_DEFAULTS", "ParameterError", "SEGMENT_DEFAULTS", "StreamResampler", "StreamSegmenter", "TAIL_RULES", "classify", "classifyDefaults", "classifyFiles", "clearClassifierCache", "defaultModelDir", "describeModel", "encodeWav", "expandInputs", "getRecipe", "listRecipes", "loadAudio", "loadClassifier", "loadModel", "probeAudio", "resample", "saveModel", "segment", "segmentRanges", "writeWav"],
  "genrekit/dsp": ["AMPLITUDE_TO_DB_DEFAULTS", "BANDWIDTH_DEFAULTS", "CHROMA_FILTER_DEFAULTS", "CHROMA_STFT_DEFAULTS", "ComplexFft", "HPSS_DEFAULTS", "HPSS_STFT_DEFAULTS", "MEL_FILTER_DEFAULTS", "MEL_SPECTROGRAM_DEFAULTS", "MFCC_DEFAULTS", "ONSET_STRENGTH_AUDIO_DEFAULTS", "ONSET_STRENGTH_DEFAULTS", "PIPTRACK_DEFAULTS", "POWER_TO_DB_DEFAULTS", "RMS_DEFAULTS", "ROLLOFF_DEFAULTS", "RealFft", "SCATTERING_DEFAULTS", "SPECTRAL_DEFAULTS", "STFT_DEFAULTS", "TEMPOGRAM_DEFAULTS", "TEMPO_DEFAULTS", "TUNING_DEFAULTS", "WINDOW_NAMES", "ZERO_CROSSING_DEFAULTS", "amplitudeToDb", "chromaFilterBank", "chromaStft", "dctMatrix", "estimateTempo", "estimateTuning", "fftFrequencies", "frameCount", "getWindow", "harmonicMask", "hpss", "hpssMasks", "hpssWaveforms", "hzToMel", "istft", "istftMasked", "littlewoodPaley", "magnitude", "medianFilter1d", "medianFilterAlongRows", "medianFilterDownColumns", "melFilterBank", "melFrequencies", "melFromSamples", "melSpectrogram", "melToHz", "mfcc", "mfccFromLogMel", "morletBank", "onsetStrength", "onsetStrengthFromSpectrogram", "phiResponse", "phiSigmaHz", "piptrack", "pitchTuning", "powerToDb", "prepareKernels", "rms", "scatteringFilterBank", "scatteringFrameCount", "scatteringTransform", "spectralBandwidth", "spectralCentroid", "spectralRolloff", "spectrogram", "stft", "tempoFrequencies", "tempoOfAudio", "tempogram", "waveletResponse", "zeroCrossingRate"],
  "genrekit/features": ["FEATURE_SEQUENCE_DEFAULTS", "GTZAN57_NAMES", "GTZAN58_DEFAULTS", "GTZAN58_NAMES", "MELSPEC_DEFAULTS", "MFCC_RECIPE_DEFAULTS", "PICTURE_DEFAULTS", "SCATTERING_RECIPE_DEFAULTS", "SPECTROGRAM_DEFAULTS", "encodePng", "featureImage", "featurePng", "featureSvg", "getRecipe", "getRecipeFactory", "gtzan58Statistics", "lengthDependent", "listRecipes", "recipes"],
  "genrekit/data": ["FeatureStore", "audioExtensions", "clipLength", "describeSplit", "entryKey", "expandSplit", "exportGtzanCsv", "exportTensorFile", "extractDefaults", "extractFeatures", "faultFilteredSplit", "featureRows", "featureTableColumns", "groupLeaks", "gtzanItem", "gtzanPieceId", "holdoutSplit", "kFoldSplit", "loadSplit", "modFolds", "openDataset", "parseGtzanName", "readFeatureTable", "readFeatureTableDefaults", "readFolderTree", "readGtzan", "readManifest", "readTensorFile", "repeatedKFoldSplit", "saveSplit", "splitDefaults", "writeFeatureTable", "writeFeatureTableDefaults", "writeFileAtomic", "writeTensorFile", "writeTensorFileFrom"],
  "genrekit/eval": ["CERTAINTY_FLOOR", "MAX_CERTAINTY", "SPLIT_SPECS", "TRAINED_REPORT_FILES", "argmax", "certainty", "checkCompatible", "checkInput", "classBarsSvg", "classificationMetrics", "confusionMatrixSvg", "crossValidate", "crossValidationDefaults", "datasetFeaturesDefaults", "evaluateClassifier", "foldsOf", "getModelKind", "gridCandidates", "gridSearch", "gridSearchDefaults", "listModelKinds", "loadDatasetFeatures", "loadLabelledData", "makeReport", "meanStd", "metricsDefaults", "modelInputOf", "plotDefaults", "pngDefaults", "protocolOf", "reportMarkdown", "resolveSplit", "saveTrainedModel", "svgToPng", "trainDefaults", "trainOnSplit", "writeReport", "writeReportDefaults"],
  "genrekit/experiment": ["EXPERIMENT_REPORT_FILES", "PROTOCOL_NAMES", "checkExperimentConfig", "describeData", "experimentConfigSchema", "experimentDefaults", "experimentMarkdown", "loadExperimentConfig", "resultsMarkdown", "runExperiment", "writeExperimentReport", "writeResults"],
  "genrekit/neural": ["BACKEND_NAMES", "CHECKPOINT_FILE", "COMMON_DEFAULTS", "CRNN_DEFAULTS", "CRNN_EXTENDED_DEFAULTS", "CURVES_JSON", "CURVES_SVG", "DATA_PARALLEL_DEFAULTS", "EarlyStopping", "HIERARCHICAL_DEFAULTS", "HierarchicalClassifier", "IND_RNN_DEFAULTS", "LSTM_ATTENTION_DEFAULTS", "LSTM_DEFAULTS", "LSTM_SEQUENCE_DEFAULTS", "MLP_DEFAULTS", "NeuralClassifier", "OPTIMIZER_NAMES", "RESNET_CRNN_DEFAULTS", "RUNTIME_DEFAULTS", "S3_TREE", "SIMPLE_RNN_DEFAULTS", "TRAIN_DEFAULTS", "attentionWeights", "classWeightsFor", "clipByGlobalNorm", "createOptimizer", "crnnGeometry", "currentBackend", "evaluateNetwork", "exampleSeeds", "formatProgress", "initTf", "kinds", "learningCurvesFiles", "learningCurvesSvg", "loadPretrainedTrunk", "neuralTrainingRecord", "parseBackendChoice", "parseSafetensors", "readCheckpoint", "readSafetensors", "setBackendPreference", "shardGradients", "tf", "trainNetwork", "trainStep", "weightedCrossEntropy", "writeCheckpoint", "writeLearningCurves"],
};

/** The browser build's entries (docs/browser.md): `genrekit` without what needs files, threads or TF.js; the others whole. */
const BROWSER_EXPORTS: Record<string, string[]> = {
  "genrekit.js": ["AGGREGATIONS", "AudioDecodeError", "DataFormatError", "GenreKitError", "LOAD_AUDIO_DEFAULTS", "MODEL_FORMAT_VERSION", "ModelFormatError", "NEARLY_WHOLE", "ParameterError", "SEGMENT_DEFAULTS", "StreamResampler", "StreamSegmenter", "TAIL_RULES", "classify", "classifyDefaults", "clearClassifierCache", "defaultModelDir", "getRecipe", "listRecipes", "loadAudio", "loadClassifier", "loadModel", "prepareKernels", "resample", "segment", "segmentRanges"],
  "features.js": EXPORTS['genrekit/features'],
  "dsp.js": EXPORTS['genrekit/dsp'],
};

test("the browser build's entries export exactly their pinned names", async () => {
  for (const [file, names] of Object.entries(BROWSER_EXPORTS)) {
    const m = (await import(join(projectRoot, 'dist/browser', file))) as Record<string, unknown>;
    assert.deepEqual(Object.keys(m).sort(), names, file);
  }
});

test('each entry exports exactly its pinned names', async () => {
  for (const [entry, names] of Object.entries(EXPORTS)) {
    const m = (await import(entry)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(m).sort(), names, entry);
  }
});

test("import('genrekit') and a classify with the bundled model load no TensorFlow.js; genrekit/neural does", () => {
  // A fresh process: TF.js keeps its engine on the global object from the moment it is loaded.
  const script = `
    const g = await import('genrekit');
    const afterImport = globalThis._tfengine !== undefined;
    const samples = new Float32Array(22050 * 31).map((_, i) => 0.3 * Math.sin(i * 0.05));
    const r = await g.classify({ samples, sampleRate: 22050 });
    const afterClassify = globalThis._tfengine !== undefined;
    const { tf, initTf } = await import('genrekit/neural');
    await initTf();
    // The bundled TF.js is whole: gradients and chained ops (what tfjs-layers and users' code call).
    const grad = await tf.grad((x) => tf.sum(tf.mul(x, x)))(tf.tensor([1, 2])).data();
    const flat = tf.zeros([2, 3]).flatten().shape;
    console.log(JSON.stringify({ afterImport, afterClassify, afterNeural: globalThis._tfengine !== undefined, genres: r.genres.length, grad: [...grad], flat }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { afterImport: false, afterClassify: false, afterNeural: true, genres: 3, grad: [2, 4], flat: [6] });
});

test('the public types compile without skipLibCheck (test/types against the built .d.ts files)', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // The lean entries in a plain Node project (no DOM library); genrekit/neural as TF.js projects need it.
  for (const project of ['tsconfig.json', 'tsconfig.neural.json']) {
    const r = spawnSync(process.execPath, [tsc, '-p', join(projectRoot, 'test', 'types', project)], { cwd: projectRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, `${project}:\n${r.stdout}${r.stderr}`);
  }
});
