/**
 * The real `genrekit classify` and `genrekit models` binaries on generated files with a model
 * folder trained here on synthetic genres: JSON, CSV, table, an error row for a bad file, exit codes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '../../src/audio/index.js';
import { projectRoot } from '../helpers/shared-data.js';
import { saveSynthModel, synthGenre, trainSynthModel } from './synth.js';

const SR = 22050;
const bin = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
let dir: string;
let modelDir: string;

function genrekit(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genrekit-cli-'));
  modelDir = join(dir, 'synth-model');
  await saveSynthModel(await trainSynthModel(), modelDir);
  await mkdir(join(dir, 'songs', 'more'), { recursive: true });
  await writeFile(join(dir, 'songs', 'low.wav'), encodeWav([synthGenre('low', 20, SR, 61)], SR));
  await writeFile(join(dir, 'songs', 'more', 'bright.wav'), encodeWav([synthGenre('bright', 20, SR, 62)], SR));
  await writeFile(join(dir, 'songs', 'broken.wav'), 'this is not audio');
  await writeFile(join(dir, 'songs', 'notes.txt'), 'not an audio extension: ignored in folders');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('classify a folder as JSON: a verdict per song, an error row for the bad file, exit 0', () => {
  const r = genrekit('classify', 'songs', '--model', modelDir, '--json', '--jobs', '2');
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as Array<{ file: string; genres?: { label: string }[]; pieces?: unknown[]; error?: { name: string; message: string } }>;
  assert.deepEqual(rows.map((x) => x.file), [join('songs', 'broken.wav'), join('songs', 'low.wav'), join('songs', 'more', 'bright.wav')]);
  assert.equal(rows[0].error?.name, 'AudioDecodeError');
  assert.match(rows[0].error?.message ?? '', /broken\.wav/);
  assert.equal(rows[1].genres?.[0].label, 'low');
  assert.equal(rows[2].genres?.[0].label, 'bright');
  assert.equal(rows[1].pieces?.length, 2);
});

test('classify as CSV with a timeline and a glob: song rows and piece rows', () => {
  const r = genrekit('classify', 'songs/**/*.wav', '--model', modelDir, '--csv', '--timeline', '--top', '1');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.equal(lines[0], 'file,piece,start_seconds,end_seconds,genre1,score1,certainty,flags,error');
  const cells = lines.slice(1).map((l) => l.split(','));
  assert.deepEqual(cells.map((c) => [c[1], c[4] ?? '']), [
    ['song', ''],
    ['song', 'low'],
    ['1', 'low'],
    ['2', 'low'],
    ['song', 'bright'],
    ['1', 'bright'],
    ['2', 'bright'],
  ]);
});

test('the table names the genres; exit 1 only when every file failed; usage errors exit 2', () => {
  const ok = genrekit('classify', join('songs', 'low.wav'), '--model', modelDir);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out.split('\n')[1], /low\.wav\s+low [01]\.\d\d\s+bright [01]\.\d\d/);
  const bad = genrekit('classify', join('songs', 'broken.wav'), 'nothing-here.wav', '--model', modelDir);
  assert.equal(bad.code, 1);
  assert.equal(bad.out.match(/error: /g)?.length, 2);
  assert.equal(genrekit('classify', '--model', modelDir).code, 2);
  assert.equal(genrekit('classify', 'songs', '--model', modelDir, '--aggregate', 'median').code, 2);
  assert.equal(genrekit('classify', 'songs', '--model', modelDir, '--top', '0').code, 2);
});

test('models lists a given folder with its training command, and rejects a folder that is not a model', () => {
  const r = genrekit('models', modelDir, '--json');
  const rows = JSON.parse(r.out) as Array<{ dir: string; manifest?: { model: { name: string }; training: { command: string } }; error?: string }>;
  const mine = rows.find((x) => x.dir === modelDir);
  assert.equal(mine?.manifest?.model.name, 'logreg-multinomial');
  assert.equal(mine?.manifest?.training.command, 'test/predict/synth.ts trainSynthModel');
  const notModel = genrekit('models', join(dir, 'songs'));
  assert.equal(notModel.code, 1);
  assert.match(notModel.out, /no genrekit\.json/);
});
