/**
 * An IndRNN layer (Li et al. 2018, S4): h_t = ReLU(x_t W + u ⊙ h_{t-1} + b), where the recurrent
 * weight u is a vector, so each unit only sees its own past. Shapes: input batch x time x
 * features; kernel features x H; u and b of length H.
 */
import { tf } from '../../runtime/backend.js';
import type { Rng } from '../../../random.js';
import { initializers, type ParamStore } from '../params.js';
import { fusedKernelsEnabled } from '../../runtime/fused.js';
import { IND_RNN, IND_RNN_GRAD } from '../../runtime/ind-rnn-kernels.js';
import { hasKernel } from '../../runtime/kernel-io.js';
import type { RecurrentOutput } from './lstm.js';

export interface IndRnnWeights {
  kernel: tf.Variable;
  recurrent: tf.Variable;
  bias: tf.Variable;
  units: number;
}

/** u starts uniform in [0, 1) as in the paper, so no unit's memory explodes at the start; W is He-initialised for the ReLUs of a deep stack. */
export function indRnnParams(store: ParamStore, name: string, inputs: number, units: number, rng: Rng): IndRnnWeights {
  return {
    kernel: store.add(`${name}/kernel`, [inputs, units], initializers.heUniform(rng, inputs, units)),
    recurrent: store.add(`${name}/recurrent`, [units], initializers.uniform(rng, units, 0, 1)),
    bias: store.add(`${name}/bias`, [units], initializers.zeros(units)),
    units,
  };
}

export function indRnn(x: tf.Tensor3D, w: IndRnnWeights): RecurrentOutput {
  const [batch, time, features] = x.shape;
  const projected = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * time, features]), w.kernel), w.bias), [batch, time, w.units]) as tf.Tensor3D;
  if (fusedKernelsEnabled() && hasKernel(IND_RNN)) {
    const sequence = fusedRecurrence(projected, w.recurrent);
    return { sequence, lastHidden: tf.reshape(tf.slice(sequence, [0, time - 1, 0], [batch, 1, w.units]), [batch, w.units]) };
  }
  const steps = tf.unstack(projected, 1) as tf.Tensor2D[];
  const hs: tf.Tensor2D[] = [];
  let h: tf.Tensor2D | undefined;
  for (let t = 0; t < time; t++) {
    const hidden: tf.Tensor2D = tf.relu((h ? tf.add(steps[t], tf.mul(h, w.recurrent)) : steps[t]) as tf.Tensor2D);
    h = hidden;
    hs.push(hidden);
  }
  return { sequence: tf.stack(hs, 1) as tf.Tensor3D, lastHidden: h! };
}

/** The recurrence over all steps as one kernel each way (runtime/ind-rnn-kernels.ts). */
function fusedRecurrence(projected: tf.Tensor3D, u: tf.Tensor): tf.Tensor3D {
  const run = tf.customGrad((...args: unknown[]) => {
    const [p, uu, save] = args as [tf.Tensor3D, tf.Tensor1D, tf.GradSaveFunc];
    const seq = tf.engine().runKernel(IND_RNN, { proj: p, u: uu }) as tf.Tensor3D;
    save([seq, uu]);
    return {
      value: seq,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(IND_RNN_GRAD, { dy, seq: saved[0], u: saved[1] }) as tf.Tensor[],
    };
  });
  return run(projected, u) as tf.Tensor3D;
}
