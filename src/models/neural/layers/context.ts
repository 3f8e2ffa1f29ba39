import type { Rng } from '../../../random.js';

/** What a forward pass needs besides its input: whether it trains (dropout on) and its random source. */
export interface ForwardContext {
  training: boolean;
  /** Draws dropout masks; seeded per batch by the trainer so runs repeat exactly. */
  rng?: Rng;
}
