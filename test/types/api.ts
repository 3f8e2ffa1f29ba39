/**
 * A TypeScript user's code against the published entries but `genrekit/neural`, compiled by
 * test/public-api.test.ts with `skipLibCheck: false` and no DOM library: every declaration file
 * it reaches must compile for a plain Node project, so none may be TF.js's. Not run: it only has
 * to type-check.
 */
import { classify, classifyFiles, loadAudio, loadClassifier, saveModel, segment, type ClassifyResult, type ModelInput, type TailRule } from 'genrekit';
import { melSpectrogram, stft } from 'genrekit/dsp';
import { getRecipe, featurePng } from 'genrekit/features';
import { kFoldSplit, openDataset } from 'genrekit/data';
import { loadDatasetFeatures, saveTrainedModel, trainOnSplit, getModelKind } from 'genrekit/eval';
import { loadExperimentConfig, runExperiment, writeExperimentReport, type ExperimentOutcome } from 'genrekit/experiment';

export async function use(): Promise<void> {
  const r: ClassifyResult = await classify('song.mp3', { topK: 3 });
  const label: string = r.genres[0].label;
  await classify({ samples: new Float32Array(22050), sampleRate: 22050 });
  const files = await classifyFiles(['a.wav'], { jobs: 2 });
  const model = await loadClassifier();
  const input: ModelInput = model.input;
  const audio = await loadAudio('a.wav', { sampleRate: input.sampleRate });
  const tail: TailRule = 'lastFull';
  segment(audio.samples, audio.sampleRate, { pieceSeconds: input.pieceSeconds, tail });
  const mel = melSpectrogram(audio.samples, { sr: audio.sampleRate, nMels: 128 });
  stft(audio.samples);
  featurePng({ data: new Float32Array(4), shape: [2, 2] });
  getRecipe('melspec').compute(audio.samples);
  openDataset('gtzan/');
  kFoldSplit([{ id: 'a', label: 'x', group: 'a' }], { k: 2 });
  const data = await loadDatasetFeatures('gtzan/', { recipe: 'mfcc' });
  const result = await trainOnSplit(await getModelKind('hierarchical'), data, undefined, { args: { epochs: 1 } });
  await saveTrainedModel('model/', result, data);
  await saveModel('model2/', result.classifier, { input });
  const outcome: ExperimentOutcome = await runExperiment(await loadExperimentConfig('experiments/s1-classical-30s.json'), { out: 'runs/x', smoke: true });
  writeExperimentReport('runs/x', outcome);
  void [label, files, mel];
}
