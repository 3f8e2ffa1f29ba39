/**
 * The command line as a new user meets it: output piped into a reader that stops early ends
 * quietly, option errors name the flag, `genrekit help <command>`, globs with braces and classes,
 * a folder of 150,000 files, formats genrekit cannot decode reported rather than skipped, a file
 * name with a comma in the GTZAN CSV, and one exit-code rule (0 when at least one input
 * succeeded). Each of these failed before (issue 16).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeWav } from '../../src/audio/wav-writer.js';
import { readFeatureTable } from '../../src/data/feature-table.js';
import { expandInputs } from '../../src/predict/inputs.js';
import { projectRoot } from '../helpers/shared-data.js';

const bin = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const genrekit = (args: string[], cwd?: string) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });
const tone = (seconds: number, hz: number) => encodeWav(Float32Array.from({ length: Math.round(seconds * 22050) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * hz * i) / 22050) + 0.01 * Math.sin(i * 1.7)), 22050);

test('output piped into a reader that stops early ends quietly (no EPIPE stack trace)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-epipe-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a.wav'), tone(20, 440));
  const child = spawn(process.execPath, [bin, 'features', join(dir, 'a.wav'), '--recipe', 'melspec', '--csv'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy()); // as `| head -1` does
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '', 'nothing on stderr');
  assert.equal(code, 0);
});

test('option errors name the flag and the value; genrekit help <command> prints that command', () => {
  const top = genrekit(['classify', 'x.wav', '--top', 'x']);
  assert.equal(top.status, 2);
  assert.match(top.stderr, /--top must be an integer >= 1, got 'x'/);
  const piece = genrekit(['classify', 'x.wav', '--piece', 'long']);
  assert.match(piece.stderr, /--piece must be a number of seconds > 0, got 'long'/);
  const help = genrekit(['help', 'classify']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: genrekit classify/);
  assert.match(help.stdout, /Exit code: 0 when at least one input succeeded, 1 when every input failed, 2 for a usage error/);
  assert.equal(genrekit(['help', 'nope']).status, 2);
});

test('globs with braces and classes; formats genrekit cannot decode are reported, not skipped', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-globs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const name of ['song1.wav', 'song2.wav', 'song10.wav', 'other.wav']) writeFileSync(join(dir, name), tone(1, 440));
  writeFileSync(join(dir, 'phone.m4a'), Buffer.from('\0\0\0\x20ftypM4A '));
  writeFileSync(join(dir, 'voice.opus'), Buffer.from('OggS\0\x02'));
  writeFileSync(join(dir, 'notes.txt'), 'not audio');
  const g = (p: string) => expandInputs([join(dir, p)]).then((files) => files.map((f) => f.slice(dir.length + 1)));
  assert.deepEqual(await g('song[0-9].wav'), ['song1.wav', 'song2.wav']);
  assert.deepEqual(await g('{song1,other}.wav'), ['other.wav', 'song1.wav']);
  assert.deepEqual(await g('*.{m4a,opus}'), ['phone.m4a', 'voice.opus']);
  assert.deepEqual((await expandInputs([dir])).map((f) => f.slice(dir.length + 1)), ['other.wav', 'phone.m4a', 'song1.wav', 'song10.wav', 'song2.wav', 'voice.opus']);
  const r = genrekit(['classify', dir, '--json', '--jobs', '1']);
  assert.equal(r.status, 0, 'at least one file succeeded');
  const out = JSON.parse(r.stdout) as Array<{ file: string; error?: { message: string } }>;
  assert.equal(out.length, 6);
  const m4a = out.find((v) => v.file.endsWith('phone.m4a'));
  assert.match(m4a?.error?.message ?? '', /not a recognised audio container/);
  assert.match(r.stderr, /classify: 6\/6 files/, 'a progress line without --quiet');
  const quiet = genrekit(['classify', join(dir, 'song1.wav'), join(dir, 'song2.wav'), '--json', '--jobs', '1', '--quiet']);
  assert.equal(quiet.status, 0);
  assert.equal(quiet.stderr, '', '--quiet: no progress');
  assert.equal(JSON.parse(quiet.stdout).length, 2);
});

test('a folder of 150,000 files is walked without recursion limits', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-walk-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const sub = join(dir, 'deep', 'er');
  mkdirSync(sub, { recursive: true });
  for (let i = 0; i < 150_000; i++) writeFileSync(join(sub, `${String(i).padStart(6, '0')}.wav`), '');
  // A deep chain of folders too: no recursion in the walk.
  let chain = join(dir, 'chain');
  for (let d = 0; d < 300; d++) chain = join(chain, 'd');
  mkdirSync(chain, { recursive: true });
  writeFileSync(join(chain, 'bottom.mp3'), '');
  const files = await expandInputs([dir]);
  assert.equal(files.length, 150_001);
  assert.ok(files[0].endsWith(join('chain', ...Array(300).fill('d'), 'bottom.mp3')));
  assert.ok(files[1].endsWith('000000.wav') && files[150_000].endsWith('149999.wav'));
});

test('extract --csv quotes a file name with a comma; info exits 0 when one file of two is readable', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-csv-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const genre of ['blues', 'rock']) mkdirSync(join(dir, 'data', genre), { recursive: true });
  writeFileSync(join(dir, 'data', 'blues', 'Artist, The - Song.wav'), tone(3, 220));
  writeFileSync(join(dir, 'data', 'rock', 'plain.wav'), tone(3, 2200));
  const csv = join(dir, 'table.csv');
  const r = genrekit(['extract', join(dir, 'data'), '--recipe', 'gtzan58', '--store', join(dir, 'store'), '--jobs', '1', '--csv', csv]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(await readFile(csv, 'utf8'), /^"blues\/Artist, The - Song\.wav",66150,/m);
  const table = await readFeatureTable(csv);
  assert.deepEqual(table.filenames, ['blues/Artist, The - Song.wav', 'rock/plain.wav']);
  assert.deepEqual(table.labels, ['blues', 'rock']);
  writeFileSync(join(dir, 'bad.wav'), 'hello');
  const info = genrekit(['info', join(dir, 'data', 'rock', 'plain.wav'), join(dir, 'bad.wav')]);
  assert.equal(info.status, 0, 'one of two files described');
  assert.match(info.stderr, /bad\.wav: error: not a recognised audio container/);
  assert.equal(genrekit(['info', join(dir, 'bad.wav')]).status, 1, 'every file failed');
});
