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
}
