/**
 * The GTZAN feature table (`features_30_sec.csv`, `features_3_sec.csv`): one row per clip or 3 s
 * piece, columns `filename, length, <57 statistics>, label`, CRLF or LF line ends. Columns are
 * found by header name (extra columns are ignored). Every fault is a DataFormatError naming the
 * file, the row (the 1-based line number in the file; the header is line 1) and the column.
 */
import { csvFields, csvRow } from '../csv.js';
import { readFile } from 'node:fs/promises';
import { DataFormatError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { parseGtzanName } from './gtzan-names.js';

const STAT_NAMES = ['chroma_stft', 'rms', 'spectral_centroid', 'spectral_bandwidth', 'rolloff', 'zero_crossing_rate', 'harmony', 'perceptr'];

/** The 57 feature columns in table order: means and variances of 8 statistics, tempo, 20 MFCC means and variances. */
export const featureTableColumns: readonly string[] = Object.freeze([
  ...STAT_NAMES.flatMap((s) => [`${s}_mean`, `${s}_var`]),
  'tempo',
  ...Array.from({ length: 20 }, (_, i) => [`mfcc${i + 1}_mean`, `mfcc${i + 1}_var`]).flat(),
]);

/** A parsed feature table. All arrays have one entry per row, in file order. */
export interface FeatureTable {
  /** The file it was read from (for messages). */
  file: string;
  /** `filename` column, e.g. `blues.00000.wav` or `blues.00000.3.wav`. */
  filenames: string[];
  /** `length` column: samples the row was computed from. */
  lengths: number[];
  /** The 57 feature columns (`featureTableColumns`), one vector per row. */
  features: Float32Array[];
  labels: string[];
  /** Song id per row (`blues.00000`): pieces of one clip share it. */
  groups: string[];
}

export interface ReadFeatureTableOptions {
  /** When given, a label outside this set is an error. Default: any label. */
  labelSet?: readonly string[];
}

export const readFeatureTableDefaults: Readonly<ReadFeatureTableOptions> = Object.freeze({});

/** Song id of a table file name: the GTZAN clip id, else the name without its extension. */
function songIdOf(filename: string): string {
  return parseGtzanName(filename)?.songId ?? filename.replace(/\.[^.]*$/, '');
}

/** Parses feature-table CSV text; `file` names the source in errors. */
export function parseFeatureTable(text: string, file: string, options: ReadFeatureTableOptions = {}): FeatureTable {
  const { labelSet } = { ...readFeatureTableDefaults, ...options };
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
  const header = csvFields(lines[0] ?? '');
  const where = new Map(header.map((name, i) => [name, i]));
  const required = ['filename', 'length', ...featureTableColumns, 'label'];
  for (const name of required) {
    if (!where.has(name)) throw new DataFormatError(file, `missing column '${name}' in the header`, { row: 1, column: name });
  }
  const col = (name: string) => where.get(name) as number;
  const featureCols = featureTableColumns.map(col);
  const allowed = labelSet ? new Set(labelSet) : undefined;
  const table: FeatureTable = { file, filenames: [], lengths: [], features: [], labels: [], groups: [] };
  const seen = new Map<string, number>();
  for (let li = 1; li < lines.length; li++) {
    if (lines[li].trim() === '') continue;
    const row = li + 1;
    const fields = csvFields(lines[li]);
    if (fields.length !== header.length) {
      throw new DataFormatError(file, `${fields.length} fields where the header has ${header.length}`, { row });
    }
    const number = (c: number): number => {
      const raw = fields[c];
      if (raw === '') throw new DataFormatError(file, 'empty value where a number is expected', { row, column: header[c] });
      if (/^[+-]?nan$/i.test(raw)) throw new DataFormatError(file, 'value is NaN', { row, column: header[c] });
      const v = Number(raw);
      if (Number.isNaN(v)) throw new DataFormatError(file, `'${raw}' is not a number`, { row, column: header[c] });
      if (!Number.isFinite(v)) throw new DataFormatError(file, `'${raw}' is not finite`, { row, column: header[c] });
      return v;
    };
    const filename = fields[col('filename')];
    if (!filename) throw new DataFormatError(file, 'empty file name', { row, column: 'filename' });
    const first = seen.get(filename);
    if (first !== undefined) throw new DataFormatError(file, `file name '${filename}' repeats row ${first}`, { row, column: 'filename' });
    seen.set(filename, row);
    const label = fields[col('label')];
    if (!label) throw new DataFormatError(file, 'empty label', { row, column: 'label' });
    if (allowed && !allowed.has(label)) {
      throw new DataFormatError(file, `unknown label '${label}' (expected one of ${[...allowed].join(', ')})`, { row, column: 'label' });
    }
    const features = new Float32Array(featureCols.length);
    featureCols.forEach((c, j) => (features[j] = number(c)));
    table.filenames.push(filename);
    table.lengths.push(number(col('length')));
    table.features.push(features);
    table.labels.push(label);
    table.groups.push(songIdOf(filename));
  }
  if (table.filenames.length === 0) throw new DataFormatError(file, 'no data rows');
  return table;
}

/** Reads a feature table CSV. Throws DataFormatError naming file, row and column at fault. */
export async function readFeatureTable(path: string, options: ReadFeatureTableOptions = {}): Promise<FeatureTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DataFormatError(path, `cannot read: ${(err as Error).message}`);
  }
  return parseFeatureTable(text, path, options);
}

/** One row to write: `features` in `featureTableColumns` order (57 numbers). */
export interface FeatureTableRow {
  filename: string;
  length: number;
  features: ArrayLike<number>;
  label: string;
}

export interface WriteFeatureTableOptions {
  /** Line ending. Default '\r\n' (as the published GTZAN tables). */
  lineEnding: '\r\n' | '\n';
}

export const writeFeatureTableDefaults: Readonly<WriteFeatureTableOptions> = Object.freeze({ lineEnding: '\r\n' });

/** CSV text of a feature table; numbers are written with full (round-trip) precision. */
export function formatFeatureTable(rows: FeatureTableRow[], options: Partial<WriteFeatureTableOptions> = {}): string {
  const { lineEnding } = { ...writeFeatureTableDefaults, ...options };
  const out = [['filename', 'length', ...featureTableColumns, 'label'].join(',')];
  for (const r of rows) {
    if (r.features.length !== featureTableColumns.length) {
      throw new DataFormatError(r.filename, `${r.features.length} features, a table row needs ${featureTableColumns.length}`);
    }
    // Commas and quotes are quoted (src/csv.ts); the reader takes a row per line, so no line breaks.
    if (/[\r\n]/.test(r.filename + r.label)) throw new DataFormatError(r.filename, 'file name or label contains a line break');
    out.push(csvRow([r.filename, String(r.length), ...Array.from(r.features, (v) => String(v)), r.label]));
  }
  return out.join(lineEnding) + lineEnding;
}

/** Writes a feature table atomically (temp file + rename). */
export function writeFeatureTable(path: string, rows: FeatureTableRow[], options: Partial<WriteFeatureTableOptions> = {}): void {
  writeFileAtomic(path, formatFeatureTable(rows, options));
}
