export * from './errors.js';
export * from './data/index.js';
export * from './predict/index.js';
export * from './audio/index.js';
