/**
 * The library queue on a real redis-server: 60 files (the 50 dev clips, 5 copies of them under
 * other names, 5 bad files) enqueued twice (no new work the second time), classified by two
 * `genrekit worker` processes, one of them SIGKILLed in the middle of a job: at the end every file
 * has exactly one result (the bad ones their error), and the export equals `genrekit classify
 * --json` on the same files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../audio/helpers.js';
import { startRedis } from '../helpers/redis.js';
import { projectRoot, sharedData } from '../helpers/shared-data.js';

const bin = join(projectRoot, 'dist/src/cli/main.js');
const cli = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

async function until(cond: () => boolean, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('two workers, one killed mid-job, give every file exactly one result, equal to classify --json', { timeout: 300_000 }, async (t) => {
  const dev = sharedData(t, 'gtzan', 'dev-audio');
  if (!dev) return;
  const redis = await startRedis(t);
  if (!redis) return;
  const dir = tempDir(t);
  const lib = join(dir, 'library');
  const workers: ChildProcess[] = [];
  try {
    for (const genre of readdirSync(dev)) {
      mkdirSync(join(lib, genre), { recursive: true });
      for (const f of readdirSync(join(dev, genre))) copyFileSync(join(dev, genre, f), join(lib, genre, f));
    }
    mkdirSync(join(lib, 'copies'));
    for (const genre of ['blues', 'jazz', 'metal', 'pop', 'rock']) copyFileSync(join(dev, genre, `${genre}.00001.wav`), join(lib, 'copies', `${genre} copy.wav`));
    mkdirSync(join(lib, 'bad'));
    for (let i = 0; i < 5; i++) writeFileSync(join(lib, 'bad', `bad${i}.${['wav', 'mp3', 'flac', 'ogg', 'au'][i]}`), i === 0 ? '' : `garbage ${i}`.repeat(i * 50));
    const q = ['--redis', redis.url, '--queue', 'test'];

    const added = cli(['queue', 'add', lib, ...q, '--chunk', '4']);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stderr, /60 files enqueued in 15 jobs, 0 already enqueued/);
    const again = cli(['queue', 'add', lib, ...q, '--chunk', '4']);
    assert.match(again.stderr, /0 files enqueued in 0 jobs, 60 already enqueued/);

    const status = () => JSON.parse(cli(['queue', 'status', ...q, '--json']).stdout) as { results: number; files: number; failed: number; active: number };
    const start = () => {
      const w = spawn(process.execPath, [bin, 'worker', ...q, '--jobs', '1', '--stall-s', '2', '--quiet'], { stdio: 'ignore' });
      workers.push(w);
      return w;
    };
    const victim = start();
    start();
    // Both workers hold a job (so the victim dies in the middle of one) once some results are in.
    await until(() => {
      const s = status();
      return s.results >= 6 && s.active === 2;
    }, 'both workers busy');
    victim.kill('SIGKILL');
    await until(() => status().results === 60, 'every file to have its result');
    assert.equal(status().failed, 0);

    const exported = cli(['queue', 'export', '--jsonl', ...q]);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; genres?: unknown; error?: { message: string } });
    assert.equal(lines.length, 60);
    assert.equal(new Set(lines.map((l) => l.file)).size, 60, 'one result per file');
    assert.equal(lines.filter((l) => l.error).length, 5, 'the bad files have their errors');

    const direct = JSON.parse(cli(['classify', lib, '--json', '--jobs', '2', '--quiet']).stdout) as { file: string; genres?: unknown; error?: { message: string } }[];
    const simplify = (xs: typeof lines) => xs.map((x) => ({ file: x.file, genres: x.genres, error: x.error?.message })).sort((a, b) => (a.file < b.file ? -1 : 1));
    assert.deepEqual(simplify(lines), simplify(direct));
  } finally {
    for (const w of workers) w.kill('SIGKILL');
    await redis.stop();
  }
});
