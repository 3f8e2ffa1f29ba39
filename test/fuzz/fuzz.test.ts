/**
 * The fuzz run (run-fuzz.ts) at the size the suite affords: every forged field and header-boundary
 * cut of every format, 15 random cuts and 15 random bit flips per format, the special files, each
 * loaded by `loadAudio` in a watched child process and given to `genrekit info` and (15 % of
 * them) `genrekit classify --jsonl`. Zero untyped errors, hangs, processes over 500 MB, or
 * damaged files decoded without a flag. `npm run fuzz` runs 150 + 150 per format and classifies a quarter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedData } from '../helpers/shared-data.js';
import { MAX_MB, runFuzz } from './run-fuzz.js';

test('fuzz: damaged, forged and special files only ever give typed errors or flagged audio, in bounded time and memory', async (t) => {
  const formatsDir = sharedData(t, 'formats');
  if (!formatsDir) return;
  const report = await runFuzz({ random: 15, seed: 7, classifyShare: 0.15, formatsDir });
  t.diagnostic(`${report.mutants} files of ${report.formats.join(', ')}; outcomes ${JSON.stringify(report.outcomes)}; peak RSS ${report.peakMb.toFixed(0)} MB`);
  assert.deepEqual(report.formats, ['wav16', 'wavf32', 'opus', 'au', 'flac', 'mp3', 'vorbis']);
  assert.ok(report.mutants > 400, `${report.mutants} mutants`);
  assert.deepEqual(report.failures, []);
  assert.ok(report.peakMb < MAX_MB);
  assert.ok((report.outcomes['decoded-truncated'] ?? 0) > 80 && (report.outcomes.CORRUPT ?? 0) > 50 && (report.outcomes.IMPLAUSIBLE_HEADER ?? 0) > 30, 'every kind of outcome was reached');
});
