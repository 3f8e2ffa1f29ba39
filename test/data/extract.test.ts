import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest } from '../../src/data/datasets.js';
import { extractFeatures, featureRows } from '../../src/data/extract.js';
import { ParameterError } from '../../src/errors.js';
import { tone, wavBytes, writeWav } from './wav-fixture.js';
import { loadAudio } from '../../src/audio/load.js';
import { computeFeatures } from '../../src/data/extract-job.js';
import { getRecipe } from '../../src/features/registry.js';

test('extractFeatures: overlapping pieces keep song and time range; too-short files are listed; re-run is cached', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-extract-lib-'));
  try {
    writeWav(join(dir, 'a.wav'), tone(220, 4));
    writeWav(join(dir, 'b.wav'), tone(330, 4));
    writeWav(join(dir, 'short.wav'), tone(440, 1));
    writeFileSync(join(dir, 'list.csv'), 'path,label,group\na.wav,x,song-a\nb.wav,y,song-b\nshort.wav,y,song-c\n');
    const ds = readManifest(join(dir, 'list.csv'));
    const options = { recipe: 'melspec', store: join(dir, 'store'), pieceSeconds: 2, overlapSeconds: 1, jobs: 2 };
    const seen: string[] = [];
    const first = await extractFeatures(ds, { ...options, onFile: (f, done, total) => seen.push(`${f.item.id} ${done}/${total}`) });
    assert.equal(seen.length, 3);
    assert.ok(seen.some((s) => s.endsWith('3/3')));
    assert.deepEqual([first.computed, first.cached], [3, 0]);
    assert.deepEqual(first.skipped.map((s) => [s.path, s.reason]), [[join(dir, 'short.wav'), 'shorter than one 2 s piece (1.00 s)']]);
    const rows = featureRows(first);
    assert.deepEqual(rows.map((r) => [r.id, r.group, r.label, r.startSeconds, r.endSeconds]), [
      ['a.0', 'song-a', 'x', 0, 2],
      ['a.1', 'song-a', 'x', 1, 3],
      ['a.2', 'song-a', 'x', 2, 4],
      ['b.0', 'song-b', 'y', 0, 2],
      ['b.1', 'song-b', 'y', 1, 3],
      ['b.2', 'song-b', 'y', 2, 4],
    ]);
    assert.deepEqual(rows[0].shape, rows[5].shape);
    assert.notDeepEqual(rows[0].values, rows[3].values, 'different tones give different features');
    const again = await extractFeatures(ds, options);
    assert.deepEqual([again.computed, again.cached], [0, 3]);
    await assert.rejects(extractFeatures(ds, { ...options, overlapSeconds: 2 }), ParameterError);
    await assert.rejects(extractFeatures(ds, { ...options, recipe: 'no-such-recipe' }), ParameterError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('extractFeatures streams pieces from disk (values equal to the whole signal cut in memory) and lists a truncated file in its summary', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-extract-stream-'));
  try {
    writeWav(join(dir, 'long.wav'), tone(220, 47, 44100), 44100);
    const cut = wavBytes(tone(330, 8));
    writeFileSync(join(dir, 'cut.wav'), cut.subarray(0, cut.length - 22050)); // a header promising 8 s, 7.5 s present
    writeFileSync(join(dir, 'list.csv'), 'path,label,group\nlong.wav,x,song-a\ncut.wav,y,song-b\n');
    const ds = readManifest(join(dir, 'list.csv'));
    const options = { recipe: 'melspec', store: join(dir, 'store'), pieceSeconds: 3, overlapSeconds: 1, jobs: 1 };
    const result = await extractFeatures(ds, options);
    assert.deepEqual(result.truncated.map((s) => s.path), [join(dir, 'cut.wav')]);
    assert.match(result.truncated[0].reason, /^truncated \(.+\): the audio present was used$/);
    const recipe = getRecipe('melspec', {});
    const rows = featureRows(result);
    for (const name of ['long.wav', 'cut.wav']) {
      const whole = computeFeatures((await loadAudio(new Uint8Array(readFileSync(join(dir, name))), { sampleRate: recipe.sampleRate })).samples, recipe, { seconds: 3, overlap: 1, tail: 'drop' });
      const mine = rows.filter((r) => r.id.startsWith(name === 'long.wav' ? 'long.' : 'cut.'));
      assert.equal(mine.length, whole.segments.length, `${name}: pieces`);
      mine.forEach((r, i) => assert.deepEqual(Array.from(r.values), Array.from(whole.data.subarray(whole.segments[i].offset, whole.segments[i].offset + r.values.length)), `${name} piece ${i}`));
    }
    assert.equal(rows.filter((r) => r.id.startsWith('long.')).length, 23);
    const again = await extractFeatures(ds, options);
    assert.deepEqual([again.cached, again.truncated.length], [2, 1], 'a cached entry remembers that its file was cut short');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
