/**
 * From piece probabilities to a song verdict: the mean of the pieces' probabilities (default) or a
 * majority vote of their top genres, plus ranking and S2's certainty score log10(p1 / p2).
 */
import { ParameterError } from '../errors.js';
import { argmax, certainty, MAX_CERTAINTY } from '../models/scores.js';

export { certainty, MAX_CERTAINTY };

/** How piece probabilities become the song's scores. */
export type Aggregation = 'mean' | 'vote';
export const AGGREGATIONS: readonly Aggregation[] = ['mean', 'vote'];

/** A genre and its score (a probability for `mean`, a share of the pieces' votes for `vote`). */
export interface GenreScore {
  label: string;
  score: number;
}

/**
 * Song scores from piece probabilities (pieces x labels). `mean` averages the probabilities;
 * `vote` gives each genre the share of pieces whose top genre it is (ties within a piece go to the
 * first label). Returns one score per label, summing to 1. Throws ParameterError with no pieces.
 */
export function aggregate(pieces: readonly Float32Array[], how: Aggregation): Float64Array {
  if (pieces.length === 0) throw new ParameterError('pieces', 'nothing to aggregate: no piece was classified');
  const n = pieces[0].length;
  const out = new Float64Array(n);
  for (const p of pieces) {
    if (how === 'mean') {
      for (let j = 0; j < n; j++) out[j] += p[j];
    } else if (how === 'vote') {
      out[argmax(p)] += 1;
    } else {
      throw new ParameterError('aggregate', `must be one of ${AGGREGATIONS.join(', ')}, got '${String(how)}'`);
    }
  }
  for (let j = 0; j < n; j++) out[j] /= pieces.length;
  return out;
}

/** The `topK` best labels by score, best first (ties keep label order). `topK` is clamped to the label count. */
export function rankGenres(scores: ArrayLike<number>, labels: readonly string[], topK: number): GenreScore[] {
  const order = labels.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  return order.slice(0, Math.min(topK, labels.length)).map((i) => ({ label: labels[i], score: scores[i] }));
}

