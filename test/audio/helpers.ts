/** Helpers for the audio tests: temp folders and signal comparisons. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp folder, removed when the test ends. */
export function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'genrekit-audio-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Largest |a[i] - b[i]| over i in [from, to). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = Math.min(a.length, b.length)): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Pearson correlation of a[i + lag] with b[i] over the overlap. */
export function correlationAtLag(a: Float32Array, b: Float32Array, lag: number): number {
  const from = Math.max(0, -lag);
  const to = Math.min(b.length, a.length - lag);
  let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  const n = to - from;
  for (let i = from; i < to; i++) {
    const x = a[i + lag];
    const y = b[i];
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const cov = sab - (sa * sb) / n;
  return cov / Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
}

/**
 * The lag in [-maxLag, maxLag] maximising the correlation of a[i + lag] with b[i]: searched on a
 * 2 s stretch from the middle of b (cheap), then confirmed on the whole overlap.
 */
export function bestLag(a: Float32Array, b: Float32Array, maxLag: number): { lag: number; correlation: number } {
  const mid = Math.floor(b.length / 2);
  const len = Math.min(44100, b.length - mid - maxLag);
  const stretch = b.subarray(mid, mid + len);
  let lag = 0;
  let best = -Infinity;
  for (let l = -maxLag; l <= maxLag; l++) {
    const c = correlationAtLag(a.subarray(mid + l, mid + l + len), stretch, 0);
    if (c > best) {
      best = c;
      lag = l;
    }
  }
  return { lag, correlation: correlationAtLag(a, b, lag) };
}
