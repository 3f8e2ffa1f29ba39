/**
 * Stacked recurrent layers with dropout between them; the model applies the dropout after the top
 * layer where its output is used (S0: "dropout 0.2 after every recurrent layer"). Shared by `simple-rnn`, `lstm`, `lstm-attention`, `lstm-sequence`, `ind-rnn` and the CRNNs' GRUs.
 */
import type { Rng } from '../../random.js';
import type { tf } from '../runtime/backend.js';
import type { ForwardContext } from './layers/context.js';
import { dropout } from './layers/dropout.js';
import { gru, gruParams, type GruWeights } from './layers/gru.js';
import { indRnn, indRnnParams, type IndRnnWeights } from './layers/ind-rnn.js';
import { lstm, lstmParams, type LstmWeights, type RecurrentOutput } from './layers/lstm.js';
import { simpleRnn, simpleRnnParams, type SimpleRnnWeights } from './layers/simple-rnn.js';
import type { ParamStore } from './params.js';

export type CellType = 'lstm' | 'simple' | 'ind' | 'gru';

/** Build `units.length` layers; returns the forward pass over batch x time x features. */
export function recurrentStack(store: ParamStore, cell: CellType, inputs: number, units: number[], rng: Rng): (x: tf.Tensor3D, rate: number, ctx: ForwardContext) => RecurrentOutput {
  let width = inputs;
  const layers = units.map((u, i) => {
    const name = `${cell}${i + 1}`;
    const w = cell === 'lstm' ? lstmParams(store, name, width, u, rng) : cell === 'simple' ? simpleRnnParams(store, name, width, u, rng) : cell === 'gru' ? gruParams(store, name, width, u, rng) : indRnnParams(store, name, width, u, rng);
    width = u;
    return w;
  });
  return (x, rate, ctx) => {
    let out: RecurrentOutput | undefined;
    let input = x;
    layers.forEach((w, i) => {
      if (i > 0) input = dropout(out!.sequence, rate, ctx);
      out = cell === 'lstm' ? lstm(input, w as LstmWeights, i > 0) : cell === 'simple' ? simpleRnn(input, w as SimpleRnnWeights) : cell === 'gru' ? gru(input, w as GruWeights) : indRnn(input, w as IndRnnWeights);
    });
    return out!;
  };
}
