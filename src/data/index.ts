export * from './splits.js';
export * from './gtzan-names.js';
export { writeFileAtomic } from './atomic-write.js';
export * from './datasets.js';
export * from './pieces.js';
export * from './feature-store.js';
export * from './tensor-file.js';
export * from './feature-table.js';
