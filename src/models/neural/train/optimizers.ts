/**
 * SGD (with optional momentum), Adam and RMSprop written on tf ops, with their slot variables
 * exposed as plain arrays so a checkpoint can save and restore them exactly. Constants follow
 * Keras (Adam beta1 0.9, beta2 0.999, epsilon 1e-7; RMSprop rho 0.9).
 */
import * as tf from '../../runtime/tf.js';
import { ParameterError } from '../../../errors.js';
import { ADAM_UPDATE } from '../../runtime/adam-kernel.js';
import { fusedKernelsEnabled } from '../../runtime/fused.js';
import { hasKernel } from '../../runtime/kernel-io.js';

export type OptimizerName = 'sgd' | 'adam' | 'rmsprop';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'adam', 'rmsprop'];

export interface OptimizerOptions {
  learningRate: number;
  /** SGD momentum in [0, 1); 0 is plain SGD. */
  momentum?: number;
}

/** Updates variables from their gradients; `state` is everything needed to continue exactly. */
export interface Optimizer {
  readonly name: OptimizerName;
  apply(vars: tf.Variable[], grads: tf.Tensor[]): void;
  getState(): Float32Array[];
  /** Restore a state from `getState`, for the same variables in the same order. */
  setState(state: Float32Array[], vars: tf.Variable[]): void;
  dispose(): void;
}

/** A non-trainable variable holding `init`'s values; `init` is disposed. */
function variableOf(init: tf.Tensor): tf.Variable {
  const v = tf.variable(init, false);
  init.dispose();
  return v;
}

class SlotOptimizer implements Optimizer {
  private slots: tf.Variable[][] = [];
  private step = 0;
  constructor(
    readonly name: OptimizerName,
    private readonly lr: number,
    private readonly momentum: number,
  ) {}

  private slotsPerVar(): number {
    return this.name === 'adam' ? 2 : this.name === 'rmsprop' ? 1 : this.momentum > 0 ? 1 : 0;
  }

  private ensureSlots(vars: tf.Variable[]): void {
    if (this.slots.length === vars.length) return;
    this.slots = vars.map((v) => Array.from({ length: this.slotsPerVar() }, () => variableOf(tf.zeros(v.shape))));
  }

  apply(vars: tf.Variable[], grads: tf.Tensor[]): void {
    this.ensureSlots(vars);
    this.step++;
    const t = this.step;
    tf.tidy(() => {
      vars.forEach((v, k) => {
        const g = grads[k];
        const s = this.slots[k];
        if (this.name === 'sgd') {
          if (this.momentum > 0) {
            s[0].assign(tf.add(tf.mul(s[0], this.momentum), g));
            v.assign(tf.sub(v, tf.mul(s[0], this.lr)));
          } else v.assign(tf.sub(v, tf.mul(g, this.lr)));
        } else if (this.name === 'adam') {
          const b1 = 0.9;
          const b2 = 0.999;
          const lrT = (this.lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
          if (fusedKernelsEnabled() && hasKernel(ADAM_UPDATE)) {
            const attrs = { lr: lrT, beta1: b1, beta2: b2, epsilon: 1e-7 } as unknown as tf.NamedAttrMap;
            const [w2, m2, v2] = tf.engine().runKernel(ADAM_UPDATE, { w: v, g, m: s[0], v: s[1] }, attrs) as tf.Tensor[];
            v.assign(w2);
            s[0].assign(m2);
            s[1].assign(v2);
            return;
          }
          s[0].assign(tf.add(tf.mul(s[0], b1), tf.mul(g, 1 - b1)));
          s[1].assign(tf.add(tf.mul(s[1], b2), tf.mul(tf.square(g), 1 - b2)));
          v.assign(tf.sub(v, tf.mul(tf.div(s[0], tf.add(tf.sqrt(s[1]), 1e-7)), lrT)));
        } else {
          s[0].assign(tf.add(tf.mul(s[0], 0.9), tf.mul(tf.square(g), 0.1)));
          v.assign(tf.sub(v, tf.mul(tf.div(g, tf.add(tf.sqrt(s[0]), 1e-7)), this.lr)));
        }
      });
    });
  }

  getState(): Float32Array[] {
    return [Float32Array.of(this.step), ...this.slots.flat().map((s) => new Float32Array(s.dataSync() as Float32Array))];
  }

  setState(state: Float32Array[], vars: tf.Variable[]): void {
    this.disposeSlots();
    this.step = state[0][0];
    const per = this.slotsPerVar();
    if (per === 0) return;
    if (state.length - 1 !== per * vars.length) throw new Error(`optimizer state holds ${state.length - 1} slots, expected ${per * vars.length}`);
    this.slots = vars.map((v, k) => state.slice(1 + k * per, 1 + (k + 1) * per).map((a) => variableOf(tf.tensor(a, v.shape, 'float32'))));
  }

  private disposeSlots(): void {
    for (const s of this.slots.flat()) s.dispose();
    this.slots = [];
  }

  dispose(): void {
    this.disposeSlots();
  }
}

export function createOptimizer(name: string, options: OptimizerOptions): Optimizer {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(name)) throw new ParameterError('optimizer', `unknown optimizer '${name}'; use one of ${OPTIMIZER_NAMES.join(', ')}`);
  if (!(options.learningRate > 0)) throw new ParameterError('learningRate', `must be > 0, got ${options.learningRate}`);
  const momentum = options.momentum ?? 0;
  if (!(momentum >= 0 && momentum < 1)) throw new ParameterError('momentum', `must be in [0, 1), got ${momentum}`);
  return new SlotOptimizer(name as OptimizerName, options.learningRate, momentum);
}
