/**
 * `lstm-attention`: S0's LSTM with soft attention (layers/attention.ts): attention weights from
 * the top layer's last memory cell against every hidden state. Published: 1 layer of 500 units
 * (0.73) or 2 layers of 60 (0.758, the default here); S0's training setup.
 */
import { COMMON_DEFAULTS, neuralKind, type NetworkDefinition, NeuralClassifier, type CommonArgs } from './neural-kind.js';
import { requireInteger, requireFraction } from '../../params.js';
import { attentionParams, softAttention } from './layers/attention.js';
import { ParamStore } from './params.js';
import { recurrentStack } from './recurrent-stack.js';
import { S0_TRAINING } from './s0-training.js';
import type { Example } from '../model.js';
import { tf } from '../runtime/backend.js';
import type { Network } from './network.js';
import type { ForwardContext } from './layers/context.js';

export interface LstmAttentionArgs extends CommonArgs {
  layers: number;
  units: number;
  /** Size of the attentional state h~ (0: the LSTM's units). */
  attentionUnits: number;
  dropout: number;
}

export const LSTM_ATTENTION_DEFAULTS: Readonly<LstmAttentionArgs> = { layers: 2, units: 60, attentionUnits: 0, ...COMMON_DEFAULTS, ...S0_TRAINING };

/** A network whose forward pass also gives the attention weights (batch x time). */
export interface AttentionNetwork extends Network {
  attend(x: tf.Tensor, ctx: ForwardContext): { logits: tf.Tensor2D; alpha: tf.Tensor2D };
}

export const lstmAttentionNetwork: NetworkDefinition<LstmAttentionArgs> = {
  name: 'lstm-attention',
  description: "S0's LSTM with soft attention (alpha_t = softmax(c_T . h_t), h~ = tanh(Wc [c; c_T]), softmax(Wy h~); 2 layers of 60)",
  input: 'sequence',
  defaults: LSTM_ATTENTION_DEFAULTS,
  validate(a) {
    requireInteger('layers', a.layers, 1);
    requireInteger('units', a.units, 1);
    requireInteger('attentionUnits', a.attentionUnits, 0);
    requireFraction('dropout', a.dropout);
  },
  build(a, shape, rng): AttentionNetwork {
    const params = new ParamStore();
    const stack = recurrentStack(params, 'lstm', shape.inputShape[1], Array(a.layers).fill(a.units), rng);
    const att = attentionParams(params, 'attention', a.units, a.attentionUnits || a.units, shape.classes, rng);
    const attend = (x: tf.Tensor, ctx: ForwardContext) => {
      const top = stack(x as tf.Tensor3D, a.dropout, ctx);
      return softAttention(top.sequence, top.lastCell!, att, a.dropout, ctx);
    };
    return { params, attend, logits: (x, ctx) => attend(x, ctx).logits };
  },
};

export const lstmAttentionKind = neuralKind(lstmAttentionNetwork);
/** Attention weights (time steps, summing to 1) of each example under a trained `lstm-attention` model. */
export async function attentionWeights(model: NeuralClassifier, examples: Example[]): Promise<Float32Array[]> {
  const net = model.network as AttentionNetwork;
  if (typeof net.attend !== 'function') throw new Error(`model '${model.name}' has no attention`);
  const alpha = tf.tidy(() => net.attend(model.inputTensor(examples), { training: false }).alpha);
  const values = (await alpha.data()) as Float32Array;
  const T = alpha.shape[1];
  alpha.dispose();
  return examples.map((_, i) => values.slice(i * T, (i + 1) * T));
}
