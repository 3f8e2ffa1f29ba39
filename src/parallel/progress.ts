/**
 * Progress of a batch: on a terminal, one redrawn line with a bar, count, rate and ETA; otherwise
 * (a log file, CI) plain lines, at most one every `logEverySeconds`, plus the final one.
 */
import type { WriteStream } from 'node:tty';

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** What is counted, e.g. `files`. Default `items`. */
  unit?: string;
  /** Where to write. Default `process.stderr`. */
  stream?: NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY' | 'columns'>>;
  /** Seconds between plain log lines when the stream is not a terminal. Default 5. */
  logEverySeconds?: number;
  /** Clock in milliseconds (tests pass a fake). Default `Date.now`. */
  now?: () => number;
}

/** The defaults of {@link ProgressOptions}. */
export const progressDefaults = { unit: 'items', logEverySeconds: 5 } as const;

/** A running progress display. */
export interface Progress {
  /** Marks `n` more items done (default 1); `note` (e.g. a failure) is printed on its own line. */
  tick(n?: number, note?: string): void;
  /** Prints the final state and ends the line. */
  done(): void;
}

/** Formats seconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

let quiet = false;

/** `--quiet`: no progress display or progress lines in this process (notes such as failures still print). */
export function setQuiet(on: boolean): void {
  quiet = on;
}

/** Whether `--quiet` is in force. */
export function isQuiet(): boolean {
  return quiet;
}

/** Starts a progress display for `total` items labelled `label` (only its notes under `--quiet`). */
export function createProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (quiet) return { tick: (_n, note) => void (note && stream.write(`${label}: ${note}\n`)), done: () => undefined };
  const unit = options.unit ?? progressDefaults.unit;
  const every = (options.logEverySeconds ?? progressDefaults.logEverySeconds) * 1000;
  const now = options.now ?? Date.now;
  const tty = stream.isTTY === true;
  const start = now();
  let count = 0;
  let lastLog = start;
  let lastDraw = 0;
  let loggedCount = -1;

  const status = (): string => {
    const elapsed = (now() - start) / 1000;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const eta = rate > 0 ? (total - count) / rate : Infinity;
    return `${count}/${total} ${unit}, ${rate.toFixed(rate < 10 ? 2 : 1)} ${unit}/s, elapsed ${formatDuration(elapsed)}${count < total ? `, ETA ${formatDuration(eta)}` : ''}`;
  };
  const draw = (): void => {
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 70));
    const filled = total > 0 ? Math.round((count / total) * width) : width;
    stream.write(`\r\x1b[2K${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${status()}`);
  };

  return {
    tick(n = 1, note?: string) {
      count += n;
      const t = now();
      if (tty) {
        if (note) stream.write(`\r\x1b[2K${note}\n`);
        if (note || t - lastDraw >= 100 || count >= total) {
          lastDraw = t;
          draw();
        }
      } else {
        if (note) stream.write(`${note}\n`);
        if (t - lastLog >= every) {
          lastLog = t;
          loggedCount = count;
          stream.write(`${label}: ${status()}\n`);
        }
      }
    },
    done() {
      if (tty) {
        draw();
        stream.write('\n');
      } else if (loggedCount !== count) stream.write(`${label}: ${status()}\n`);
    },
  };
}
