import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAudio } from '../../src/audio/load.js';
import { computeFeatures } from '../../src/data/extract-job.js';
import { readTensorFile } from '../../src/data/tensor-file.js';
import { entryKey, FeatureStore, sha256 } from '../../src/data/feature-store.js';
import { getRecipe } from '../../src/features/index.js';
import { projectRoot } from '../helpers/shared-data.js';
import { tone, writeWav } from './wav-fixture.js';

const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const genres = ['blues', 'jazz', 'metal', 'rock'];
const perGenre = 8;
const seconds = 4;

/** A GTZAN-layout dataset of tones (32 clips of 4 s), plus a non-audio file and a corrupt WAV. */
function makeDataset(dir: string): string[] {
  const paths: string[] = [];
  genres.forEach((g, gi) => {
    mkdirSync(join(dir, 'genres', g), { recursive: true });
    for (let c = 0; c < perGenre; c++) {
      const p = join(dir, 'genres', g, `${g}.${String(c).padStart(5, '0')}.wav`);
      writeWav(p, tone(110 * (gi + 1) + 17 * c, seconds));
      paths.push(p);
    }
  });
  writeFileSync(join(dir, 'genres', 'rock', 'notes.txt'), 'not audio');
  writeFileSync(join(dir, 'genres', 'rock', 'rock.00099.wav'), Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(60, 7)]));
  return paths;
}

function runCli(args: string[]) {
  return spawnSync(process.execPath, [cli, 'extract', ...args], { encoding: 'utf8' });
}

/** Complete entry files in the store, counted without opening it (opening would create it). */
function entryCount(storeDir: string): number {
  const root = join(storeDir, 'entries');
  if (!existsSync(root)) return 0;
  return readdirSync(root).reduce((n, sub) => n + readdirSync(join(root, sub)).filter((f) => f.endsWith('.gkf') && !f.startsWith('.tmp-')).length, 0);
}

function tempFiles(storeDir: string): string[] {
  const root = join(storeDir, 'entries');
  return readdirSync(root).flatMap((sub) => readdirSync(join(root, sub)).filter((n) => n.startsWith('.tmp-')));
}

test('extract survives SIGKILL mid-run: re-run ends with exactly one correct entry per file', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-extract-'));
  try {
    const paths = makeDataset(dir);
    const storeDir = join(dir, 'store');
    const args = [dir, '--recipe', 'melspec', '--piece', '2', '--store', storeDir, '--jobs', '1'];

    // Kill the first run as soon as a few entries exist (mid-run: most files are not done).
    const child = spawn(process.execPath, [cli, 'extract', ...args], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let atKill = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 5));
      atKill = entryCount(storeDir);
      if (atKill >= 3 || child.exitCode !== null) break;
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL', 'the first run was killed, not finished');
    const store = new FeatureStore(storeDir);
    const survivors = store.keys();
    assert.ok(survivors.length >= 3 && survivors.length < paths.length, `killed mid-run with ${survivors.length} of ${paths.length} entries`);
    for (const k of survivors) assert.ok(store.read(k), 'every entry left by the killed run is complete');

    // A damaged entry (as a crash of a non-atomic writer would leave) is never used: it is recomputed.
    const damaged = store.entryPath(survivors[0]);
    writeFileSync(damaged, readFileSync(damaged).subarray(0, 100));
    // A stale temp file of a dead writer is ignored and cleaned.
    writeFileSync(join(storeDir, 'entries', survivors[0].slice(0, 2), `.tmp-${survivors[0]}.gkf.999999999.00ff00ff.tmp`), 'half');

    const tensor = join(dir, 'train.gkt');
    const rerun = runCli([...args, '--tensor', tensor]);
    assert.equal(rerun.status, 0, rerun.stderr);
    const cachedCount = survivors.length - 1;
    assert.match(rerun.stdout, new RegExp(`${paths.length - cachedCount} computed, ${cachedCount} already in the store, 2 skipped`));
    assert.match(rerun.stdout, /notes\.txt: not an audio file \(extension\)/);
    assert.match(rerun.stdout, /rock\.00099\.wav: .+/);
    assert.deepEqual(tempFiles(storeDir), []);

    // Exactly one entry per audio file, each equal to a direct computation.
    const recipe = getRecipe('melspec', {});
    const keys = new FeatureStore(storeDir).keys();
    assert.equal(keys.length, paths.length);
    const expectedKeys = new Set<string>();
    const directData: Float32Array[] = [];
    for (const p of paths) {
      const bytes = readFileSync(p);
      const key = entryKey({ sourceSha256: sha256(bytes), recipe: { id: recipe.id, params: { ...recipe.params } }, pieces: { seconds: 2, overlap: 0, tail: 'drop' as const } });
      expectedKeys.add(key);
      const entry = store.read(key);
      assert.ok(entry, `entry of ${p}`);
      const audio = await loadAudio(bytes, { sampleRate: recipe.sampleRate, mono: true });
      const direct = computeFeatures(audio.samples, recipe, { seconds: 2, overlap: 0, tail: 'drop' as const });
      assert.deepEqual(entry.header.segments, direct.segments);
      assert.deepEqual(entry.data, direct.data, `features of ${p}`);
      directData.push(direct.data);
    }
    assert.deepEqual(new Set(keys), expectedKeys);

    // The tensor export: 2 pieces per file, song groups and labels kept.
    const t = readTensorFile(tensor);
    assert.equal(t.header.shape[0], paths.length * 2);
    assert.equal(t.header.ids[0], 'blues.00000.0');
    assert.equal(t.header.groups[1], 'blues.00000');
    assert.deepEqual(t.header.ranges[1], [2, 4]);
    const expected = new Float32Array(t.data.length);
    let at = 0;
    for (const d of directData) {
      expected.set(d, at);
      at += d.length;
    }
    assert.equal(at, t.data.length);
    assert.deepEqual(t.data, expected, 'tensor values are the files\' features in dataset order');

    // Everything is done now: a third run computes nothing; --strict fails on the skipped files.
    const third = runCli([...args, '--strict']);
    assert.equal(third.status, 1);
    assert.match(third.stdout, new RegExp(`0 computed, ${paths.length} already in the store, 2 skipped`));
    assert.match(third.stderr, /--strict: 2 file\(s\) skipped/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('extract --help prints the defaults; a missing --recipe is a usage error', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /--overlap <s>\s+overlap of consecutive pieces in seconds {2}\(default: 0\)/);
  const bad = runCli(['some-folder', '--store', 'x']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /needs one <dataset>, --recipe and --store/);
});
