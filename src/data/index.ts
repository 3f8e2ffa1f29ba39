export * from './splits.js';
export * from './gtzan-names.js';
export { writeFileAtomic, writeFileAtomicWith } from './atomic-write.js';
export * from './datasets.js';
export * from './feature-store.js';
export * from './tensor-file.js';
export * from './feature-table.js';
export * from './extract.js';
export { computeFeatures, runExtractJob, type ExtractJob, type ExtractJobResult, type ComputedFeatures } from './extract-job.js';
