import type { Rng } from '../../../random.js';

/** What a forward pass needs besides its input: whether it trains (dropout on) and its random sources. */
export interface ForwardContext {
  training: boolean;
  /**
   * One generator per example of the batch (seeded per example by the trainer), from which that
   * example's dropout masks are drawn: a batch split across workers draws the same masks.
   */
  rngs?: Rng[];
}
