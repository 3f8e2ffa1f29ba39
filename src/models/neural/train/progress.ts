/** The one-line progress report of an epoch: loss, accuracy, validation, time and ETA. */
import type { EpochRecord } from './history.js';

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${Math.round(seconds % 60)}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}

/** e.g. `epoch 3/50  loss 0.8123 acc 0.712  val_loss 0.9011 val_acc 0.688  2.1s  ETA 1m38s`. */
export function formatProgress(r: EpochRecord, epochs: number, etaSeconds: number, note = ''): string {
  const val = r.valLoss !== undefined ? `  val_loss ${r.valLoss.toFixed(4)} val_acc ${r.valAccuracy!.toFixed(3)}` : '';
  return `epoch ${r.epoch}/${epochs}  loss ${r.loss.toFixed(4)} acc ${r.accuracy.toFixed(3)}${val}  ${duration(r.seconds)}  ETA ${duration(etaSeconds)}${note ? `  ${note}` : ''}`;
}
