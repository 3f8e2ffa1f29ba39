/**
 * Worker-thread script for batch classification (run by `classifyFiles` through the worker pool):
 * each task classifies one file, decode + features + model off the main thread; the model is
 * loaded once per worker and cached.
 */
import { serveTasks } from '../parallel/worker.js';
import type { ClassifyOptions, ClassifyResult } from './classify.js';
import { classify } from './classify.js';

/** One task: a file and the options; `model` is a folder path (a loaded model cannot cross threads). */
export interface ClassifyJob {
  file: string;
  options: Omit<ClassifyOptions, 'model'> & { model?: string };
}

serveTasks<ClassifyJob, ClassifyResult>((job) => classify(job.file, job.options));
