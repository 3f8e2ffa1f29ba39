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
import { classifyFiles, largestFirst } from '../../src/predict/batch.js';
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
