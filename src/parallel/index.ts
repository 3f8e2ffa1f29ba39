export * from './pool.js';
export { serveTasks, toTaskError, transferables } from './worker.js';
export * from './progress.js';
