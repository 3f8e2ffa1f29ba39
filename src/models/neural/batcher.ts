/**
 * Packs examples into one contiguous float32 block (examples x time x features, row-major),
 * standardised per feature, and cuts batches from it as tensors.
 */
import { ParameterError } from '../../errors.js';
import type { Example } from '../model.js';
import { tf } from '../runtime/backend.js';
import type { BatchSource } from './train/trainer.js';

/** Per-feature mean and standard deviation (std 1 where a feature is constant). */
export interface Standardization {
  mean: number[];
  std: number[];
}

/** Shape of one example: `[time, features]` for sequences, `[features]` for vectors. */
export function exampleShape(e: Example): number[] {
  return Array.isArray(e) ? [e.length, e[0]?.length ?? 0] : [e.length];
}

/**
 * Pack `examples` to examples x prod(shape). `shape` is what the network takes: sequences must
 * match it, and a vector network flattens sequences (time-major) to match its length.
 */
export function packExamples(examples: Example[], shape: number[]): Float32Array {
  const width = shape.reduce((a, b) => a * b, 1);
  // Shared memory, so that data-parallel training's workers read it without a copy.
  const out = new Float32Array(new SharedArrayBuffer(examples.length * width * 4));
  examples.forEach((e, n) => {
    const s = exampleShape(e);
    const ok = shape.length === 2 ? Array.isArray(e) && s[0] === shape[0] && s[1] === shape[1] : s.reduce((a, b) => a * b, 1) === width;
    if (!ok) throw new ParameterError('examples', `example ${n} has shape [${s}], the model takes [${shape}]`);
    if (Array.isArray(e)) e.forEach((row, t) => {
      if (row.length !== s[1]) throw new ParameterError('examples', `example ${n} step ${t} has ${row.length} features, expected ${s[1]}`);
      out.set(row, n * width + t * row.length);
    });
    else out.set(e, n * width);
  });
  return out;
}

/** Per-feature statistics over all examples and time steps of a packed block. */
export function standardizationOf(packed: Float32Array, features: number): Standardization {
  const sum = new Float64Array(features);
  const sq = new Float64Array(features);
  const rows = packed.length / features;
  for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) sum[f] += packed[r * features + f];
  const mean = Array.from(sum, (s) => s / rows);
  for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) sq[f] += (packed[r * features + f] - mean[f]) ** 2;
  const std = Array.from(sq, (s) => Math.sqrt(s / rows) || 1);
  return { mean, std };
}

/** Standardise a packed block in place. */
export function applyStandardization(packed: Float32Array, z: Standardization): void {
  const features = z.mean.length;
  for (let i = 0; i < packed.length; i++) {
    const f = i % features;
    packed[i] = (packed[i] - z.mean[f]) / z.std[f];
  }
}

/** A BatchSource over a packed block; batches are batch x ...shape tensors. */
export class PackedBatches implements BatchSource {
  readonly size: number;
  private readonly width: number;
  constructor(
    /** Examples x prod(shape), row-major (shared memory when packed by packExamples). */
    readonly packed: Float32Array,
    /** One example's shape. */
    readonly shape: number[],
    readonly labels: Int32Array,
  ) {
    this.width = shape.reduce((a, b) => a * b, 1);
    this.size = packed.length / this.width;
  }
  batch(indices: number[]): tf.Tensor {
    const out = new Float32Array(indices.length * this.width);
    indices.forEach((i, k) => out.set(this.packed.subarray(i * this.width, (i + 1) * this.width), k * this.width));
    return tf.tensor(out, [indices.length, ...this.shape], 'float32');
  }
}
