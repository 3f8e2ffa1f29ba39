/**
 * Cross-validation and grid search with a spy model that records what every fit saw: folds are
 * fitted on their training side only, and grid search chooses its arguments without ever fitting
 * on or predicting a test fold.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossValidate } from '../../src/eval/cross-validation.js';
import { gridCandidates, gridSearch } from '../../src/eval/grid-search.js';
import { foldsOf, resolveSplit, type LabelledData } from '../../src/eval/labelled-data.js';
import type { Classifier } from '../../src/models/model.js';
import type { ModelKind, TrainData } from '../../src/models/registry.js';

/** 40 GTZAN-named clips of two genres; feature 0 is the example index, feature 1 carries the class. */
function data(): LabelledData {
  const ids: string[] = [];
  const labels: string[] = [];
  const examples: Float32Array[] = [];
  for (let i = 0; i < 40; i++) {
    const label = i % 2 ? 'rock' : 'jazz';
    ids.push(`${label}.${String(i).padStart(5, '0')}`);
    labels.push(label);
    examples.push(Float32Array.from([i, i % 2 ? 1 : -1]));
  }
  return { examples, labels, ids, groups: [...ids], labelSet: ['jazz', 'rock'], source: 'synthetic', recipe: { id: 'test', params: {} }, input: 'vector' };
}

/** A model that predicts from feature 1, shifted by argument `bias`; logs fits and predictions. */
function spyKind(log: { fits: Array<{ seen: number[]; args: Record<string, unknown> }>; predicted: number[][] }): ModelKind {
  return {
    name: 'spy',
    family: 'classical',
    description: 'test spy',
    input: 'vector',
    defaults: { bias: 0 },
    async fit(train: TrainData, ctx): Promise<Classifier> {
      log.fits.push({ seen: train.examples.map((x) => (x as Float32Array)[0]), args: ctx.args });
      const bias = Number(ctx.args.bias ?? 0);
      return {
        name: 'spy',
        labels: ctx.labelSet,
        async predictProba(examples) {
          log.predicted.push(examples.map((x) => (x as Float32Array)[0]));
          return examples.map((x) => ((x as Float32Array)[1] + bias > 0 ? Float32Array.from([0, 1]) : Float32Array.from([1, 0])));
        },
        async serialize() {
          return { args: {}, files: {} };
        },
        dispose() {},
      };
    },
    async restore(): Promise<Classifier> {
      throw new Error('not used');
    },
  };
}

test('cross-validation fits each fold on its training side and scores its test side', async () => {
  const d = data();
  const folds = foldsOf(resolveSplit('mod5', d), d, true);
  const log = { fits: [] as Array<{ seen: number[]; args: Record<string, unknown> }>, predicted: [] as number[][] };
  const r = await crossValidate(spyKind(log), d, folds, { args: { bias: 0 } });
  assert.equal(r.folds.length, 5);
  assert.equal(r.mean, 1);
  assert.equal(r.std, 0);
  assert.equal(r.pooled.n, 40);
  folds.forEach((f, k) => {
    assert.deepEqual(log.predicted[k].sort((a, b) => a - b), f.test.map((i) => i).sort((a, b) => a - b));
    assert.ok(log.fits[k].seen.every((i) => i % 5 !== k), `fold ${k} trained on a test clip`);
  });
  // A bias of +2 predicts 'rock' always: 50 % on balanced folds.
  const half = await crossValidate(spyKind({ fits: [], predicted: [] }), d, folds, { args: { bias: 2 } });
  assert.equal(half.mean, 0.5);
});

test('grid search picks on inner folds of the training side only and tests each outer fold once', async () => {
  const d = data();
  const outer = foldsOf(resolveSplit('mod4', d), d, false);
  const log = { fits: [] as Array<{ seen: number[]; args: Record<string, unknown> }>, predicted: [] as number[][] };
  const grid = { bias: [2, 0, -2] };
  assert.deepEqual(gridCandidates({ a: [1, 2], b: ['x', 'y'] }), [{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]);
  const r = await gridSearch(spyKind(log), d, outer, grid, { innerK: 3 });
  assert.equal(r.folds.length, 4);
  for (const f of r.folds) assert.deepEqual(f.best, { bias: 0 });
  assert.equal(r.mean, 1);
  // Per outer fold: 3 candidates x 3 inner fits + 1 refit; predictions likewise.
  assert.equal(log.fits.length, 4 * (3 * 3 + 1));
  outer.forEach((f, k) => {
    const block = log.fits.slice(k * 10, (k + 1) * 10);
    const testSet = new Set(f.test);
    for (const fit of block) assert.ok(fit.seen.every((i) => !testSet.has(i)), `outer fold ${k}: a fit saw a test example`);
    const preds = log.predicted.slice(k * 10, (k + 1) * 10);
    const touching = preds.filter((p) => p.some((i) => testSet.has(i)));
    assert.equal(touching.length, 1, 'the test fold is predicted exactly once, by the refitted best model');
    assert.deepEqual([...touching[0]].sort((a, b) => a - b), [...f.test].sort((a, b) => a - b));
  });
});

test('a split with a valid set: grid search validates on it, cross-validation merges it into training', async () => {
  const d = data();
  const split = resolveSplit('holdout', d, { seed: 3 });
  const kept = foldsOf(split, d, false);
  const merged = foldsOf(split, d, true);
  assert.ok(kept[0].valid!.length > 0);
  assert.equal(merged[0].train.length, kept[0].train.length + kept[0].valid!.length);
  const log = { fits: [] as Array<{ seen: number[]; args: Record<string, unknown> }>, predicted: [] as number[][] };
  const r = await gridSearch(spyKind(log), d, kept, { bias: [0, 2] });
  assert.equal(r.folds[0].validation, 'valid set');
  assert.equal(log.fits.length, 3);
  assert.equal(log.fits[2].seen.length, merged[0].train.length);
});
