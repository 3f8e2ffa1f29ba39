/**
 * `ind-rnn`: S4's 5 stacked IndRNN layers (h_t = ReLU(W x_t + u ⊙ h_{t-1} + b)), last step to a
 * softmax; dropout 0.5, learning rate 1e-5. Units per layer and the optimizer are not published:
 * 128 and Adam are our choice. As the IndRNN paper (Li et al. 2018) stacks them: batch
 * normalisation after every layer (over batch and time, per unit), and the recurrent weights kept
 * within |u| <= 2^(1/T) for T steps after every update. Without the normalisation each layer
 * multiplies the scale of its input by up to 1 / (1 - u) (a unit sums its past with weight
 * u^k), and on scattering features five layers' first loss was 1e5 (chance is ln 10 = 2.3).
 */
import { batchNorm, batchNormParams, type BatchNormWeights } from './layers/batch-norm.js';
import { dense, denseParams } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { indRnn, indRnnParams } from './layers/ind-rnn.js';
import { COMMON_DEFAULTS, neuralKind, type NetworkDefinition } from './neural-kind.js';
import { ParamStore } from './params.js';
import { validateStack, type StackedRecurrentArgs } from './stacked-recurrent.js';
import { tf } from '../runtime/backend.js';

export interface IndRnnArgs extends StackedRecurrentArgs {
  /** Batch normalisation after every IndRNN layer (the paper's deep IndRNN). */
  batchNorm: boolean;
}

export const IND_RNN_DEFAULTS: Readonly<IndRnnArgs> = { layers: 5, units: 128, dropout: 0.5, batchNorm: true, ...COMMON_DEFAULTS, optimizer: 'adam', learningRate: 1e-5, epochs: 100 };

export const indRnnNetwork: NetworkDefinition<IndRnnArgs> = {
  name: 'ind-rnn',
  description: "S4's IndRNN (5 layers, h_t = ReLU(W x_t + u*h_{t-1} + b), batch norm between layers; dropout 0.5, lr 1e-5)",
  input: 'sequence',
  defaults: IND_RNN_DEFAULTS,
  // batchNorm's type is checked with every argument's (params.ts `resolveParams`).
  validate: validateStack,
  build(a, shape, rng) {
    const params = new ParamStore();
    const steps = shape.inputShape[0];
    let width = shape.inputShape[1];
    const layers = Array.from({ length: a.layers }, (_, i) => {
      const w = indRnnParams(params, `ind${i + 1}`, width, a.units, rng);
      width = a.units;
      return w;
    });
    const norms: BatchNormWeights[] = a.batchNorm ? layers.map((_, i) => batchNormParams(params, `bn${i + 1}`, a.units)) : [];
    const out = denseParams(params, 'output', a.units, shape.classes, rng);
    // The paper keeps |u| <= 2^(1/T) for T steps, so that no unit's gradient grows by more than a
    // factor of 2 over the sequence (|u|^T <= 2).
    const bound = Math.pow(2, 1 / steps);
    return {
      params,
      constrain: () => tf.tidy(() => layers.forEach((w) => w.recurrent.assign(tf.clipByValue(w.recurrent, -bound, bound)))),
      logits: (x, ctx) => {
        let input = x as tf.Tensor3D;
        let sequence = input;
        layers.forEach((w, i) => {
          if (i > 0) input = dropout(sequence, a.dropout, ctx);
          sequence = indRnn(input, w).sequence;
          if (a.batchNorm) sequence = batchNorm(sequence, norms[i], ctx);
        });
        const [batch, time, units] = sequence.shape;
        const last = tf.reshape(tf.slice(sequence, [0, time - 1, 0], [batch, 1, units]), [batch, units]) as tf.Tensor2D;
        return dense(dropout(last, a.dropout, ctx), out);
      },
    };
  },
};

export const indRnnKind = neuralKind(indRnnNetwork);
