/**
 * A model ready to classify audio: the trained classifier plus the exact feature recipe it was
 * trained on and the piece length it expects. `loadClassifier` reads a model folder once and
 * caches it, so a batch or a server loads each model a single time.
 */
import { resolve } from 'node:path';
import { ModelFormatError } from '../errors.js';
import type { Recipe } from '../features/recipe.js';
import { getRecipe } from '../features/registry.js';
import type { LoadedModel } from '../models/io.js';
import { loadModel } from '../models/io.js';
import type { ModelManifest } from '../models/manifest.js';
import type { Classifier } from '../models/model.js';
import { getModelKind } from '../models/registry.js';
import { defaultModelDir, verifyChecksums } from './default-model.js';

/** Piece length in seconds assumed for a model whose manifest records none (GTZAN's clip length). */
export const DEFAULT_PIECE_SECONDS = 30;

/** A classifier with everything needed to feed it audio. */
export interface GenreModel {
  readonly classifier: Classifier;
  /** The feature recipe the classifier was trained on, parameters resolved. */
  readonly recipe: Recipe;
  /** Length in seconds of the pieces (rows) it was trained on. */
  readonly pieceSeconds: number;
  /** Whether one example is a flat vector or a sequence (rows of the recipe's output). */
  readonly input: 'vector' | 'sequence';
  /**
   * Names of the recipe outputs (last axis) the classifier takes, in its order; all outputs when
   * absent. The GTZAN-table models take 57 of `gtzan58`'s 58 values: all but `length`.
   */
  readonly featureNames?: readonly string[];
  /** The manifest it was loaded from, when it came from a folder. */
  readonly manifest?: ModelManifest;
  /** The folder it was loaded from. */
  readonly dir?: string;
}

const cache = new Map<string, Promise<GenreModel>>();

/**
 * The model in folder `dir` (default: the bundled model), loaded once per process and cached.
 * The bundled model's `SHA256SUMS` is verified as well as the manifest's checksums.
 * Throws ModelFormatError naming the folder and the fault.
 */
export function loadClassifier(dir: string = defaultModelDir): Promise<GenreModel> {
  const key = resolve(dir);
  let hit = cache.get(key);
  if (!hit) {
    hit = readGenreModel(key);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

/** Drop cached models (releasing their memory); the next `loadClassifier` reads the folder again. */
export async function clearClassifierCache(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  for (const p of all) (await p.catch(() => undefined))?.classifier.dispose();
}

async function readGenreModel(dir: string): Promise<GenreModel> {
  if (dir === resolve(defaultModelDir)) await verifyChecksums(dir);
  return fromLoadedModel(await loadModel(dir), dir);
}

const fromLoaded = new WeakMap<LoadedModel, Promise<GenreModel>>();

/** A `GenreModel` for a model from `loadModel` (made once per loaded model). */
export function fromLoadedModel(loaded: LoadedModel, dir?: string): Promise<GenreModel> {
  let hit = fromLoaded.get(loaded);
  if (!hit) {
    hit = getModelKind(loaded.manifest.model.name).then((kind) => fromManifest(loaded.manifest, loaded.classifier, kind.input, dir));
    fromLoaded.set(loaded, hit);
  }
  return hit;
}

/**
 * Pair a restored classifier with its manifest's recipe and recorded feature names
 * (`training.featureNames`). Throws ModelFormatError when the recipe cannot be re-created.
 */
export function fromManifest(manifest: ModelManifest, classifier: Classifier, input: 'vector' | 'sequence', dir?: string): GenreModel {
  const where = dir ?? `model '${manifest.model.name}'`;
  let recipe: Recipe;
  try {
    recipe = getRecipe(manifest.recipe.id, manifest.recipe.params);
  } catch (err) {
    throw new ModelFormatError(where, `cannot re-create its feature recipe '${manifest.recipe.id}': ${err instanceof Error ? err.message : String(err)}`);
  }
  const pieceSeconds = manifest.recipe.pieceSeconds ?? DEFAULT_PIECE_SECONDS;
  return { classifier, recipe, pieceSeconds, input, featureNames: featureNames(manifest), manifest, dir };
}

/** The feature names a model was trained on, when its manifest records them (`genrekit train` does). */
function featureNames(manifest: ModelManifest): string[] | undefined {
  const t = manifest.training?.featureNames;
  return Array.isArray(t) && t.every((x) => typeof x === 'string') ? (t as string[]) : undefined;
}
