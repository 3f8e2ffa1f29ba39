import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandInputs } from '../../src/predict/inputs.js';
import { synthesizeDemoClip } from '../../src/predict/demo-clip.js';

test('folders recurse to audio files, globs expand, unknown names stay for their own error row', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-inputs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'a', 'b'), { recursive: true });
  for (const f of ['a/x.wav', 'a/y.MP3', 'a/notes.txt', 'a/b/z.flac', 'a/b/w.ogg']) await writeFile(join(dir, f), '');
  assert.deepEqual(await expandInputs([join(dir, 'a')]), ['a/b/w.ogg', 'a/b/z.flac', 'a/x.wav', 'a/y.MP3'].map((f) => join(dir, f)));
  assert.deepEqual(await expandInputs([join(dir, 'a', '*.wav')]), [join(dir, 'a', 'x.wav')]);
  assert.deepEqual(await expandInputs([join(dir, '**', '*.flac'), join(dir, 'a', 'x.wav')]), [join(dir, 'a/b/z.flac'), join(dir, 'a/x.wav')]);
  assert.deepEqual(await expandInputs([join(dir, 'a', 'b', '?.*')]), [join(dir, 'a/b/w.ogg'), join(dir, 'a/b/z.flac')]);
  assert.deepEqual(await expandInputs([join(dir, 'a', '**')]), ['a/b/w.ogg', 'a/b/z.flac', 'a/notes.txt', 'a/x.wav', 'a/y.MP3'].map((f) => join(dir, f)));
  assert.deepEqual(await expandInputs(['missing.wav', join(dir, 'none', '*.wav')]), ['missing.wav', join(dir, 'none', '*.wav')]);
  // the same file named twice is classified once
  assert.deepEqual(await expandInputs([join(dir, 'a', 'x.wav'), join(dir, 'a', '*.wav')]), [join(dir, 'a', 'x.wav')]);
});

test('the demo clip is deterministic, bounded and has the drum-and-bass tempo in its kick pattern', () => {
  const a = synthesizeDemoClip({ seconds: 4 });
  const b = synthesizeDemoClip({ seconds: 4 });
  assert.equal(a.length, 4 * 22050);
  assert.deepEqual(a, b);
  assert.ok(a.every((x) => Math.abs(x) <= 1));
  // Energy envelope in 16th-note frames: the kick steps (0, 10, 16, 26, 30 of 32) are the loudest.
  const sixteenth = (60 / 174 / 4) * 22050;
  const energy = Array.from({ length: 32 }, (_, s) => {
    let e = 0;
    for (let i = Math.ceil(s * sixteenth); i < Math.ceil(s * sixteenth + 400); i++) e += a[i] * a[i];
    return e;
  });
  const loudest = energy.map((e, i) => [e, i]).sort((x, y) => y[0] - x[0]).slice(0, 5).map((x) => x[1]).sort((x, y) => x - y);
  assert.deepEqual(loudest, [0, 10, 16, 26, 30]);
});
