/**
 * `featureSequence` (S2): one row of GTZAN statistics per whole piece, each row equal to
 * `gtzan58` of that piece alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featureSequence } from '../../src/features/feature-sequence.js';
import { GTZAN57_NAMES, gtzan58Statistics } from '../../src/features/gtzan58.js';

/** A 7 s test signal at 22050 Hz: a tone whose pitch and loudness change every second, plus clicks. */
function signal(seconds: number): Float32Array {
  const sr = 22050;
  return Float32Array.from({ length: Math.round(seconds * sr) }, (_, i) => {
    const second = Math.floor(i / sr);
    const f = 220 * 2 ** (second / 12);
    const click = i % 11025 === 0 ? 0.5 : 0;
    return (0.2 + 0.05 * second) * Math.sin((2 * Math.PI * f * i) / sr) + click;
  });
}

test('featureSequence gives floor(length / piece) rows of the 57 statistics of each piece', () => {
  const y = signal(7);
  const recipe = featureSequence.create({ pieceSeconds: 2, lastPiece: 'drop' });
  assert.deepEqual(recipe.outputShape(y.length), [3, 57]);
  const out = recipe.compute(y);
  assert.deepEqual(out.shape, [3, 57]);
  assert.deepEqual(out.names, [...GTZAN57_NAMES]);
  for (let p = 0; p < 3; p++) {
    const piece = y.subarray(p * 44100, (p + 1) * 44100);
    const expected = gtzan58Statistics(piece, 22050);
    for (let c = 0; c < 57; c++) assert.equal(out.data[p * 57 + c], Math.fround(expected[c + 1]), `piece ${p}, ${GTZAN57_NAMES[c]}`);
  }
  // Pieces differ: the tone rises and gets louder, so RMS means increase piece by piece.
  const rms = GTZAN57_NAMES.indexOf('rms_mean');
  assert.ok(out.data[rms] < out.data[57 + rms] && out.data[57 + rms] < out.data[114 + rms]);
});

test("lastPiece 'keep' adds a last partial piece of at least half a piece, computed on what there is", () => {
  const y = signal(7);
  const kept = featureSequence.create({ pieceSeconds: 2 });
  assert.deepEqual(kept.outputShape(y.length), [4, 57]);
  const out = kept.compute(y);
  assert.deepEqual(out.shape, [4, 57]);
  const expected = gtzan58Statistics(y.subarray(3 * 44100), 22050);
  for (let c = 0; c < 57; c++) assert.equal(out.data[3 * 57 + c], Math.fround(expected[c + 1]), GTZAN57_NAMES[c]);
  // A GTZAN clip 0.07 s short of 30 s still gives 10 rows; under half a piece left gives none.
  assert.deepEqual(featureSequence.create().outputShape(660000), [10, 57]);
  assert.deepEqual(kept.outputShape(y.length - 22050 * 0.6), [3, 57]);
});

test('featureSequence defaults: 3 s pieces (10 per 30 s clip), length column on request', () => {
  const recipe = featureSequence.create();
  assert.equal(recipe.params.pieceSeconds, 3);
  assert.deepEqual(recipe.outputShape(661794), [10, 57]);
  const withLength = featureSequence.create({ pieceSeconds: 1, includeLength: true }).compute(signal(2.5));
  assert.deepEqual(withLength.shape, [3, 58]);
  assert.equal(withLength.names![0], 'length');
  assert.equal(withLength.data[0], 22050);
  assert.throws(() => featureSequence.create().compute(signal(1)), /shorter than one 3 s piece/);
  assert.throws(() => featureSequence.create({ pieceSeconds: 0 }), /pieceSeconds/);
});
