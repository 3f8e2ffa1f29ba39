import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportGtzanCsv, type FeatureRow } from '../../src/data/extract.js';
import { featureTableColumns, parseFeatureTable } from '../../src/data/feature-table.js';
import { ParameterError } from '../../src/errors.js';

/** A row whose recipe names its values in an order other than the table's (plus `length`, as gtzan58 may). */
function row(songId: string, piece: number, pieces: boolean): FeatureRow {
  const names = ['length', ...featureTableColumns].reverse();
  const values = Float32Array.from(names, (n) => (n === 'length' ? -1 : featureTableColumns.indexOf(n) + piece / 10));
  return { id: pieces ? `${songId}.${piece}` : songId, songId, group: songId, label: songId.split('.')[0], path: `/x/${songId}.wav`, piece, length: 66150, startSeconds: 3 * piece, endSeconds: 3 * piece + 3, values, shape: [values.length], names };
}

test('GTZAN CSV export: table columns in table order by name, pieces named genre.NNNNN.S.wav', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-csv-'));
  try {
    const path = join(dir, 'f3.csv');
    exportGtzanCsv(path, [row('blues.00000', 0, true), row('blues.00000', 1, true)]);
    const text = readFileSync(path, 'utf8');
    assert.ok(text.startsWith('filename,length,chroma_stft_mean,chroma_stft_var,rms_mean,'));
    const t = parseFeatureTable(text, path);
    assert.deepEqual(t.filenames, ['blues.00000.0.wav', 'blues.00000.1.wav']);
    assert.deepEqual(t.groups, ['blues.00000', 'blues.00000']);
    assert.deepEqual(t.lengths, [66150, 66150]);
    assert.deepEqual([...t.features[1]], featureTableColumns.map((_, j) => Math.fround(j + 0.1)));
    const whole = { ...row('rock.00003', 0, false), names: undefined, values: new Float32Array(10) };
    assert.throws(() => exportGtzanCsv(path, [whole]), ParameterError, 'unnamed values that are not the 57 statistics');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
