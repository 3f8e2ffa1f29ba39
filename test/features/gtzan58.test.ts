/**
 * `gtzan58` parity on the 50 dev clips:
 * - against reference/gtzan58-dev.json (librosa 0.9.2, generate.py): for every column but tempo,
 *   at least 99 % of the values within 1 % of that column's standard deviation over the 1000 rows
 *   of gtzan/features_30_sec.csv; tempo within 1 BPM on at least 45 of the 50 clips;
 * - against the CSV's own rows (an older librosa): at least 95 % of all values (tempo excluded)
 *   within the same bound.
 * The per-column worst errors are printed as diagnostics. All 50 clips are computed once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAudio } from '../../src/audio/index.js';
import { GTZAN58_NAMES, gtzan58 } from '../../src/features/gtzan58.js';
import { sharedData } from '../helpers/shared-data.js';

type Row = Record<string, number>;

/** features_30_sec.csv (CRLF) as rows keyed by column name, by file name. */
function readCsv(path: string): Map<string, Row> {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const rows = new Map<string, Row>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const row: Row = {};
    header.forEach((h, i) => {
      if (h !== 'filename' && h !== 'label') row[h] = Number(cells[i]);
    });
    rows.set(cells[0], row);
  }
  return rows;
}

function columnStd(rows: Iterable<Row>, name: string): number {
  const v = [...rows].map((r) => r[name]);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
}

test('gtzan58 matches librosa 0.9.2 and the GTZAN CSV on the 50 dev clips', async (t) => {
  const csvPath = sharedData(t, 'gtzan', 'features_30_sec.csv');
  const refPath = sharedData(t, 'reference', 'gtzan58-dev.json');
  const audioDir = sharedData(t, 'gtzan', 'dev-audio');
  if (!csvPath || !refPath || !audioDir) return;
  const csv = readCsv(csvPath);
  const reference = (JSON.parse(readFileSync(refPath, 'utf8')) as { clips: Record<string, Row> }).clips;
  const columns = GTZAN58_NAMES.filter((n) => n !== 'length' && n !== 'tempo');
  const std = new Map(columns.map((c) => [c, columnStd(csv.values(), c)]));

  const recipe = gtzan58.create();
  const clips = Object.keys(reference).sort();
  assert.equal(clips.length, 50);
  const ours = new Map<string, Row>();
  let seconds = 0;
  for (const genre of readdirSync(audioDir).sort()) {
    for (const file of readdirSync(join(audioDir, genre)).sort()) {
      const audio = await loadAudio(join(audioDir, genre, file), { sampleRate: 22050 });
      const start = performance.now();
      const out = recipe.compute(audio.samples);
      seconds += (performance.now() - start) / 1000;
      const row: Row = {};
      GTZAN58_NAMES.forEach((n, i) => (row[n] = out.data[i]));
      ours.set(file, row);
    }
  }
  assert.deepEqual([...ours.keys()].sort(), clips);
  t.diagnostic(`gtzan58 compute: ${((seconds / clips.length) * 1000).toFixed(0)} ms per clip (wall, this machine, under test load)`);

  for (const clip of clips) assert.equal(ours.get(clip)!.length, reference[clip].length, `${clip}: length`);

  // Against librosa 0.9.2: per column, share of clips within 1 % of the column's std.
  let worstShare = 1;
  for (const c of columns) {
    let within = 0;
    let worst = 0;
    let worstClip = '';
    for (const clip of clips) {
      const e = Math.abs(ours.get(clip)![c] - reference[clip][c]) / std.get(c)!;
      if (e <= 0.01) within++;
      if (e > worst) [worst, worstClip] = [e, clip];
    }
    const share = within / clips.length;
    worstShare = Math.min(worstShare, share);
    t.diagnostic(`${c.padEnd(24)} worst |ours - librosa| = ${(worst * 100).toExponential(2)} % of std (${worstClip}); within 1 %: ${within}/50`);
    assert.ok(share >= 0.99, `${c}: only ${within}/50 clips within 1 % of std (worst ${worst} std on ${worstClip})`);
  }

  const tempoOk = clips.filter((clip) => Math.abs(ours.get(clip)!.tempo - reference[clip].tempo) <= 1);
  const tempoOff = clips.filter((clip) => !tempoOk.includes(clip)).map((clip) => `${clip} ${ours.get(clip)!.tempo.toFixed(2)} vs ${reference[clip].tempo.toFixed(2)}`);
  t.diagnostic(`tempo within 1 BPM of librosa: ${tempoOk.length}/50${tempoOff.length ? `; off: ${tempoOff.join(', ')}` : ''}`);
  assert.ok(tempoOk.length >= 45);

  // Against the CSV's own rows (older librosa): share of all values within 1 % of std.
  let within = 0;
  let total = 0;
  for (const clip of clips) {
    const row = csv.get(clip);
    assert.ok(row, `${clip} missing from the CSV`);
    for (const c of columns) {
      total++;
      if (Math.abs(ours.get(clip)![c] - row[c]) / std.get(c)! <= 0.01) within++;
    }
  }
  t.diagnostic(`against the CSV rows: ${within}/${total} values (${((100 * within) / total).toFixed(2)} %) within 1 % of std; worst per-column share vs librosa ${(worstShare * 100).toFixed(0)} %`);
  assert.ok(within / total >= 0.95);
});
