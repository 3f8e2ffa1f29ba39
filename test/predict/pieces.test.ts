import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planPieces } from '../../src/predict/pieces.js';
import { aggregate, certainty, rankGenres } from '../../src/predict/aggregate.js';
import { ParameterError } from '../../src/errors.js';

const SR = 22050;

test('a 6-minute song gives 12 full 30 s pieces', () => {
  const p = planPieces(360 * SR, SR, 30);
  assert.equal(p.length, 12);
  assert.deepEqual(p[11], { start: 330 * SR, end: 360 * SR, short: false });
  assert.ok(p.every((x) => x.end - x.start === 30 * SR));
});

test('a GTZAN clip of 661794 samples is one piece covering the whole clip', () => {
  assert.deepEqual(planPieces(661794, SR, 30), [{ start: 0, end: 661794, short: false }]);
});

test('a leftover under half a piece joins the last piece; half or more becomes the last full-length piece', () => {
  const joined = planPieces(Math.round(74 * SR), SR, 30);
  assert.deepEqual(joined.map((x) => [x.start / SR, x.end / SR]), [[0, 30], [30, 74]]);
  const extra = planPieces(Math.round(75 * SR), SR, 30);
  assert.deepEqual(extra.map((x) => [x.start / SR, x.end / SR]), [[0, 30], [30, 60], [45, 75]]);
});

test('a song shorter than one piece is one short piece; no samples gives no piece', () => {
  assert.deepEqual(planPieces(2 * SR, SR, 30), [{ start: 0, end: 2 * SR, short: true }]);
  assert.deepEqual(planPieces(0, SR, 30), []);
  assert.throws(() => planPieces(SR, SR, 0), ParameterError);
});

test('mean aggregation averages probabilities; vote counts top genres', () => {
  const pieces = [Float32Array.of(0.6, 0.3, 0.1), Float32Array.of(0.2, 0.7, 0.1), Float32Array.of(0.5, 0.4, 0.1)];
  const mean = aggregate(pieces, 'mean');
  assert.deepEqual(Array.from(mean, (x) => +x.toFixed(6)), [0.433333, 0.466667, 0.1]);
  const vote = aggregate(pieces, 'vote');
  assert.deepEqual(Array.from(vote, (x) => +x.toFixed(6)), [0.666667, 0.333333, 0]);
  assert.deepEqual(rankGenres(mean, ['a', 'b', 'c'], 2).map((g) => g.label), ['b', 'a']);
  assert.deepEqual(rankGenres(vote, ['a', 'b', 'c'], 5).map((g) => g.label), ['a', 'b', 'c']);
  assert.throws(() => aggregate([], 'mean'), ParameterError);
});

test('certainty is log10(p1 / p2), 0 for a tie, capped for a unanimous vote', () => {
  assert.ok(Math.abs(certainty([0.05, 0.8, 0.08]) - 1) < 1e-12);
  assert.equal(certainty([0.5, 0.5]), 0);
  assert.equal(certainty([1, 0, 0]), 6);
});
