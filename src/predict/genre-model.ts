/**
 * A model ready to classify audio: the trained classifier plus the exact feature recipe it was
 * trained on and its input contract (piece length, columns, example shape). `loadClassifier`
 * reads a model folder once and caches it, so a batch or a server loads each model a single time.
 */
import { ModelFormatError } from '../errors.js';
import type { TailRule } from '../audio/segment.js';
import { lengthDependent, type Recipe } from '../features/recipe.js';
import { getRecipe } from '../features/registry.js';
import type { LoadedModel } from '../models/io.js';
import { loadModel } from '../models/io.js';
import { modelKey, type ModelSource } from '../models/folder.js';
import { expectedInputShape, type ModelInput, type ModelManifest } from '../models/manifest.js';
import type { Classifier } from '../models/model.js';
import { getModelKind } from '../models/registry.js';
import { defaultModelDir } from './default-model.js';

/** A classifier with everything needed to feed it audio. */
export interface GenreModel {
  readonly classifier: Classifier;
  /** The feature recipe the classifier was trained on, parameters resolved. */
  readonly recipe: Recipe;
  /** The input contract: piece length, columns and the shape of one example. */
  readonly input: ModelInput;
  /** Whether one example is a flat vector or a sequence (rows of the recipe's output). */
  readonly takes: 'vector' | 'sequence';
  /**
   * The segmenter's tail rule `classify` cuts songs with (see `tailRuleFor`): `lastFull` when the
   * recipe's shape depends on the length, `merge` for a summary recipe such as `gtzan58`.
   */
  readonly tail: TailRule;
  /** The manifest it was loaded from, when it came from a folder. */
  readonly manifest?: ModelManifest;
  /** The folder it was loaded from. */
  readonly dir?: string;
}

const cache = new Map<string, Promise<GenreModel>>();

/**
 * The model in folder `source` (default: the bundled model), loaded once per process (page) and
 * cached: a path in Node, a URL in the browser build, or the folder's files in memory (not
 * cached). Its checksums are verified (`SHA256SUMS` and the manifest's). Throws ModelFormatError
 * naming the folder and the fault.
 */
export function loadClassifier(source: ModelSource = defaultModelDir): Promise<GenreModel> {
  if (typeof source !== 'string') return readGenreModel(source);
  const key = modelKey(source);
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

async function readGenreModel(source: ModelSource): Promise<GenreModel> {
  return fromLoadedModel(await loadModel(source), typeof source === 'string' ? source : undefined);
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
 * Pair a restored classifier with its manifest's recipe and input contract. Throws
 * ModelFormatError when the recipe cannot be re-created or does not give the recorded shape.
 */
export function fromManifest(manifest: ModelManifest, classifier: Classifier, takes: 'vector' | 'sequence', dir?: string): GenreModel {
  const where = dir ?? `model '${manifest.model.name}'`;
  const { input } = manifest;
  let recipe: Recipe;
  try {
    recipe = getRecipe(input.recipe.id, input.recipe.params);
  } catch (err) {
    throw new ModelFormatError(where, `cannot re-create its feature recipe '${input.recipe.id}': ${err instanceof Error ? err.message : String(err)}`);
  }
  if (recipe.sampleRate !== input.sampleRate) throw new ModelFormatError(where, `recipe '${recipe.id}' computes at ${recipe.sampleRate} Hz, the manifest says ${input.sampleRate} Hz`);
  const expected = expectedInputShape(recipe, input.pieceSeconds, input.columns);
  const flat = (s: number[]) => s.reduce((a, b) => a * b, 1);
  if (expected.join(',') !== input.shape.join(',') && flat(expected) !== flat(input.shape)) {
    throw new ModelFormatError(where, `recipe '${recipe.id}' gives examples of shape [${expected}] for ${input.pieceSeconds} s pieces, the model takes [${input.shape}]`);
  }
  return { classifier, recipe, input, takes, tail: tailRuleFor(recipe), manifest, dir };
}

/**
 * The tail rule for a model on `recipe`: `lastFull` when the recipe's shape depends on the length
 * (every piece exactly the model's length, a short song repeated to fill one), `merge` for a
 * summary recipe such as `gtzan58` (a leftover under half a piece joins the last piece, as the
 * GTZAN table computed its 30.013 s clips whole).
 */
export function tailRuleFor(recipe: Recipe): TailRule {
  return lengthDependent(recipe) ? 'lastFull' : 'merge';
}
