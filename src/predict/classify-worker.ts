/**
 * Worker-thread script for batch classification (run by `BatchClassifier` through the worker
 * pool): each task classifies one file, decode + features + model off the main thread; the model
 * is loaded once per worker and cached. With `picture`, the task also draws the song's mel
 * spectrogram (PNG) from the same decoded samples.
 */
import { loadAudio } from '../audio/load.js';
import { serveTasks } from '../parallel/worker.js';
import type { ClassifyOptions, ClassifyResult } from './classify.js';
import { classify } from './classify.js';
import { loadClassifier } from './genre-model.js';
import { songPicture } from './song-picture.js';

/** One task: a file and the options; `model` is a folder path (a loaded model cannot cross threads). */
export interface ClassifyJob {
  file: string;
  options: Omit<ClassifyOptions, 'model'> & { model?: string };
  /** Also draw the song's mel spectrogram. Default false. */
  picture?: boolean;
}

/** A task's result: the verdict, and the picture's PNG bytes when asked for. */
export interface ClassifyOutput {
  result: ClassifyResult;
  picture?: Uint8Array;
}

serveTasks<ClassifyJob, ClassifyOutput>(async (job) => {
  if (!job.picture) return { result: await classify(job.file, job.options) };
  const rate = (await loadClassifier(job.options.model)).recipe.sampleRate;
  const audio = await loadAudio(job.file, { sampleRate: rate });
  const result = await classify({ samples: audio.samples, sampleRate: rate }, job.options);
  return { result, picture: songPicture(audio.samples, rate) };
});
