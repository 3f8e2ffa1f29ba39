import type { tf } from '../runtime/backend.js';
import type { ForwardContext } from './layers/context.js';
import type { ParamStore } from './params.js';

/** Input shape (without the batch axis) and number of classes a network is built for. */
export interface NetworkShape {
  /** `[time, features]` for sequence models, `[features]` for vector models. */
  inputShape: number[];
  classes: number;
}

/** A built network: its weights and its forward pass. */
export interface Network {
  readonly params: ParamStore;
  /** Logits, batch x classes, for input batch x time x features (or batch x features). */
  logits(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D;
  /**
   * Most examples one forward (and backward) pass may hold, where the activations are large (the
   * CRNNs on long pieces): larger batches are computed in passes of this many and their
   * gradients summed, so that they fit the wasm backend's 4 GB memory. Absent: no limit.
   */
  readonly examplesPerPass?: number;
  /** A convolutional network: long steps whatever its weights, so trained on every core by default. */
  readonly convolutional?: boolean;
  /** Puts weights back in their allowed range after each update (the IndRNN's recurrent weights); absent, none. */
  constrain?(): void;
}

/** Activation memory one pass may use (float32 values): 1 GB. */
export const PASS_BUDGET_VALUES = 2 ** 28;
