/**
 * Synthetic sequence tasks whose class is carried only by a pattern over time: a "pitch contour"
 * feature that rises, falls or stays flat (from a random start, so no single step tells the
 * class), optionally a fourth class that oscillates, plus noise features.
 */
import { Rng } from '../../../src/random.js';

export interface SyntheticSet {
  examples: Float32Array[][];
  labels: string[];
}

export const CONTOURS = ['up', 'down', 'flat', 'wobble'] as const;

/** `n` sequences of `time` x `features` with `classes` (3 or 4) contour classes, balanced. */
export function contourSequences(n: number, seed: number, { time = 8, features = 4, classes = 3, noise = 0.15 } = {}): SyntheticSet {
  const rng = new Rng(seed);
  const examples: Float32Array[][] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const start = rng.next() * 2 - 1;
    const slope = (0.5 + rng.next()) / time;
    const seq: Float32Array[] = [];
    for (let t = 0; t < time; t++) {
      const row = new Float32Array(features);
      const pitch = c === 0 ? start + slope * t * 2 : c === 1 ? start - slope * t * 2 : c === 2 ? start : start + 0.6 * (t % 2 ? 1 : -1);
      row[0] = pitch + noise * rng.normal();
      for (let f = 1; f < features; f++) row[f] = rng.normal();
      seq.push(row);
    }
    examples.push(seq);
    labels.push(CONTOURS[c]);
  }
  return { examples, labels };
}

/** Fraction of rows whose arg-max is the true label. */
export function accuracyOf(probs: Float32Array[], labels: string[], labelSet: readonly string[]): number {
  let ok = 0;
  probs.forEach((p, i) => {
    if (labelSet[p.indexOf(Math.max(...p))] === labels[i]) ok++;
  });
  return ok / probs.length;
}
