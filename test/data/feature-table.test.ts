/**
 * The GTZAN feature table: the real 30 s CSV (CRLF), LF and CRLF alike, the 3 s piece form, round
 * trips through the writer, and bad input (missing column, non-numeric value, NaN, unknown label,
 * short row) as DataFormatErrors naming file, row and column.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataFormatError } from '../../src/errors.js';
import { featureTableColumns, formatFeatureTable, parseFeatureTable, readFeatureTable, writeFeatureTable } from '../../src/data/feature-table.js';
import { sharedData } from '../helpers/shared-data.js';

const GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];

function row(name: string, label: string, base: number): string {
  return [name, '661794', ...featureTableColumns.map((_, j) => String(base + j / 8)), label].join(',');
}

const header = ['filename', 'length', ...featureTableColumns, 'label'].join(',');
const good = [header, row('blues.00000.wav', 'blues', 1), row('rock.00007.wav', 'rock', 2)];

function expectError(text: string, want: { row?: number; column?: string; match: RegExp }, labelSet?: string[]): void {
  assert.throws(
    () => parseFeatureTable(text, 'bad.csv', { labelSet }),
    (e: unknown) => {
      assert.ok(e instanceof DataFormatError, String(e));
      assert.equal(e.file, 'bad.csv');
      assert.equal(e.row, want.row);
      assert.equal(e.column, want.column);
      assert.match(e.message, want.match);
      assert.match(e.message, /^bad\.csv/);
      return true;
    },
  );
}

test('the published 30 s table: 1000 rows, 57 features in column order, CRLF, 10 genres of 100', async (t) => {
  const csv = sharedData(t, 'gtzan', 'features_30_sec.csv');
  if (!csv) return;
  const text = await readFile(csv, 'utf8');
  assert.ok(text.includes('\r\n'));
  const table = await readFeatureTable(csv, { labelSet: GENRES });
  assert.equal(table.filenames.length, 1000);
  assert.equal(featureTableColumns.length, 57);
  const lines = text.split('\r\n');
  const cols = lines[0].split(',');
  assert.deepEqual(cols.slice(2, -1), [...featureTableColumns]);
  // Row 2 (blues.00000): every feature equals its text value at float32 precision.
  const fields = lines[1].split(',');
  assert.equal(table.filenames[0], fields[0]);
  assert.equal(table.lengths[0], Number(fields[1]));
  featureTableColumns.forEach((_, j) => assert.equal(table.features[0][j], Math.fround(Number(fields[j + 2]))));
  for (const g of GENRES) assert.equal(table.labels.filter((l) => l === g).length, 100);
  assert.equal(table.groups[0], 'blues.00000');
});

test('LF and CRLF give the same table; the writer round-trips at float32 precision', async () => {
  const lf = parseFeatureTable(good.join('\n') + '\n', 'lf.csv');
  const crlf = parseFeatureTable(good.join('\r\n') + '\r\n', 'crlf.csv');
  assert.deepEqual(lf.features, crlf.features);
  assert.deepEqual(lf.labels, ['blues', 'rock']);
  assert.deepEqual(lf.groups, ['blues.00000', 'rock.00007']);
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-table-'));
  try {
    const path = join(dir, 'out.csv');
    writeFeatureTable(path, lf.filenames.map((filename, i) => ({ filename, length: lf.lengths[i], features: lf.features[i], label: lf.labels[i] })));
    const text = await readFile(path, 'utf8');
    assert.ok(text.startsWith(header + '\r\n'));
    const back = await readFeatureTable(path);
    assert.deepEqual(back.features, lf.features);
    assert.deepEqual(back.filenames, lf.filenames);
    assert.equal(formatFeatureTable([], { lineEnding: '\n' }), header + '\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the 3 s form: pieces of one clip share its song id', () => {
  const t = parseFeatureTable([header, row('jazz.00012.0.wav', 'jazz', 0), row('jazz.00012.9.wav', 'jazz', 1), row('pop.00001.3.wav', 'pop', 2)].join('\n'), 'p.csv');
  assert.deepEqual(t.groups, ['jazz.00012', 'jazz.00012', 'pop.00001']);
});

test('a missing column names the column and the header row', () => {
  const cols = header.split(',');
  const drop = cols.indexOf('tempo');
  const strip = (line: string) => line.split(',').filter((_, i) => i !== drop).join(',');
  expectError(good.map(strip).join('\n'), { row: 1, column: 'tempo', match: /missing column 'tempo'/ });
  expectError(good.map((l) => l.split(',').slice(0, -1).join(',')).join('\n'), { row: 1, column: 'label', match: /missing column 'label'/ });
});

test('a non-numeric value, NaN, an empty cell and an infinite value name row and column', () => {
  const withCell = (r: number, column: string, value: string) => {
    const c = header.split(',').indexOf(column);
    return good.map((l, i) => (i === r - 1 ? l.split(',').map((f, j) => (j === c ? value : f)).join(',') : l)).join('\r\n');
  };
  expectError(withCell(3, 'mfcc7_var', 'abc'), { row: 3, column: 'mfcc7_var', match: /'abc' is not a number/ });
  expectError(withCell(2, 'rms_mean', 'NaN'), { row: 2, column: 'rms_mean', match: /NaN/ });
  expectError(withCell(2, 'tempo', ''), { row: 2, column: 'tempo', match: /empty value/ });
  expectError(withCell(3, 'length', 'Infinity'), { row: 3, column: 'length', match: /not finite/ });
});

test('an unknown label is an error only when a label set is given', () => {
  const text = [header, row('blues.00000.wav', 'blues', 1), row('x.00001.wav', 'polka', 2)].join('\n');
  assert.equal(parseFeatureTable(text, 'bad.csv').labels[1], 'polka');
  expectError(text, { row: 3, column: 'label', match: /unknown label 'polka'/ }, GENRES);
});

test('a short row, a repeated file name and an empty table are errors', () => {
  expectError([header, row('blues.00000.wav', 'blues', 1), row('blues.00000.wav', 'blues', 2)].join('\n'), { row: 3, column: 'filename', match: /'blues\.00000\.wav' repeats row 2/ });
  expectError([header, 'blues.00000.wav,1,2'].join('\n'), { row: 2, match: /3 fields where the header has 60/ });
  expectError(header + '\n', { match: /no data rows/ });
});
