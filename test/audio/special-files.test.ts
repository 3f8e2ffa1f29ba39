/**
 * Entries that are not regular files: a FIFO named like audio is refused at once (never opened,
 * which would wait for a writer for ever) by loadAudio, probeAudio and the CLI; a symbolic link
 * loop and a dangling link are errors naming themselves; a folder walk gives each such entry its
 * own row, and follows a link to a good clip. A truncated WAV's verdict carries a warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAudio } from '../../src/audio/load.js';
import { probeAudio } from '../../src/audio/probe.js';
import { encodeWav } from '../../src/audio/wav-writer.js';
import { classify } from '../../src/predict/classify.js';
import { expandInputs } from '../../src/predict/inputs.js';
import { projectRoot } from '../helpers/shared-data.js';
import { tempDir } from './helpers.js';

const bin = join(projectRoot, 'dist/src/cli/main.js');

test('a FIFO, a link loop and a dangling link are refused at once, each naming itself; a walk gives each a row', async (t) => {
  const dir = tempDir(t);
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  const fifo = join(lib, 'pipe.wav');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('mkfifo not available');
  symlinkSync(join(lib, 'loop-b.wav'), join(lib, 'loop-a.wav'));
  symlinkSync(join(lib, 'loop-a.wav'), join(lib, 'loop-b.wav'));
  symlinkSync(join(dir, 'gone.wav'), join(lib, 'dangling.wav'));
  const good = join(dir, 'good.wav');
  writeFileSync(good, encodeWav(new Float32Array(22050 * 3).map((_, i) => 0.3 * Math.sin(i / 9)), 22050));
  symlinkSync(good, join(lib, 'linked.wav'));

  await assert.rejects(loadAudio(fifo), { name: 'AudioDecodeError', code: 'NOT_A_FILE', message: /pipe\.wav: is a FIFO \(named pipe\), not a regular file/ });
  await assert.rejects(probeAudio(fifo), { code: 'NOT_A_FILE' });
  await assert.rejects(loadAudio(join(lib, 'loop-a.wav')), { code: 'SYMLINK_LOOP', message: /loop-a\.wav: symbolic link loop/ });
  await assert.rejects(loadAudio(join(lib, 'dangling.wav')), { code: 'FILE_NOT_FOUND' });
  assert.deepEqual((await expandInputs([lib])).map((f) => f.slice(lib.length + 1)), ['dangling.wav', 'linked.wav', 'loop-a.wav', 'loop-b.wav', 'pipe.wav']);

  for (const args of [['classify', lib, '--json', '--jobs', '1'], ['info', fifo, join(lib, 'linked.wav'), '--json']]) {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.signal, null, `${args[0]} finished (no hang on the FIFO)`);
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { file: string; error?: unknown; code?: string }[];
    const failed = rows.filter((x) => x.error).map((x) => x.file.split('/').pop());
    assert.deepEqual(failed.sort(), args[0] === 'classify' ? ['dangling.wav', 'loop-a.wav', 'loop-b.wav', 'pipe.wav'] : ['pipe.wav']);
  }
});

test('classify --jsonl: a FIFO (hashed for the line) does not hang; a named folder with no audio and an unreadable sub-folder each get a row', async (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'pipe.wav');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('mkfifo not available');
  const empty = join(dir, 'empty.wav');
  mkdirSync(empty);
  const lib = join(dir, 'lib');
  mkdirSync(join(lib, 'locked'), { recursive: true });
  writeFileSync(join(lib, 'a.wav'), encodeWav(new Float32Array(22050 * 2).map((_, i) => 0.3 * Math.sin(i / 9)), 22050));
  const asRoot = process.getuid?.() === 0; // root reads any folder: the unreadable case needs another user
  if (!asRoot) chmodSync(join(lib, 'locked'), 0); // an empty folder: removable as it is
  const r = spawnSync(process.execPath, [bin, 'classify', '--jsonl', '-', '--quiet', '--jobs', '1', fifo, empty, lib], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.signal, null, 'finished (no hang on the FIFO)');
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: { code: string; message: string } });
  const byName = new Map(rows.map((x) => [x.file.slice(dir.length + 1), x]));
  assert.equal(byName.get('pipe.wav')?.error?.code, 'NOT_A_FILE');
  assert.match(byName.get('empty.wav')?.error?.message ?? '', /empty\.wav: is a directory, not a file/);
  assert.equal(byName.get('lib/a.wav')?.error, undefined);
  if (asRoot) {
    assert.equal(rows.length, 3);
    t.diagnostic('running as root: every folder is readable, the unreadable sub-folder case is not exercised');
  } else {
    assert.equal(rows.length, 4);
    assert.match(byName.get('lib/locked')?.error?.message ?? '', /locked: is a folder that cannot be read \(permission denied\)/);
  }
});

test("a truncated WAV's verdict carries a warning", async () => {
  const whole = encodeWav(new Float32Array(22050 * 4).map((_, i) => 0.3 * Math.sin(i / 7)), 22050);
  const r = await classify(whole.subarray(0, whole.length - 22050));
  assert.ok(r.warnings.some((w) => /truncated/.test(w)), r.warnings.join('; '));
});

test('a header cut short is a typed error for that file alone: info and loadAudio go on', async (t) => {
  const dir = tempDir(t);
  const good = join(dir, 'good.wav');
  writeFileSync(good, encodeWav(new Float32Array(22050).map((_, i) => 0.3 * Math.sin(i / 9)), 22050));
  // The first page of an Ogg stream cut after 35 bytes (the 27-byte page header and a bit).
  const page = new Uint8Array(64);
  page.set([0x4f, 0x67, 0x67, 0x53, 0, 2], 0);
  page[26] = 1;
  page[27] = 30;
  page.set([...'\x01vorbis'].map((c) => c.charCodeAt(0)), 28);
  const tiny = join(dir, 'tiny.ogg');
  writeFileSync(tiny, page.subarray(0, 35));
  const r = spawnSync(process.execPath, [bin, 'info', tiny, good, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { file: string; code?: string; sampleRate?: number }[];
  assert.equal(rows.length, 2);
  assert.equal(rows[1].sampleRate, 22050, 'the file after the bad one is described');
  assert.ok(rows[0].code, 'the cut file has a typed error');
  await assert.rejects(loadAudio(tiny), { name: 'AudioDecodeError' });
});

test('pieces under 0.1 s are refused: an option, and a model manifest', async () => {
  await assert.rejects(classify(encodeWav(new Float32Array(22050 * 3), 22050), { pieceSeconds: 1e-9 }), { name: 'ParameterError', message: />= 0\.1/ });
  const { checkModelInput } = await import('../../src/models/manifest.js');
  assert.throws(() => checkModelInput({ recipe: { id: 'gtzan58', params: {} }, sampleRate: 22050, pieceSeconds: 1e-9, columns: null, shape: [58] }, 'm'), { name: 'ModelFormatError', message: /pieceSeconds/ });
});
