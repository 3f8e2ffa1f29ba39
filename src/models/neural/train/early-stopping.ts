/** Early stopping on a validation figure: stop after `patience` epochs without improvement; the caller restores the best weights. */
export type Monitor = 'valLoss' | 'valAccuracy';

export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  wait: number;
}

export class EarlyStopping {
  state: EarlyStoppingState = { best: null, bestEpoch: 0, wait: 0 };
  constructor(
    readonly monitor: Monitor,
    /** Epochs without improvement before stopping; 0 never stops. */
    readonly patience: number,
  ) {}

  /** Record an epoch's figure; returns whether it is the best so far and whether to stop now. */
  update(epoch: number, value: number): { improved: boolean; stop: boolean } {
    const s = this.state;
    const better = s.best === null || (this.monitor === 'valLoss' ? value < s.best : value > s.best);
    if (better) {
      this.state = { best: value, bestEpoch: epoch, wait: 0 };
      return { improved: true, stop: false };
    }
    s.wait++;
    return { improved: false, stop: this.patience > 0 && s.wait >= this.patience };
  }
}
