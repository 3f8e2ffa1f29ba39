/**
 * What every classical model shares: feature vectors packed into a row-major matrix, a
 * standardiser (scikit-learn's StandardScaler) fitted on the training data and saved inside the
 * model, argument checking against the kind's defaults, and saving as one JSON file.
 */
import { ModelFormatError, ParameterError } from '../../errors.js';
import { firstNonFinite } from '../finite.js';
import { resolveParams } from '../../params.js';
import type { Classifier, Example, SerializedModel } from '../model.js';
import type { FitContext, ModelKind, TrainData } from '../registry.js';

/** The file a classical model writes into its folder. */
export const CLASSICAL_WEIGHTS_FILE = 'classical.json';

/** Row-major matrix: `rows` x `cols` values in `data`. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Values of an example: a vector's, or a sequence's flattened time-major (S0's baselines on 22 x 513 spectrograms). */
const widthOf = (x: Example) => (x instanceof Float32Array ? x.length : x.length * (x[0]?.length ?? 0));

/** Packs feature vectors (each `Float32Array` of equal length, or equal-shaped sequences, flattened) into a rows x features matrix. */
export function toMatrix(examples: Example[], cols?: number): Matrix {
  const rows = examples.length;
  const width = cols ?? (rows ? widthOf(examples[0]) : 0);
  const data = new Float64Array(rows * width);
  for (let i = 0; i < rows; i++) {
    const x = examples[i];
    if (widthOf(x) !== width) throw new ParameterError('examples', `example ${i} has ${widthOf(x)} values, expected ${width}`);
    if (x instanceof Float32Array) data.set(x, i * width);
    else {
      const steps = x[0]?.length ?? 0;
      x.forEach((row, t) => {
        if (row.length !== steps) throw new ParameterError('examples', `example ${i} step ${t} has ${row.length} features, expected ${steps}`);
        data.set(row, i * width + t * steps);
      });
    }
  }
  return { data, rows, cols: width };
}

/**
 * Per-feature standardisation z = (x - mean) / scale with the population standard deviation, a
 * scale of 1 for constant features (as scikit-learn's StandardScaler).
 */
export class Standardizer {
  constructor(
    readonly mean: Float64Array,
    readonly scale: Float64Array,
  ) {}

  static fit(x: Matrix): Standardizer {
    const { data, rows, cols } = x;
    const mean = new Float64Array(cols);
    const scale = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
    for (let j = 0; j < cols; j++) mean[j] /= rows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const d = data[i * cols + j] - mean[j];
        scale[j] += d * d;
      }
    }
    for (let j = 0; j < cols; j++) {
      const s = Math.sqrt(scale[j] / rows);
      scale[j] = s > 10 * Number.EPSILON * Math.max(1, Math.abs(mean[j])) ? s : 1;
    }
    return new Standardizer(mean, scale);
  }

  /** A standardised copy of `x`. */
  transform(x: Matrix): Matrix {
    const { rows, cols } = x;
    if (cols !== this.mean.length) throw new ParameterError('examples', `examples have ${cols} features, the model was trained on ${this.mean.length}`);
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = (x.data[i * cols + j] - this.mean[j]) / this.scale[j];
    }
    return { data: out, rows, cols };
  }

  toJSON(): { mean: number[]; scale: number[] } {
    return { mean: Array.from(this.mean), scale: Array.from(this.scale) };
  }

  static fromJSON(j: { mean: number[]; scale: number[] }): Standardizer {
    return new Standardizer(Float64Array.from(j.mean), Float64Array.from(j.scale));
  }
}

/** A trained model on standardised vectors: class probabilities per row, and its state as JSON. */
export interface VectorCore {
  /** Probabilities, rows x classes, each row summing to 1. */
  proba(x: Matrix): Float32Array[];
  /** Everything needed to rebuild the core (plain JSON). */
  toJSON(): unknown;
}

/** A classical model: standardiser + core, behind the `Classifier` contract. */
export class StandardizedClassifier implements Classifier {
  constructor(
    readonly name: string,
    readonly labels: readonly string[],
    readonly args: Record<string, unknown>,
    readonly scaler: Standardizer,
    readonly core: VectorCore,
  ) {}

  /** Probabilities for examples that are already packed as a raw (unstandardised) matrix. */
  probaOfMatrix(x: Matrix): Float32Array[] {
    return this.core.proba(this.scaler.transform(x));
  }

  async predictProba(examples: Example[]): Promise<Float32Array[]> {
    return this.probaOfMatrix(toMatrix(examples, this.scaler.mean.length));
  }

  async serialize(): Promise<SerializedModel> {
    const json = JSON.stringify({ scaler: this.scaler.toJSON(), core: this.core.toJSON() });
    return { args: { ...this.args }, files: { [CLASSICAL_WEIGHTS_FILE]: new TextEncoder().encode(json) } };
  }

  dispose(): void {}
}

/** What a classical kind implements: train a core on standardised data, rebuild it from JSON. */
export interface VectorKindSpec<A extends object> {
  name: string;
  description: string;
  defaults: Readonly<A>;
  /** Checks argument ranges; throws ParameterError. */
  validate?(args: A): void;
  /** `y` holds class indices into the label set of size `nClasses`. */
  train(x: Matrix, y: Int32Array, nClasses: number, args: A, seed: number): VectorCore;
  restore(state: unknown, args: A, nClasses: number): VectorCore;
}

/** Class index per label; a label outside `labelSet` is a ParameterError. */
export function encodeLabels(labels: string[], labelSet: readonly string[]): Int32Array {
  const index = new Map(labelSet.map((l, i) => [l, i]));
  const y = new Int32Array(labels.length);
  labels.forEach((l, i) => {
    const k = index.get(l);
    if (k === undefined) throw new ParameterError('labels', `training label '${l}' (example ${i}) is not in the label set ${labelSet.join(', ')}`);
    y[i] = k;
  });
  return y;
}

/** A registry entry for a classical model built from its spec. */
export function vectorKind<A extends object>(spec: VectorKindSpec<A>): ModelKind {
  return {
    name: spec.name,
    family: 'classical',
    description: spec.description,
    input: 'vector',
    flattensSequences: true,
    defaults: spec.defaults,
    async fit(train: TrainData, ctx: FitContext): Promise<Classifier> {
      const args = resolveParams(`model '${spec.name}'`, spec.defaults, ctx.args);
      spec.validate?.(args);
      if (train.examples.length === 0) throw new ParameterError('train', 'no training examples');
      const raw = toMatrix(train.examples);
      const scaler = Standardizer.fit(raw);
      const y = encodeLabels(train.labels, ctx.labelSet);
      const core = spec.train(scaler.transform(raw), y, ctx.labelSet.length, args, ctx.seed);
      return new StandardizedClassifier(spec.name, [...ctx.labelSet], args as Record<string, unknown>, scaler, core);
    },
    async restore(rawArgs: Record<string, unknown>, labels: string[], files: Record<string, Uint8Array>): Promise<Classifier> {
      const args = resolveParams(`model '${spec.name}'`, spec.defaults, rawArgs);
      const bytes = files[CLASSICAL_WEIGHTS_FILE];
      if (!bytes) throw new ModelFormatError(spec.name, `missing ${CLASSICAL_WEIGHTS_FILE}`);
      let state: { scaler: { mean: number[]; scale: number[] }; core: unknown };
      try {
        state = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        throw new ModelFormatError(spec.name, `${CLASSICAL_WEIGHTS_FILE} is not valid JSON`);
      }
      const bad = firstNonFinite(state);
      if (bad) throw new ModelFormatError(spec.name, `${CLASSICAL_WEIGHTS_FILE}: ${bad} is not a finite number (NaN or infinite weights)`);
      const core = spec.restore(state.core, args, labels.length);
      return new StandardizedClassifier(spec.name, [...labels], args as Record<string, unknown>, Standardizer.fromJSON(state.scaler), core);
    },
  };
}

/** Softmax of each row of `scores` (rows x k), as Float32 probabilities. */
export function softmaxRows(scores: Float64Array, rows: number, k: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores[i * k + c]);
    const p = new Float32Array(k);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(scores[i * k + c] - max);
    for (let c = 0; c < k; c++) p[c] = Math.exp(scores[i * k + c] - max) / sum;
    out.push(p);
  }
  return out;
}
