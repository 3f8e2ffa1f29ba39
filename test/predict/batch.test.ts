/**
 * Batch classification order: files start largest first (so a long track is not the last to
 * start), verdicts come back in the order given, and a missing file is an error entry that does
 * not stop the rest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWav } from '../../src/audio/wav-writer.js';
import { BatchClassifier, classifyFiles, largestFirst } from '../../src/predict/batch.js';
import { synthGenre } from './synth.js';

test('largestFirst orders by decreasing size, unreadable files last, ties as given', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-batch-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const sr = 8000;
  const seconds = [2, 7, 4, 7];
  const files = seconds.map((_, i) => join(dir, `f${i}.wav`));
  for (const [i, s] of seconds.entries()) await writeWav(files[i], synthGenre('low', s, sr, i), sr);
  assert.deepEqual(largestFirst([...files, join(dir, 'missing.wav')]), [1, 3, 2, 0, 4]);
});

test('classifyFiles starts the largest file first and returns verdicts in the order given', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-batch-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const sr = 22050;
  const seconds = [3, 40, 10];
  const files = seconds.map((_, i) => join(dir, `clip${i}.wav`));
  for (const [i, s] of seconds.entries()) await writeWav(files[i], synthGenre('bright', s, sr, i), sr);
  const missing = join(dir, 'missing.wav');
  const completed: string[] = [];
  // One worker: completion order is the dispatch order.
  const verdicts = await classifyFiles([files[0], missing, files[1], files[2]], { jobs: 1, onFile: (v) => completed.push(v.file) });
  assert.deepEqual(completed, [files[1], files[2], files[0], missing]);
  assert.deepEqual(
    verdicts.map((v) => v.file),
    [files[0], missing, files[1], files[2]],
  );
  assert.match(verdicts[1].error?.message ?? '', /missing\.wav/);
  assert.equal(verdicts[2].result?.pieces.length, 1, '40 s is one piece: a leftover under half a piece joins the last one');
  for (const i of [0, 2, 3]) assert.ok(verdicts[i].result, `${verdicts[i].file}: ${verdicts[i].error?.message}`);
});

test('a BatchClassifier keeps its workers for several batches and gives what classifyFiles gives', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-batch-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const sr = 22050;
  const files = [0, 1, 2].map((i) => join(dir, `c${i}.wav`));
  for (const [i, f] of files.entries()) await writeWav(f, synthGenre(i === 1 ? 'low' : 'bright', 5, sr, i), sr);
  const classifier = new BatchClassifier({ jobs: 2, topK: 2 });
  t.after(() => classifier.close());
  const first = await classifier.classifyFiles(files.slice(0, 2));
  const second = await classifier.classifyFiles([files[2], join(dir, 'missing.wav'), files[0]]);
  const oneShot = await classifyFiles(files, { jobs: 1, topK: 2 });
  assert.deepEqual(first[0].result, oneShot[0].result);
  assert.deepEqual(first[1].result, oneShot[1].result);
  assert.deepEqual(second[0].result, oneShot[2].result);
  assert.equal(second[1].error?.code, 'FILE_NOT_FOUND');
  assert.deepEqual(second[2].result, oneShot[0].result);
  assert.equal(first[0].result?.genres.length, 2);
  assert.throws(() => new BatchClassifier({ jobs: 0 }), /jobs/);
});
