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

export const PATTERNS = ['chirp', 'noise', 'stripe'] as const;

/**
 * `n` spectrograms of `frames` x `bands` (dB-like values) in three balanced classes: a steady
 * horizontal stripe (one band, random height), a chirp (a band rising or falling over time from
 * a random start), or noise bursts (a few frames loud across all bands, at random times), over a
 * noisy floor.
 */
export function spectrogramPatterns(n: number, seed: number, { frames = 32, bands = 24, noise = 0.3 } = {}): SyntheticSet {
  const rng = new Rng(seed);
  const examples: Float32Array[][] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const rows = Array.from({ length: frames }, () => Float32Array.from({ length: bands }, () => noise * rng.normal()));
    if (c === 2) {
      const b = rng.int(bands);
      for (let t = 0; t < frames; t++) rows[t][b] += 2;
    } else if (c === 0) {
      const up = rng.next() < 0.5;
      const start = rng.int(bands);
      for (let t = 0; t < frames; t++) {
        const b = (((start + (up ? 1 : -1) * Math.floor((t * bands) / frames)) % bands) + bands) % bands;
        rows[t][b] += 2;
      }
    } else {
      for (let k = 0; k < 3; k++) {
        const t0 = rng.int(frames - 2);
        for (let t = t0; t < t0 + 2; t++) for (let b = 0; b < bands; b++) rows[t][b] += 1.2;
      }
    }
    examples.push(rows);
    labels.push(PATTERNS[c]);
  }
  return { examples, labels };
}
