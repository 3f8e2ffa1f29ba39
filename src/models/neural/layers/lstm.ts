/**
 * An LSTM layer written out step by step (not tf.layers.lstm) for two reasons: S0's attention
 * needs the top layer's last memory cell c_T, which tf.layers does not expose, and it is faster:
 * the input projection of all time steps is one matmul, and the four gates of a step come from
 * one matmul with the recurrent kernel (gate order i, f, o, g in the weights).
 *
 * Shapes: input batch x time x features; kernel features x 4H; recurrent H x 4H; bias 4H.
 */
import { tf } from '../../runtime/backend.js';
import type { Rng } from '../../../random.js';
import { initializers, type ParamStore } from '../params.js';
import { fusedKernelsEnabled } from '../../runtime/fused.js';
import { hasKernel } from '../../runtime/kernel-io.js';
import { LSTM_STEP, LSTM_STEP_GRAD } from '../../runtime/lstm-kernels.js';

export interface LstmWeights {
  kernel: tf.Variable;
  recurrent: tf.Variable;
  bias: tf.Variable;
  units: number;
}

/** Glorot-uniform input kernel, orthogonal recurrent kernel, forget-gate bias 1 (as Keras). */
export function lstmParams(store: ParamStore, name: string, inputs: number, units: number, rng: Rng): LstmWeights {
  const bias = new Float32Array(4 * units);
  bias.fill(1, units, 2 * units);
  return {
    kernel: store.add(`${name}/kernel`, [inputs, 4 * units], initializers.glorotUniform(rng, inputs, 4 * units)),
    recurrent: store.add(`${name}/recurrent`, [units, 4 * units], initializers.orthogonalBlocks(rng, units, 4)),
    bias: store.add(`${name}/bias`, [4 * units], bias),
    units,
  };
}

export interface RecurrentOutput {
  /** Hidden state at every step, batch x time x H. */
  sequence: tf.Tensor3D;
  /** Hidden state at the last step, batch x H. */
  lastHidden: tf.Tensor2D;
  /** Memory cell at the last step, batch x H (LSTM only). */
  lastCell?: tf.Tensor2D;
}

/**
 * Run the layer over batch x time x features (zero initial state). `inputGradient: false` skips
 * the gradient with respect to `x` (a first layer's input is data), saving a large matmul.
 */
export function lstm(x: tf.Tensor3D, w: LstmWeights, inputGradient = true): RecurrentOutput {
  return fusedKernelsEnabled() && hasKernel(LSTM_STEP) ? fusedLstm(x, w, inputGradient) : lstmOps(x, w);
}

/** The same layer in plain tf ops, differentiated by tfjs (any backend). */
export function lstmOps(x: tf.Tensor3D, w: LstmWeights): RecurrentOutput {
  const [batch, time, features] = x.shape;
  const H = w.units;
  const projected = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * time, features]), w.kernel), w.bias), [batch, time, 4 * H]);
  const steps = tf.unstack(projected, 1) as tf.Tensor2D[];
  const hs: tf.Tensor2D[] = [];
  let h: tf.Tensor2D | undefined;
  let c: tf.Tensor2D | undefined;
  for (let t = 0; t < time; t++) {
    const z = h ? tf.add(steps[t], tf.matMul(h, w.recurrent)) : steps[t];
    const [i, f, o] = tf.split(tf.sigmoid(tf.slice(z, [0, 0], [batch, 3 * H])), 3, 1) as tf.Tensor2D[];
    const g = tf.tanh(tf.slice(z, [0, 3 * H], [batch, H]));
    const cell: tf.Tensor2D = c ? tf.add(tf.mul(f, c), tf.mul(i, g)) : tf.mul(i, g);
    const hidden: tf.Tensor2D = tf.mul(o, tf.tanh(cell));
    c = cell;
    h = hidden;
    hs.push(hidden);
  }
  return { sequence: tf.stack(hs, 1) as tf.Tensor3D, lastHidden: h!, lastCell: c! };
}

/**
 * The layer on the fused step kernels (runtime/lstm-kernels.ts) with a hand-written backward
 * (tf.customGrad): per step one matmul and one kernel each way; the input projection, and the
 * weight gradients of all steps, are one matmul each. The custom gradient returns one tensor, so
 * the output is packed as batch x (time + 1) x H: the hidden states, then the last cell.
 */
function fusedLstm(x: tf.Tensor3D, w: LstmWeights, inputGradient: boolean): RecurrentOutput {
  const [B, T, F] = x.shape;
  const H = w.units;
  const run = tf.customGrad((...args: unknown[]) => {
    const [xs, W, U, b, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const proj = tf.reshape(tf.add(tf.matMul(tf.reshape(xs, [B * T, F]), W), b), [B, T, 4 * H]);
    const hs: tf.Tensor[] = [];
    const cs: tf.Tensor[] = [];
    const gates: tf.Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const inputs: tf.NamedTensorMap = { proj };
      if (t > 0) {
        inputs.rec = tf.matMul(hs[t - 1] as tf.Tensor2D, U);
        inputs.cPrev = cs[t - 1];
      }
      const [h, c, g] = tf.engine().runKernel(LSTM_STEP, inputs, { t } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      hs.push(h);
      cs.push(c);
      gates.push(g);
    }
    const sequence = tf.stack(hs, 1);
    save([xs, W, U, sequence, ...gates, ...cs]);
    const value = tf.concat([sequence, tf.expandDims(cs[T - 1], 1)], 1);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [sx, sW, sU, seq] = saved;
      const g = saved.slice(4, 4 + T);
      const c = saved.slice(4 + T);
      const UT = tf.transpose(sU);
      const dzs: tf.Tensor[] = new Array(T);
      let dhRec: tf.Tensor | undefined;
      let dcNext: tf.Tensor | undefined;
      for (let t = T - 1; t >= 0; t--) {
        const inputs: tf.NamedTensorMap = { dy, gates: g[t] };
        if (dhRec && dcNext) {
          inputs.dhRec = dhRec;
          inputs.dcNext = dcNext;
        }
        if (t > 0) inputs.cPrev = c[t - 1];
        const [dz, dcPrev] = tf.engine().runKernel(LSTM_STEP_GRAD, inputs, { t } as unknown as tf.NamedAttrMap) as tf.Tensor[];
        dzs[t] = dz;
        dhRec = t > 0 ? tf.matMul(dz as tf.Tensor2D, UT as tf.Tensor2D) : undefined;
        dcNext = dcPrev;
      }
      const dz2 = tf.reshape(tf.stack(dzs, 1), [B * T, 4 * H]);
      const x2 = tf.reshape(sx, [B * T, F]);
      const dW = tf.matMul(tf.transpose(x2), dz2);
      const db = tf.sum(dz2, 0);
      const dU =
        T > 1
          ? tf.matMul(tf.transpose(tf.reshape(tf.slice(seq, [0, 0, 0], [B, T - 1, H]), [B * (T - 1), H])), tf.reshape(tf.stack(dzs.slice(1), 1), [B * (T - 1), 4 * H]))
          : tf.zerosLike(sU);
      const dx = inputGradient ? tf.reshape(tf.matMul(dz2, tf.transpose(sW)), [B, T, F]) : tf.zerosLike(sx);
      return [dx, dW, dU, db];
    };
    return { value, gradFunc };
  });
  const packed = run(x, w.kernel, w.recurrent, w.bias) as tf.Tensor3D;
  return {
    sequence: tf.slice(packed, [0, 0, 0], [B, T, H]),
    lastHidden: tf.reshape(tf.slice(packed, [0, T - 1, 0], [B, 1, H]), [B, H]),
    lastCell: tf.reshape(tf.slice(packed, [0, T, 0], [B, 1, H]), [B, H]),
  };
}
