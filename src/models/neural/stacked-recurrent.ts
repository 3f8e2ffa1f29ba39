/**
 * The plain stacked recurrent classifiers (`simple-rnn`, `lstm`, `ind-rnn`): `layers` recurrent
 * layers of `units` of one cell type; only the last step's output, after dropout, feeds the softmax.
 */
import type { CommonArgs, NetworkDefinition } from './neural-kind.js';
import { requireInteger, requireFraction } from '../../params.js';
import { dense, denseParams } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { ParamStore } from './params.js';
import { recurrentStack, type CellType } from './recurrent-stack.js';
import type { tf } from '../runtime/backend.js';

export interface StackedRecurrentArgs extends CommonArgs {
  /** Recurrent layers, >= 1. */
  layers: number;
  /** Units per layer, >= 1. */
  units: number;
  /** Dropout rate after every recurrent layer and before the softmax projection, in [0, 1). */
  dropout: number;
}

/** Checks the arguments every stack of recurrent layers has: layers and units >= 1, dropout in [0, 1). */
export function validateStack(a: StackedRecurrentArgs): void {
  requireInteger('layers', a.layers, 1);
  requireInteger('units', a.units, 1);
  requireFraction('dropout', a.dropout);
}

/** The network definition of a stack of `cell` layers with the given name, description and defaults. */
export function stackedRecurrentNetwork(name: string, cell: CellType, description: string, defaults: Readonly<StackedRecurrentArgs>): NetworkDefinition<StackedRecurrentArgs> {
  return {
    name,
    description,
    input: 'sequence',
    defaults,
    validate: validateStack,
    build(a, shape, rng) {
      const params = new ParamStore();
      const stack = recurrentStack(params, cell, shape.inputShape[1], Array(a.layers).fill(a.units), rng);
      const out = denseParams(params, 'output', a.units, shape.classes, rng);
      return {
        params,
        logits: (x, ctx) => dense(dropout(stack(x as tf.Tensor3D, a.dropout, ctx).lastHidden, a.dropout, ctx), out),
      };
    },
  };
}
