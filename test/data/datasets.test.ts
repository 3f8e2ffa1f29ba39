import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataset, readFolderTree, readGtzan, readManifest } from '../../src/data/index.js';
import { DataFormatError, ParameterError } from '../../src/errors.js';

function tree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gk-ds-'));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'x');
  }
  return dir;
}

test('GTZAN layout: genres/<genre>/<genre>.NNNNN.{au,wav}; misnamed and non-audio files are listed, not fatal', () => {
  const dir = tree([
    'genres/blues/blues.00001.au',
    'genres/blues/blues.00000.au',
    'genres/rock/rock.00007.wav',
    'genres/rock/blues.00003.wav',
    'genres/rock/notes.txt',
    'genres/rock/rock_live.wav',
  ]);
  try {
    const ds = openDataset(dir);
    assert.equal(ds.kind, 'gtzan');
    assert.deepEqual(ds.items.map((it) => [it.id, it.label, it.group]), [
      ['blues.00000', 'blues', 'blues.00000'],
      ['blues.00001', 'blues', 'blues.00001'],
      ['rock.00007', 'rock', 'rock.00007'],
    ]);
    assert.deepEqual(ds.skipped.map((s) => [s.path.slice(dir.length + 1), s.reason]), [
      ['genres/rock/blues.00003.wav', "genre 'blues' is not its folder 'rock'"],
      ['genres/rock/notes.txt', 'not an audio file (extension)'],
      ['genres/rock/rock_live.wav', 'name is not <genre>.NNNNN.<ext>'],
    ]);
    assert.equal(readGtzan(join(dir, 'genres')).items.length, 3, 'the genres folder itself also works');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('genres_original and a bare <genre>/<genre>.NNNNN.wav tree (the dev clips) are GTZAN too', () => {
  const a = tree(['genres_original/jazz/jazz.00054.wav', 'genres_original/pop/pop.00001.wav']);
  const b = tree(['jazz/jazz.00000.wav', 'pop/pop.00001.wav']);
  try {
    assert.deepEqual(openDataset(a).items.map((it) => it.id), ['jazz.00054', 'pop.00001']);
    assert.equal(openDataset(b).kind, 'gtzan');
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('folder-per-label tree: label is the parent folder, id the relative path', () => {
  const dir = tree(['rock/live/song1.mp3', 'jazz/take 2.flac', 'loose.wav', 'jazz/cover.jpg', '.hidden/x.wav']);
  try {
    const ds = readFolderTree(dir);
    assert.deepEqual(ds.items.map((it) => [it.id, it.label, it.group]), [
      ['jazz/take 2', 'jazz', 'jazz/take 2'],
      ['rock/live/song1', 'live', 'rock/live/song1'],
    ]);
    assert.deepEqual(ds.skipped.map((s) => s.reason), ['not an audio file (extension)', 'audio file outside a label folder']);
    assert.equal(openDataset(dir).kind, 'folders');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('manifest CSV: path,label (+ optional group), relative to the CSV; bad rows name row and column', () => {
  const dir = tree(['a/one.wav', 'b/two.ogg']);
  try {
    const csv = join(dir, 'list.csv');
    writeFileSync(csv, 'path,label,group\r\na/one.wav,rock,s1\r\n"b/two.ogg",jazz,\r\nmissing.wav,pop,\r\nreadme.md,pop,\r\n');
    const ds = readManifest(csv);
    assert.deepEqual(ds.items.map((it) => [it.id, it.label, it.group, it.path]), [
      ['a/one', 'rock', 's1', join(dir, 'a/one.wav')],
      ['b/two', 'jazz', 'b/two', join(dir, 'b/two.ogg')],
    ]);
    assert.deepEqual(ds.skipped.map((s) => s.reason), ['file not found', 'not an audio file (extension)']);
    assert.equal(openDataset(csv).kind, 'manifest');
    writeFileSync(csv, 'path,label\na/one.wav,\n');
    assert.throws(() => readManifest(csv), (e: unknown) => e instanceof DataFormatError && e.row === 2 && e.column === 'label');
    writeFileSync(csv, 'file,label\n');
    assert.throws(() => readManifest(csv), (e: unknown) => e instanceof DataFormatError && e.message.includes("'path'"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder tree with a link loop, a dangling link, a FIFO and a link to its own parent: each is a skipped line, the walk goes on', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-ds-hostile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'rock'));
  writeFileSync(join(dir, 'rock', 'good.wav'), 'x');
  symlinkSync(join(dir, 'rock', 'loop-b.wav'), join(dir, 'rock', 'loop-a.wav'));
  symlinkSync(join(dir, 'rock', 'loop-a.wav'), join(dir, 'rock', 'loop-b.wav'));
  symlinkSync(join(dir, 'gone.wav'), join(dir, 'rock', 'dangling.wav'));
  symlinkSync(dir, join(dir, 'rock', 'up')); // a link to the tree's root: walked once, not for ever
  const fifo = spawnSync('mkfifo', [join(dir, 'rock', 'pipe.wav')]).status === 0;
  const ds = readFolderTree(dir);
  assert.deepEqual(ds.items.map((i) => i.id), ['rock/good']);
  const reasons = Object.fromEntries(ds.skipped.map((s) => [s.path.slice(dir.length + 1), s.reason]));
  assert.equal(reasons['rock/loop-a.wav'], 'symbolic link loop');
  assert.equal(reasons['rock/dangling.wav'], 'dangling symbolic link (its target does not exist)');
  if (fifo) assert.equal(reasons['rock/pipe.wav'], 'not a regular file (a FIFO, socket or device)');
});
