/**
 * Reading a probability row: its best class, and S2's certainty of the verdict. One definition
 * for predictions (`classify`) and for evaluation (metrics, reports).
 */

/** Index of the largest entry; the first one on ties (as numpy's argmax). */
export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

/** Smallest score used in the certainty ratio, so that a zero runner-up gives a finite value. */
export const CERTAINTY_FLOOR = 1e-6;

/** Largest value `certainty` returns: log10(1 / CERTAINTY_FLOOR), a runner-up at or below the floor. */
export const MAX_CERTAINTY = 6;

/**
 * S2's certainty of a verdict: log10(p1 / p2), the best score over the runner-up, both floored
 * at CERTAINTY_FLOOR. 0 means a tie (or fewer than two classes, or no positive score); 1 means
 * the winner is ten times as likely; at most MAX_CERTAINTY.
 */
export function certainty(scores: ArrayLike<number>): number {
  let p1 = -Infinity;
  let p2 = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s > p1) {
      p2 = p1;
      p1 = s;
    } else if (s > p2) p2 = s;
  }
  if (scores.length < 2 || !(p1 > 0)) return 0;
  return Math.min(MAX_CERTAINTY, Math.log10(Math.max(p1, CERTAINTY_FLOOR) / Math.max(p2, CERTAINTY_FLOOR)));
}
