/**
 * `classify --jsonl --resume`: runs killed with SIGKILL at seeded random moments (5 trials) and
 * resumed give the same lines as an unbroken run, each file exactly once; a torn last line is cut
 * and its file redone; a deep, wide tree of empty `.wav` files streams through (an error line
 * each, as they are not audio) without recursion limits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav } from '../../src/audio/wav-writer.js';
import { Rng } from '../../src/random.js';
import { tempDir } from '../audio/helpers.js';
import { projectRoot } from '../helpers/shared-data.js';
import { synthGenre } from './synth.js';

const bin = join(projectRoot, 'dist/src/cli/main.js');

type Line = { file: string; sha256: string | null; genres?: { label: string; score: number }[]; error?: { message: string } };
const lines = (path: string): Line[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

/** Per file: its top genres, or its error, as an unbroken run gives them. */
const byFile = (ls: Line[]) => new Map(ls.map((l) => [l.file, l.genres ? JSON.stringify(l.genres) : `error: ${l.error?.message}`]));

function run(args: string[]) {
  return spawnSync(process.execPath, [bin, 'classify', ...args], { encoding: 'utf8' });
}

test('--jsonl runs killed at random moments and resumed give every file exactly once, as an unbroken run', { timeout: 240_000 }, async (t) => {
  const dir = tempDir(t);
  const songs = join(dir, 'songs');
  mkdirSync(songs);
  for (let i = 0; i < 14; i++) writeFileSync(join(songs, `song${String(i).padStart(2, '0')}.wav`), encodeWav(synthGenre(i % 2 ? 'low' : 'bright', 6 + (i % 4), 22050, i), 22050));
  for (let i = 0; i < 2; i++) writeFileSync(join(songs, `bad${i}.wav`), `not audio ${i}`);
  const whole = join(dir, 'whole.jsonl');
  const t0 = performance.now();
  assert.equal(run([songs, '--jsonl', whole, '--jobs', '1', '--quiet']).status, 0);
  const unbroken = performance.now() - t0; // kills fall between 10 % and 90 % of it, whatever the machine's speed
  const want = byFile(lines(whole));
  assert.equal(want.size, 16);
  assert.equal(lines(whole).length, 16);

  const rng = new Rng(7);
  let killedMidRun = 0;
  for (let trial = 0; trial < 5; trial++) {
    const out = join(dir, `trial${trial}.jsonl`);
    const child = spawn(process.execPath, [bin, 'classify', songs, '--jsonl', out, '--jobs', '1', '--quiet'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await new Promise((r) => setTimeout(r, unbroken * (0.1 + 0.8 * rng.next())));
    child.kill('SIGKILL');
    if ((await exited) === null) killedMidRun++;
    const resumed = run([songs, '--jsonl', out, '--resume', '--jobs', '1', '--quiet']);
    assert.equal(resumed.status, 0, resumed.stderr);
    const got = lines(out);
    assert.equal(got.length, 16, `trial ${trial}: one line per file, no duplicates`);
    assert.deepEqual(byFile(got), want, `trial ${trial}`);
  }
  assert.ok(killedMidRun >= 3, `${killedMidRun} of 5 runs were killed before they finished`);

  // A torn last line: cut off, and its file done again.
  const torn = join(dir, 'torn.jsonl');
  const text = readFileSync(whole, 'utf8').split('\n').filter(Boolean);
  writeFileSync(torn, text.slice(0, 10).join('\n') + '\n');
  appendFileSync(torn, text[10].slice(0, 40));
  const again = run([songs, '--jsonl', torn, '--resume', '--jobs', '1']);
  assert.match(again.stderr, /16 files: 6 classified, 0 failed, 10 already in/);
  assert.deepEqual(byFile(lines(torn)), want);
  assert.equal(lines(torn).length, 16);
});

test('--jsonl streams a wide and deep tree of empty .wav files: an error line each', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const tree = join(dir, 'tree');
  let n = 0;
  for (let a = 0; a < 20; a++) {
    for (let b = 0; b < 10; b++) {
      const d = join(tree, `a${a}`, `b${b}`);
      mkdirSync(d, { recursive: true });
      for (let c = 0; c < 10; c++, n++) writeFileSync(join(d, `${c}.wav`), '');
    }
  }
  let deep = join(tree, 'deep');
  for (let i = 0; i < 300; i++) deep = join(deep, 'd');
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'bottom.wav'), '');
  n++;
  const out = join(dir, 'tree.jsonl');
  const r = run([tree, '--jsonl', out, '--jobs', '2']);
  assert.equal(r.status, 1, 'every file failed');
  assert.match(r.stderr, new RegExp(`${n} files: 0 classified, ${n} failed`));
  const got = lines(out);
  assert.equal(got.length, n);
  assert.equal(new Set(got.map((l) => l.file)).size, n);
  assert.ok(got.every((l) => l.error && /empty/i.test(l.error.message)), got.find((l) => !/empty/i.test(l.error?.message ?? ''))?.error?.message);
  assert.ok(got.some((l) => l.file.endsWith(join('d', 'bottom.wav'))));
});
