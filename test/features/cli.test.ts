import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { encodeWav, loadAudio } from '../../src/audio/index.js';
import { getRecipe } from '../../src/features/index.js';
import { projectRoot } from '../helpers/shared-data.js';

const bin = join(projectRoot, 'dist', 'src', 'cli', 'main.js');

/** A 2 s, 22050 Hz float WAV: a 440 Hz tone for the first second, 3 kHz after. */
function fixture(dir: string): string {
  const sr = 22050;
  const y = Float32Array.from({ length: 2 * sr }, (_, i) => 0.5 * Math.sin((2 * Math.PI * (i < sr ? 440 : 3000) * i) / sr));
  const path = join(dir, 'tone.wav');
  writeFileSync(path, encodeWav(y, sr, { bitDepth: 32, float: true }));
  return path;
}

test('genrekit features prints the recipe values as CSV and JSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'genrekit-features-'));
  try {
    const wav = fixture(dir);
    const expected = getRecipe('mfcc', { includeC0: true }).compute((await loadAudio(wav, { sampleRate: 22050 })).samples);
    const csv = execFileSync(process.execPath, [bin, 'features', wav, '--recipe', 'mfcc', '--set', 'includeC0=true', '--csv'], { encoding: 'utf8' });
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], ['frame', ...Array.from({ length: 14 }, (_, i) => `mfcc${i}`)].join(','));
    assert.equal(lines.length - 1, expected.shape[0]);
    const row5 = lines[6].split(',').map(Number);
    assert.equal(row5[0], 5);
    for (let c = 0; c < 14; c++) assert.ok(Math.abs(row5[c + 1] - expected.data[5 * 14 + c]) <= 1e-5 * Math.abs(expected.data[5 * 14 + c]) + 1e-9);

    const json = JSON.parse(execFileSync(process.execPath, [bin, 'features', wav, '--recipe', 'spectrogram', '--json'], { encoding: 'utf8' })) as {
      shape: number[];
      values: number[][];
      recipe: { id: string; params: Record<string, unknown> };
    };
    // 2 s at 4000 Hz = 8000 samples: 1 + floor((8000 - 1024) / 903) = 8 frames of 513 bins.
    assert.deepEqual(json.shape, [8, 513]);
    assert.equal(json.values.length, 8);
    assert.equal(json.recipe.params.hopLength, 903);
    // The 440 Hz tone peaks in bin round(440 * 1024 / 4000) = 113 in the first frame.
    const first = json.values[0];
    assert.equal(first.indexOf(Math.max(...first)), 113);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('genrekit features draws a PNG with time left to right and low bins at the bottom', () => {
  const dir = mkdtempSync(join(tmpdir(), 'genrekit-features-'));
  try {
    const wav = fixture(dir);
    const out = join(dir, 'mel.png');
    execFileSync(process.execPath, [bin, 'features', wav, '--recipe', 'melspec', '--set', 'nMels=64', '--png', out], { stdio: 'pipe' });
    const png = PNG.sync.read(readFileSync(out));
    // 173 frames x 64 bands, each repeated to at least 600 x 300 pixels: 4 x 5 per cell.
    assert.equal(png.width, 173 * 4);
    assert.equal(png.height, 64 * 5);
    const brightness = (x: number, y: number) => {
      const p = (y * png.width + x) * 4;
      return png.data[p] + png.data[p + 1] + png.data[p + 2];
    };
    // First second (440 Hz): bright near the bottom; second second (3 kHz): bright higher up.
    const column = (x: number) => Array.from({ length: png.height }, (_, y) => brightness(x, y));
    const peakRow = (x: number) => column(x).indexOf(Math.max(...column(x)));
    const early = peakRow(40 * 4);
    const late = peakRow(130 * 4);
    assert.ok(early > late, `440 Hz should sit lower (row ${early}) than 3 kHz (row ${late})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('genrekit features rejects unknown recipes and parameters with their names', () => {
  const r = spawnSync(process.execPath, [bin, 'features', 'x.wav', '--recipe', 'nope'], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /unknown recipe 'nope'; known: .*melspec/);
  const p = spawnSync(process.execPath, [bin, 'features', 'x.wav', '--recipe', 'melspec', '--set', 'nMels=lots'], { encoding: 'utf8' });
  assert.notEqual(p.status, 0);
  assert.match(p.stderr, /parameter 'nMels': recipe 'melspec' expects a finite number or null, got "lots"/);
});
