/** One epoch of a training run, as recorded in the learning curves. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Wall-clock seconds of the epoch (training and validation). */
  seconds: number;
}
