/**
 * Saving and loading trained models of any kind. A model folder holds the model's own files and
 * `genrekit.json` (see manifest.ts); loading looks the kind up in the registry and rebuilds the
 * classifier with the kind's `restore`.
 */
import { GenreKitError, ModelFormatError } from '../errors.js';
import { readModelFolder, saveModelFolder, type ModelSource } from './folder.js';
import type { ManifestInput, ModelManifest } from './manifest.js';
import type { Classifier } from './model.js';
import { getModelKind } from './registry.js';

/** What the caller records beside the model: the input contract (required), normalisation, training and metrics. */
export type SaveModelInfo = Omit<ManifestInput, 'model' | 'labels'>;

/** A loaded model and its manifest. */
export interface LoadedModel {
  classifier: Classifier;
  manifest: ModelManifest;
}

/**
 * Writes `classifier` to the folder `dir` atomically (a temp folder renamed over any old one).
 * The model name, arguments and labels come from the classifier; `extraFiles` (e.g. a training
 * report) are written and checksummed beside the weights; a function gives them from the model's
 * resolved arguments (the model is serialized once). Returns the manifest written.
 */
export async function saveModel(
  dir: string,
  classifier: Classifier,
  info: SaveModelInfo,
  extraFiles: Record<string, Uint8Array> | ((args: Record<string, unknown>) => Record<string, Uint8Array>) = {},
): Promise<ModelManifest> {
  const serialized = await classifier.serialize();
  if (typeof extraFiles === 'function') extraFiles = extraFiles(serialized.args);
  const clash = Object.keys(extraFiles).find((name) => name in serialized.files);
  if (clash) throw new ModelFormatError(dir, `extra file '${clash}' would overwrite a weight file of the model`);
  return saveModelFolder(dir, { args: serialized.args, files: { ...serialized.files, ...extraFiles } }, { ...info, model: { name: classifier.name }, labels: [...classifier.labels] });
}

/**
 * Reads a model folder (a path; a URL in the browser build; or its files in memory), checks it,
 * and rebuilds its classifier. Throws ModelFormatError naming the folder.
 */
export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  const dir = typeof source === 'string' ? source : '<model files>';
  const { manifest, files } = await readModelFolder(source); // the manifest is checked against its schema
  try {
    const kind = await getModelKind(manifest.model.name);
    return { classifier: await kind.restore(manifest.model.args ?? {}, manifest.labels, files), manifest };
  } catch (err) {
    if (err instanceof ModelFormatError && err.path === dir) throw err;
    if (err instanceof GenreKitError) throw new ModelFormatError(dir, `cannot restore model '${manifest.model.name}': ${err.message}`);
    throw err;
  }
}
