/**
 * The contract every feature recipe meets. A recipe turns mono samples at its own sample rate
 * into a feature matrix. Recipes are looked up by id (`getRecipe`) so that a saved model can
 * re-create exactly the features it was trained on from `{ id, params }`.
 */

/** A dense row-major feature array. `shape` is e.g. `[57]` (a vector) or `[frames, bins]`. */
export interface FeatureMatrix {
  /** Row-major values; `data.length` is the product of `shape`. */
  data: Float32Array;
  shape: number[];
  /** Column names when the last axis has named entries (e.g. the GTZAN statistics). */
  names?: string[];
}

/** A feature recipe with its parameters resolved. */
export interface Recipe<P extends object = Record<string, unknown>> {
  /** Stable id, e.g. `gtzan58`, `melspec`. */
  readonly id: string;
  /** Every parameter with its value (defaults filled in); JSON-serialisable. */
  readonly params: Readonly<P>;
  /** Sample rate in Hz the recipe expects its input at. */
  readonly sampleRate: number;
  /** Output shape for a mono signal of `nSamples` samples at `sampleRate`. */
  outputShape(nSamples: number): number[];
  /** Compute the features of mono samples at `sampleRate`. */
  compute(samples: Float32Array): FeatureMatrix;
}

/** A recipe factory: resolves raw (partial) params against the defaults. Throws ParameterError. */
export interface RecipeFactory<P extends object = Record<string, unknown>> {
  readonly id: string;
  readonly description: string;
  readonly defaults: Readonly<P>;
  create(params?: Partial<P>): Recipe<P>;
}

/**
 * True when `recipe`'s output shape depends on the length of its input (every frame-based
 * recipe), false for summaries such as `gtzan58`. Such a recipe needs pieces of one length to
 * give examples of one shape.
 */
export function lengthDependent(recipe: Recipe): boolean {
  const n = Math.round(30 * recipe.sampleRate);
  return recipe.outputShape(n).join(',') !== recipe.outputShape(2 * n + 1).join(',');
}
