/**
 * S1's "new songs": a labelled folder of songs outside the training data, cut into the data's
 * pieces through the feature store and classified by each protocol's first-fold model.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ParameterError } from '../errors.js';
import { loadDatasetFeatures, type LabelledData } from '../eval/labelled-data.js';
import { argmax } from '../eval/metrics.js';
import { loadModel } from '../models/io.js';
import type { Classifier } from '../models/model.js';
import type { ProtocolOutcome } from './outcome.js';

/**
 * S1's "new songs": the songs of `folder`, cut into the data's pieces through the feature store,
 * classified by every first-fold model; a song's verdict is the mean of its pieces' probabilities.
 */
export async function classifyNewSongs(folder: string, data: LabelledData, protocols: ProtocolOutcome[], options: { out: string; store?: string; jobs?: number }, note: (message: string) => void): Promise<void> {
  if (!existsSync(folder)) throw new ParameterError('newSongs', `'${folder}' does not exist`);
  note(`new songs: ${data.recipe.id} features of ${folder}`);
  const songs = await loadDatasetFeatures(folder, { recipe: data.recipe.id, params: data.recipe.params, pieceSeconds: data.recipe.pieceSeconds ?? null, ...(options.store ? { store: options.store } : {}), ...(options.jobs ? { jobs: options.jobs } : {}) });
  const unknown = songs.labelSet.filter((l) => !data.labelSet.includes(l));
  if (unknown.length) throw new ParameterError('newSongs', `'${folder}' has genres the models do not know: ${unknown.join(', ')}`);
  for (const p of protocols) {
    for (const m of p.models) {
      let classifier: Classifier | undefined;
      try {
        classifier = (await loadModel(join(options.out, m.modelDir))).classifier;
        const proba = await classifier.predictProba(songs.examples);
        const labels = classifier.labels;
        const bySong = new Map<string, { truth: string; sum: Float64Array }>();
        let right = 0;
        proba.forEach((row, i) => {
          if (labels[argmax(row)] === songs.labels[i]) right++;
          const song = bySong.get(songs.groups[i]) ?? { truth: songs.labels[i], sum: new Float64Array(labels.length) };
          row.forEach((v, k) => (song.sum[k] += v));
          bySong.set(songs.groups[i], song);
        });
        const songsRight = [...bySong.values()].filter((s) => labels[argmax(s.sum)] === s.truth).length;
        m.newSongs = { pieces: right / proba.length, songs: songsRight / bySong.size, songCount: bySong.size, pieceCount: proba.length };
      } catch (err) {
        m.newSongs = { error: (err as Error).message };
      } finally {
        classifier?.dispose();
      }
    }
  }
}

