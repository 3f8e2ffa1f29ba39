/**
 * S0's soft attention over the top recurrent layer, exactly as written:
 *   alpha_t = softmax_t(c_T · h_t), c = Σ_t alpha_t h_t, h~ = tanh(W_c [c ; c_T]), y = softmax(W_y h~)
 * where h_t are the top layer's hidden states and c_T its memory cell at the last step. No biases
 * (the formula has none). This layer returns the logits W_y h~ and the weights alpha.
 * Shapes: states batch x time x H, lastCell batch x H, W_c 2H x A, W_y A x classes.
 */
import { tf } from '../../runtime/backend.js';
import type { Rng } from '../../../random.js';
import { initializers, type ParamStore } from '../params.js';
import { dropout } from './dropout.js';
import type { ForwardContext } from './context.js';

export interface AttentionWeights {
  combine: tf.Variable;
  output: tf.Variable;
}

export function attentionParams(store: ParamStore, name: string, units: number, attentionUnits: number, classes: number, rng: Rng): AttentionWeights {
  return {
    combine: store.add(`${name}/Wc`, [2 * units, attentionUnits], initializers.glorotUniform(rng, 2 * units, attentionUnits)),
    output: store.add(`${name}/Wy`, [attentionUnits, classes], initializers.glorotUniform(rng, attentionUnits, classes)),
  };
}

export interface AttentionOutput {
  /** batch x classes, before softmax. */
  logits: tf.Tensor2D;
  /** batch x time, each row sums to 1. */
  alpha: tf.Tensor2D;
}

/** `dropoutRate` applies to h~ before the softmax projection (S0's dropout before the softmax). */
export function softAttention(states: tf.Tensor3D, lastCell: tf.Tensor2D, w: AttentionWeights, dropoutRate: number, ctx: ForwardContext): AttentionOutput {
  const scores = tf.squeeze(tf.matMul(states, tf.expandDims(lastCell, 2)), [2]) as tf.Tensor2D;
  const alpha = tf.softmax(scores) as tf.Tensor2D;
  const context = tf.squeeze(tf.matMul(tf.expandDims(alpha, 1), states), [1]) as tf.Tensor2D;
  const attended = tf.tanh(tf.matMul(tf.concat([context, lastCell], 1), w.combine));
  return { logits: tf.matMul(dropout(attended, dropoutRate, ctx), w.output), alpha };
}
