/**
 * `genrekit/data`: datasets (GTZAN layouts, folder-per-label trees, manifest CSVs), splits
 * (song-grouped k-fold and holdout, the published leaky ones, GTZAN's fault-filtered split),
 * the feature store and extraction into it (worker threads, resumable), and the files it exports:
 * the GTZAN feature CSV and float32 tensor files readable from numpy.
 */
export { audioExtensions, readGtzan, readFolderTree, readManifest, openDataset, type DatasetItem, type SkippedFile, type DatasetKind, type Dataset } from './datasets.js';
export { splitDefaults, holdoutSplit, kFoldSplit, repeatedKFoldSplit, modFolds, faultFilteredSplit, expandSplit, groupLeaks, describeSplit, saveSplit, loadSplit, type SplitItem, type SplitFold, type SplitProtocol, type Split, type HoldoutFractions, type SplitOptions, type HoldoutOptions, type KFoldOptions, type RepeatedKFoldOptions, type GroupLeak } from './splits.js';
export { parseGtzanName, gtzanPieceId, gtzanItem, type GtzanName } from './gtzan-names.js';
export { entryKey, FeatureStore, type PieceSetting } from './feature-store.js';
export { extractDefaults, extractFeatures, clipLength, featureRows, exportTensorFile, exportGtzanCsv, type ExtractOptions, type FileOutcome, type ExtractSummary, type FeatureRow } from './extract.js';
export { featureTableColumns, readFeatureTableDefaults, readFeatureTable, writeFeatureTableDefaults, writeFeatureTable, type FeatureTable, type ReadFeatureTableOptions, type FeatureTableRow, type WriteFeatureTableOptions } from './feature-table.js';
export { writeTensorFile, writeTensorFileFrom, readTensorFile, type TensorHeader, type TensorFile } from './tensor-file.js';
export { writeFileAtomic } from './atomic-write.js';
