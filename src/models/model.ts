/**
 * The contract every model meets, classical or neural. A model maps examples to class
 * probabilities over `labels`. Examples are either feature vectors (`Float32Array`, for the
 * classical models and MLPs) or sequences of feature vectors (`Float32Array[]`, time x features,
 * for the recurrent models).
 */

/** One example: a feature vector, or a sequence of feature vectors (time steps x features). */
export type Example = Float32Array | Float32Array[];

/** A trained model ready to predict. */
export interface Classifier {
  /** Registry name of the model kind, e.g. `svm-rbf`, `lstm`. */
  readonly name: string;
  /** Class labels, in the order of the probability columns. */
  readonly labels: readonly string[];
  /** Probabilities, one row per example, each of length `labels.length`, summing to 1. */
  predictProba(examples: Example[]): Promise<Float32Array[]>;
  /** The weights and arguments needed to rebuild this model (see `saveModel`). */
  serialize(): Promise<SerializedModel>;
  /** Releases native / tensor memory; a no-op for pure-JS models. */
  dispose(): void;
}

/** What a model writes into its folder besides `genrekit.json`. */
export interface SerializedModel {
  /** Model arguments needed to rebuild it (JSON). */
  args: Record<string, unknown>;
  /** File name inside the model folder -> bytes. */
  files: Record<string, Uint8Array>;
}
