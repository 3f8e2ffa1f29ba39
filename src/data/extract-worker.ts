// Worker thread of extractFeatures: runs one ExtractJob per task message.
import { serveTasks } from '../parallel/worker.js';
import { runExtractJob, type ExtractJob, type ExtractJobResult } from './extract-job.js';

serveTasks<ExtractJob, ExtractJobResult>(runExtractJob);
