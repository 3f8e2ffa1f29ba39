/** Metrics on small hand-worked examples (values checked against the definitions by hand). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParameterError } from '../../src/errors.js';
import { argmax, certainty, classificationMetrics, meanStd } from '../../src/eval/metrics.js';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

test('accuracy, confusion, per-class precision / recall / F1, micro and macro F1', () => {
  const labels = ['a', 'b', 'c'];
  const truth = ['a', 'a', 'a', 'b', 'b', 'c'];
  // Predictions: a, a, b, b, c, c.
  const proba = [
    [0.7, 0.2, 0.1],
    [0.5, 0.4, 0.1],
    [0.2, 0.6, 0.2],
    [0.1, 0.8, 0.1],
    [0.1, 0.3, 0.6],
    [0.3, 0.3, 0.4],
  ].map((r) => Float32Array.from(r));
  const m = classificationMetrics(labels, truth, proba);
  assert.deepEqual(m.confusion, [
    [2, 1, 0],
    [0, 1, 1],
    [0, 0, 1],
  ]);
  close(m.accuracy, 4 / 6);
  close(m.microF1, 4 / 6);
  // a: P 2/2, R 2/3, F1 0.8; b: P 1/2, R 1/2, F1 0.5; c: P 1/2, R 1, F1 2/3.
  close(m.perClass[0].precision, 1);
  close(m.perClass[0].recall, 2 / 3);
  close(m.perClass[0].f1, 0.8);
  close(m.perClass[1].f1, 0.5);
  close(m.perClass[2].precision, 0.5);
  close(m.perClass[2].f1, 2 / 3);
  close(m.macroF1, (0.8 + 0.5 + 2 / 3) / 3);
  close(m.macroRecall, (2 / 3 + 0.5 + 1) / 3);
  assert.deepEqual(m.perClass.map((c) => c.support), [3, 2, 1]);
  // The two misses (examples 3 and 5) rank their true class second, so top-2 catches every example.
  close(m.topK['1'], 4 / 6);
  close(m.topK['2'], 1);
  close(m.topK['3'], 1);
});

test('certainty is log10(p1 / p2), per prediction and averaged per true genre', () => {
  close(certainty([0.6, 0.3, 0.1]), Math.log10(2), 1e-12);
  assert.equal(certainty([0.5, 0.5]), 0);
  assert.equal(certainty([1, 0, 0]), 6);
  const m = classificationMetrics(['x', 'y'], ['x', 'x', 'y'], [[0.9, 0.1], [0.6, 0.4], [0.2, 0.8]].map((r) => Float32Array.from(r)));
  close(m.perClass[0].meanCertainty, (Math.log10(0.9 / 0.1) + Math.log10(0.6 / 0.4)) / 2, 1e-6);
  close(m.perClass[1].meanCertainty, Math.log10(4), 1e-6);
});

test('argmax takes the first of tied maxima; meanStd is the population std', () => {
  assert.equal(argmax([0.2, 0.4, 0.4]), 1);
  const { mean, std } = meanStd([0.7, 0.8, 0.9]);
  close(mean, 0.8);
  close(std, Math.sqrt(2 / 300), 1e-12);
});

test('an unknown true label or a wrong row length is a ParameterError', () => {
  assert.throws(() => classificationMetrics(['a'], ['z'], [Float32Array.from([1])]), ParameterError);
  assert.throws(() => classificationMetrics(['a', 'b'], ['a'], [Float32Array.from([1])]), ParameterError);
});
