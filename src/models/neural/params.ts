/**
 * The named weights of a neural network: tf.Variables created from seeded initial values, read
 * and written as one little-endian float32 blob (`weights.bin`) plus its layout (`weights.json`).
 */
import { ModelFormatError } from '../../errors.js';
import { firstNonFiniteIndex } from '../finite.js';
import { tf } from '../runtime/backend.js';
import type { Rng } from '../../random.js';

/** One weight's name and shape, in the order it sits in `weights.bin`. */
export interface ParamSpec {
  name: string;
  shape: number[];
}

export const WEIGHTS_FILE = 'weights.bin';
export const WEIGHTS_LAYOUT_FILE = 'weights.json';

/**
 * Named variables of one network, in creation order: trainable weights, and state the forward
 * pass updates itself (batch norm's moving mean and variance), which is saved with the weights
 * but never given to the optimiser.
 */
export class ParamStore {
  private readonly vars = new Map<string, tf.Variable>();
  private readonly shapes = new Map<string, number[]>();
  private readonly states = new Set<string>();
  private readonly frozen = new Set<string>();

  /** Create a trainable variable `name` of `shape` holding `values` (row-major). */
  add(name: string, shape: number[], values: Float32Array): tf.Variable {
    if (this.vars.has(name)) throw new Error(`duplicate parameter name '${name}'`);
    const init = tf.tensor(values, shape, 'float32');
    const v = tf.variable(init, true);
    init.dispose();
    this.vars.set(name, v);
    this.shapes.set(name, shape);
    return v;
  }
  /** Create a non-trainable state variable (updated by the forward pass in training). */
  addState(name: string, shape: number[], values: Float32Array): tf.Variable {
    const v = this.add(name, shape, values);
    this.states.add(name);
    return v;
  }
  /** The variables the optimiser updates, in creation order (neither state nor frozen). */
  trainable(): tf.Variable[] {
    return [...this.vars].filter(([name]) => !this.states.has(name) && !this.frozen.has(name)).map(([, v]) => v);
  }
  /** Keep the trainable variables whose names start with one of `prefixes` from the optimiser. */
  freeze(prefixes: string[]): void {
    for (const name of this.vars.keys()) if (!this.states.has(name) && prefixes.some((p) => name.startsWith(p))) this.frozen.add(name);
  }
  /** Whether `name` is a state variable. */
  isState(name: string): boolean {
    return this.states.has(name);
  }
  /** Indices (in `list()` order) of the state variables. */
  stateIndices(): number[] {
    return [...this.vars.keys()].flatMap((name, i) => (this.states.has(name) ? [i] : []));
  }
  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no parameter '${name}'`);
    return v;
  }
  /** Every variable (trainable and state) in creation order. */
  list(): tf.Variable[] {
    return [...this.vars.values()];
  }
  specs(): ParamSpec[] {
    return [...this.shapes].map(([name, shape]) => ({ name, shape }));
  }
  get size(): number {
    return this.list().reduce((n, v) => n + v.size, 0);
  }
  /** Copies of every weight's values, in creation order. */
  snapshot(): Float32Array[] {
    return this.list().map((v) => v.dataSync() as Float32Array).map((a) => new Float32Array(a));
  }
  /** Assign values taken by `snapshot` (same order and sizes). */
  assign(values: Float32Array[]): void {
    const vars = this.list();
    vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(values[i], v.shape, 'float32'))));
  }
  /** `weights.bin`: every weight's values concatenated in creation order. */
  toBytes(): Uint8Array {
    const arrays = this.snapshot();
    const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return new Uint8Array(out.buffer);
  }
  /** Load `weights.bin` written with layout `saved`; the layout must equal this network's. */
  fromBytes(bytes: Uint8Array, saved: ParamSpec[]): void {
    const mine = this.specs();
    const same = saved.length === mine.length && saved.every((s, i) => s.name === mine[i].name && s.shape.join('x') === mine[i].shape.join('x'));
    if (!same) {
      const first = mine.find((s, i) => !saved[i] || saved[i].name !== s.name || saved[i].shape.join('x') !== s.shape.join('x'));
      throw new ModelFormatError(
        WEIGHTS_LAYOUT_FILE,
        `weight layout does not match the model arguments (${first ? `'${first.name}' expected shape [${first.shape}]` : 'extra weights'}); the folder is from another model or version`,
      );
    }
    const total = mine.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
    if (bytes.byteLength !== total * 4) {
      let end = 0;
      const cut = mine.find((s) => (end += 4 * s.shape.reduce((a, b) => a * b, 1)) > bytes.byteLength);
      const where = cut ? `: it ends inside '${cut.name}' [${cut.shape}] (bytes ${end - 4 * cut.shape.reduce((a, b) => a * b, 1)}-${end})` : ': bytes beyond the last weight';
      throw new ModelFormatError(WEIGHTS_FILE, `holds ${bytes.byteLength} bytes, expected ${total * 4}${where}`);
    }
    const all = new Float32Array(bytes.slice().buffer);
    const bad = firstNonFiniteIndex(all);
    if (bad >= 0) {
      let start = 0;
      const spec = mine.find((s) => (start += s.shape.reduce((a, b) => a * b, 1)) > bad) as ParamSpec;
      throw new ModelFormatError(WEIGHTS_FILE, `value ${bad} (in '${spec.name}') is ${all[bad]}: NaN or infinite weights`);
    }
    let at = 0;
    this.assign(
      mine.map((s) => {
        const n = s.shape.reduce((a, b) => a * b, 1);
        const part = all.subarray(at, at + n);
        at += n;
        return part;
      }),
    );
  }
  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

/** Seeded initialisers; each returns row-major values for the given shape. */
export const initializers = {
  zeros(n: number): Float32Array {
    return new Float32Array(n);
  },
  constant(n: number, value: number): Float32Array {
    return new Float32Array(n).fill(value);
  },
  uniform(rng: Rng, n: number, lo: number, hi: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.next();
    return out;
  },
  /** Glorot (Xavier) uniform for a fanIn x fanOut matrix, as Keras's default. */
  glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return initializers.uniform(rng, fanIn * fanOut, -limit, limit);
  },
  /** He (Kaiming) uniform for a fanIn x fanOut matrix feeding ReLUs: keeps activations from shrinking layer by layer. */
  heUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
    const limit = Math.sqrt(6 / fanIn);
    return initializers.uniform(rng, fanIn * fanOut, -limit, limit);
  },
  /**
   * `rows x (blocks*rows)` made of `blocks` orthogonal square blocks side by side (Keras's
   * recurrent default, per gate): keeps early gradients through time from vanishing or exploding.
   */
  orthogonalBlocks(rng: Rng, rows: number, blocks: number): Float32Array {
    const cols = rows * blocks;
    const out = new Float32Array(rows * cols);
    for (let b = 0; b < blocks; b++) {
      const q: Float64Array[] = [];
      for (let i = 0; i < rows; i++) {
        const v = new Float64Array(rows);
        for (let k = 0; k < rows; k++) v[k] = rng.normal();
        for (const u of q) {
          let d = 0;
          for (let k = 0; k < rows; k++) d += u[k] * v[k];
          for (let k = 0; k < rows; k++) v[k] -= d * u[k];
        }
        let norm = 0;
        for (let k = 0; k < rows; k++) norm += v[k] * v[k];
        norm = Math.sqrt(norm) || 1;
        for (let k = 0; k < rows; k++) v[k] /= norm;
        q.push(v);
      }
      for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) out[i * cols + b * rows + j] = q[j][i];
    }
    return out;
  },
};
