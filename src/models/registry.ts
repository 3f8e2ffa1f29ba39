/**
 * The model zoo's index. A model kind knows how to train itself (`fit`) and how to rebuild a
 * trained model from its saved arguments and files (`restore`). Families are loaded lazily so
 * that a classical-only run never loads TensorFlow.js.
 */
import { ParameterError } from '../errors.js';
import type { Classifier, Example } from './model.js';
import { families, familiesLeftOut } from './families.js';

/** Labelled examples for training or validation. */
export interface TrainData {
  examples: Example[];
  /** One label per example. */
  labels: string[];
  /** Song id per example (pieces of one song share it); used by song-grouped splits. */
  groups?: string[];
}

/** One progress report from a training run (an epoch, a fold, or an optimiser iteration). */
export interface TrainProgress {
  epoch: number;
  epochs: number;
  loss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  seconds?: number;
  message?: string;
}

/** Everything `fit` may use besides the training data. */
export interface FitContext {
  /** Model arguments given by the user; unknown names are a ParameterError. */
  args: Record<string, unknown>;
  /** The label list in output order (sorted unique training labels by default). */
  labelSet: string[];
  valid?: TrainData;
  /** Seed for every random choice; the same seed gives the same model. */
  seed: number;
  onProgress?: (p: TrainProgress) => void;
  /** Folder for per-epoch checkpoints (neural models); resumed from when `resume` is true. */
  checkpointDir?: string;
  resume?: boolean;
  /** Neural models: training threads, this one included (data-parallel). Default one per core for convolutional networks and others of 200,000 weights or more, else 1. */
  jobs?: number;
}

/** A kind of model: its defaults, how to train it and how to restore it from disk. */
export interface ModelKind {
  name: string;
  family: 'classical' | 'neural';
  description: string;
  /** Whether it takes feature vectors or sequences of feature vectors (time x features). */
  input: 'vector' | 'sequence';
  /** A vector model that also takes sequences, flattened time-major (S0's MLP on 22 x 513 spectrograms). */
  flattensSequences?: boolean;
  /** Every argument with its default (the published value where there is one). */
  defaults: Readonly<Record<string, unknown>>;
  fit(train: TrainData, ctx: FitContext): Promise<Classifier>;
  restore(args: Record<string, unknown>, labels: string[], files: Record<string, Uint8Array>): Promise<Classifier>;
}


/** All model kinds of every family. */
export async function listModelKinds(): Promise<ModelKind[]> {
  const out: ModelKind[] = [];
  for (const load of families) out.push(...(await load()).kinds);
  return out;
}

/** The model kind called `name`; throws ParameterError listing the known names. */
export async function getModelKind(name: string): Promise<ModelKind> {
  const seen: string[] = [];
  for (const load of families) {
    for (const kind of (await load()).kinds) {
      if (kind.name === name) return kind;
      seen.push(kind.name);
    }
  }
  throw new ParameterError('model', `unknown model kind '${name}'${familiesLeftOut}; known kinds: ${seen.join(', ')}`);
}
