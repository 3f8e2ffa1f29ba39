/** `genrekit info` through the real binary (dist/src/cli/main.js) on generated files. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeWav } from '../../src/audio/index.js';
import { projectRoot } from '../helpers/shared-data.js';
import { tempDir } from './helpers.js';

const bin = join(projectRoot, 'dist', 'src', 'cli', 'main.js');

function genrekit(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function makeFiles(dir: string) {
  const good = join(dir, 'tone.wav');
  writeFileSync(good, encodeWav([new Float32Array(12000), new Float32Array(12000)], 8000, { bitDepth: 24 }));
  const text = join(dir, 'notes.wav');
  writeFileSync(text, 'not audio');
  return { good, text, missing: join(dir, 'missing.flac') };
}

test('info describes each file; bad files give an error line, exit code 0 while one file is good', (t) => {
  const { good, text, missing } = makeFiles(tempDir(t));
  const r = genrekit('info', text, good, missing);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${good}: wav, pcm_s24le, 24-bit, 8000 Hz, stereo, 1.500 s\n`);
  const errors = r.stderr.trim().split('\n');
  assert.equal(errors.length, 2);
  assert.match(errors[0], new RegExp(`^${text}: error: not a recognised audio container`));
  assert.equal(errors[1], `${missing}: error: file not found`);
});

test('info --json gives one object per file and exit code 0 when all are good', (t) => {
  const { good, missing } = makeFiles(tempDir(t));
  const ok = genrekit('info', '--json', good);
  assert.equal(ok.code, 0);
  assert.deepEqual(JSON.parse(ok.stdout), [
    { file: good, container: 'wav', codec: 'pcm_s24le', sampleRate: 8000, channels: 2, frames: 12000, bitDepth: 24, truncated: false, durationSeconds: 1.5 },
  ]);
  const mixed = genrekit('info', '--json', good, missing);
  assert.equal(mixed.code, 0, 'one input succeeded');
  assert.deepEqual(JSON.parse(mixed.stdout)[1], { file: missing, error: 'file not found', code: 'FILE_NOT_FOUND' });
  assert.equal(genrekit('info', '--json', missing).code, 1, 'every input failed');
});

test('info without files or with an unknown option is a usage error (exit 2); --help reads the defaults', () => {
  assert.equal(genrekit('info').code, 2);
  assert.equal(genrekit('info', '--bogus').code, 2);
  const help = genrekit('info', '--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--decode .*\(default: false\)/);
});
