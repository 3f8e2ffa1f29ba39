/**
 * The feature store: features of each audio file computed once and kept on disk.
 *
 * Layout (a folder):
 *
 *     <store>/store.json                    format marker {"format":"genrekit-feature-store","version":1}
 *     <store>/entries/<k0k1>/<key>.gkf      one entry per (file content, recipe, params, version, pieces)
 *
 * Why this layout rather than an embedded database: one immutable, content-addressed file per entry
 * is crash-safe with nothing but the file system. An entry is written to a temporary file in the
 * same folder, flushed (fsync) and renamed to its final name; a rename is atomic, so a reader sees
 * a complete entry or none, whatever moment the writer is killed. The name is the key
 * (SHA-256 of the file's content hash, recipe id, canonical recipe parameters, package version and
 * piece settings), so a file has exactly one entry per recipe setting, two writers of one key write
 * the same bytes, re-running finds finished work by name, and no index can go stale. Each entry also
 * carries a SHA-256 of its data, checked on every read, so a damaged entry (disk fault, manual
 * copy) is treated as missing and recomputed, never used. Worker threads write entries in parallel
 * without a lock. Leftover temporary files of killed runs (`.tmp-*`) are never read and are removed
 * by {@link FeatureStore.cleanTemp} once their writer process is gone. An embedded store (SQLite,
 * LMDB) would need a native binary, which the project avoids.
 *
 * Entry file (`.gkf`): 8-byte magic `GKFEAT01`, uint32 LE header length, UTF-8 JSON
 * {@link EntryHeader}, zero padding to a multiple of 4 bytes, then float32 LE data: the pieces'
 * feature matrices one after the other, each row-major in its `shape`.
 */
import type { TailRule } from '../audio/segment.js';
import { sha256Hex } from '../platform/hash.js';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../errors.js';
import type { FeatureMatrix } from '../features/recipe.js';
import { packageVersion } from '../version.js';
import { tempPrefix, writeFileAtomic } from './atomic-write.js';

/** Piece settings of an extraction; null means one entry segment for the whole file. */
/**
 * How files were cut: null for whole files, else pieces of `seconds` overlapping by `overlap`
 * seconds with the segmenter's `tail` rule (src/audio/segment.ts). Part of the entry key.
 */
export type PieceSetting = { seconds: number; overlap: number; tail: TailRule } | null;

/** What an entry's features were computed with; hashed into its key. */
export interface EntrySpec {
  /** SHA-256 (hex) of the audio file's bytes. */
  sourceSha256: string;
  recipe: { id: string; params: Record<string, unknown> };
  pieces: PieceSetting;
}

/** One piece's features inside an entry. Offsets count float32 values from the start of the data. */
export interface EntrySegment {
  /** Piece index (0 for a whole file). */
  index: number;
  /** Sample range at the recipe's sample rate, end exclusive. */
  start: number;
  end: number;
  offset: number;
  shape: number[];
}

/** The JSON header of an entry file. */
export interface EntryHeader extends EntrySpec {
  format: 'genrekit-feature-entry';
  version: 1;
  key: string;
  packageVersion: string;
  /** Sample rate (Hz) the recipe ran at, and the decoded length in samples at that rate. */
  sampleRate: number;
  nSamples: number;
  segments: EntrySegment[];
  /** Names of the last axis (e.g. the GTZAN statistics) when the recipe gives them. */
  names?: string[];
  /** Present when the source file was cut short: how (the features are of the audio present). */
  truncatedBecause?: string;
  /** SHA-256 (hex) of the float32 data bytes. */
  dataSha256: string;
  /** SHA-256 (hex) of the rest of this header as canonical JSON: an edited header (names, segments, rate) is a damaged entry. */
  headerSha256: string;
}

/** An entry as read back: header and all pieces' values. */
export interface StoreEntry {
  header: EntryHeader;
  data: Float32Array;
}

const magic = Buffer.from('GKFEAT01', 'ascii');
const storeMarker = { format: 'genrekit-feature-store', version: 1 } as const;

/** JSON with object keys sorted at every level, so equal parameters always hash equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of bytes. */
export const sha256 = sha256Hex;

/** The store key of an entry spec (hex SHA-256), which includes the package version. */
export function entryKey(spec: EntrySpec, version = packageVersion): string {
  return sha256(Buffer.from(canonicalJson({ store: 1, version, ...spec }), 'utf8'));
}

/** SHA-256 of a header without its own checksum, as canonical JSON. */
function headerChecksum(header: Omit<EntryHeader, 'headerSha256'>): string {
  const { headerSha256: _own, ...rest } = header as EntryHeader;
  return sha256(Buffer.from(canonicalJson(rest), 'utf8'));
}

/** Encodes an entry file (header + float32 data). The header's `dataSha256` and `headerSha256` are filled in here. */
export function encodeEntry(header: Omit<EntryHeader, 'dataSha256' | 'headerSha256'>, data: Float32Array): Buffer {
  const dataBytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const withData = { ...header, dataSha256: sha256(dataBytes) };
  const full: EntryHeader = { ...withData, headerSha256: headerChecksum(withData) };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const headEnd = magic.length + 4 + json.length;
  const pad = (4 - (headEnd % 4)) % 4;
  const out = Buffer.alloc(headEnd + pad + dataBytes.length);
  magic.copy(out, 0);
  out.writeUInt32LE(json.length, magic.length);
  json.copy(out, magic.length + 4);
  dataBytes.copy(out, headEnd + pad);
  return out;
}

/** Decodes and verifies an entry file; throws DataFormatError naming `file` when anything is off. */
export function decodeEntry(bytes: Buffer, file: string): StoreEntry {
  if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) throw new DataFormatError(file, 'not a feature entry (bad magic)');
  const len = bytes.readUInt32LE(magic.length);
  const headEnd = magic.length + 4 + len;
  if (headEnd > bytes.length) throw new DataFormatError(file, 'truncated header');
  let header: EntryHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', magic.length + 4, headEnd)) as EntryHeader;
  } catch {
    throw new DataFormatError(file, 'unreadable header JSON');
  }
  if (header.format !== 'genrekit-feature-entry' || header.version !== 1) throw new DataFormatError(file, 'unknown entry format');
  if (typeof header.headerSha256 !== 'string' || headerChecksum(header) !== header.headerSha256) throw new DataFormatError(file, 'header checksum mismatch (edited, or written by a genrekit without header checksums)');
  const start = headEnd + ((4 - (headEnd % 4)) % 4);
  const expected = header.segments.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  if (bytes.length - start !== expected * 4) throw new DataFormatError(file, `data holds ${(bytes.length - start) / 4} values, header says ${expected}`);
  const dataBytes = bytes.subarray(start);
  if (sha256(dataBytes) !== header.dataSha256) throw new DataFormatError(file, 'data checksum mismatch');
  // Copy into a fresh, aligned buffer (the file buffer may come from Node's shared pool).
  const data = new Float32Array(expected);
  new Uint8Array(data.buffer).set(dataBytes);
  return { header, data };
}

/** The feature matrix of segment `i` of an entry (a view into `entry.data`). */
export function entrySegment(entry: StoreEntry, i: number): FeatureMatrix {
  const s = entry.header.segments[i];
  const n = s.shape.reduce((a, b) => a * b, 1);
  return { data: entry.data.subarray(s.offset, s.offset + n), shape: s.shape, names: entry.header.names };
}

/** A feature store folder (created when missing). See the module comment for the layout. */
export class FeatureStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    const markerPath = join(dir, 'store.json');
    const st = statSync(markerPath, { throwIfNoEntry: false });
    if (st) {
      let marker: { format?: string; version?: number } = {};
      try {
        marker = JSON.parse(readFileSync(markerPath, 'utf8')) as typeof marker;
      } catch {
        throw new DataFormatError(markerPath, 'unreadable store marker');
      }
      if (marker.format !== storeMarker.format || marker.version !== storeMarker.version) throw new DataFormatError(markerPath, 'not a genrekit feature store (version 1)');
    } else {
      // Another process may be creating the same store right now: its files are no reason to refuse.
      const ours = (n: string) => n === 'entries' || n === 'store.json' || n.startsWith(tempPrefix);
      if (statSync(dir, { throwIfNoEntry: false }) && !readdirSync(dir).every(ours)) {
        throw new DataFormatError(dir, 'folder is not empty and is not a feature store');
      }
      mkdirSync(join(dir, 'entries'), { recursive: true });
      writeFileAtomic(markerPath, `${JSON.stringify(storeMarker)}\n`);
    }
  }

  /** Path of the entry file of `key`. */
  entryPath(key: string): string {
    return join(this.dir, 'entries', key.slice(0, 2), `${key}.gkf`);
  }

  /** Whether a complete entry file exists for `key` (not verified: use {@link read}). */
  has(key: string): boolean {
    return statSync(this.entryPath(key), { throwIfNoEntry: false })?.isFile() === true;
  }

  /**
   * Reads and verifies the entry of `key`. Returns undefined when there is none; throws
   * DataFormatError when the file is damaged or belongs to another key.
   */
  read(key: string): StoreEntry | undefined {
    const path = this.entryPath(key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const entry = decodeEntry(bytes, path);
    if (entry.header.key !== key) throw new DataFormatError(path, `entry holds key ${entry.header.key}`);
    return entry;
  }

  /**
   * Reads only the JSON header of the entry of `key` (no data, not verified: use {@link read} for
   * the values). Undefined when there is none; DataFormatError when the header is damaged.
   */
  readHeader(key: string): EntryHeader | undefined {
    const path = this.entryPath(key);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const head = Buffer.alloc(magic.length + 4);
      if (readSync(fd, head, 0, head.length, 0) !== head.length || !head.subarray(0, magic.length).equals(magic)) throw new DataFormatError(path, 'not a feature entry (bad magic)');
      const json = Buffer.alloc(head.readUInt32LE(magic.length));
      if (readSync(fd, json, 0, json.length, head.length) !== json.length) throw new DataFormatError(path, 'truncated header');
      let header: EntryHeader;
      try {
        header = JSON.parse(json.toString('utf8')) as EntryHeader;
      } catch {
        throw new DataFormatError(path, 'unreadable header JSON');
      }
      if (header.key !== key) throw new DataFormatError(path, `entry holds key ${String(header.key)}`);
      return header;
    } finally {
      closeSync(fd);
    }
  }

  /** Writes an entry atomically under its key (temp file + fsync + rename). */
  write(header: Omit<EntryHeader, 'dataSha256' | 'headerSha256'>, data: Float32Array): void {
    const path = this.entryPath(header.key);
    mkdirSync(join(this.dir, 'entries', header.key.slice(0, 2)), { recursive: true });
    writeFileAtomic(path, encodeEntry(header, data));
  }

  /** Keys of every entry file present (complete by construction; not verified). */
  keys(): string[] {
    const root = join(this.dir, 'entries');
    const out: string[] = [];
    for (const sub of readdirSync(root)) {
      const dir = join(root, sub);
      if (!statSync(dir).isDirectory()) continue;
      for (const name of readdirSync(dir)) if (name.endsWith('.gkf') && !name.startsWith(tempPrefix)) out.push(name.slice(0, -4));
    }
    return out.sort();
  }

  /** Removes temporary files left by writers that no longer run; returns how many were removed. */
  cleanTemp(): number {
    const root = join(this.dir, 'entries');
    let removed = 0;
    for (const sub of readdirSync(root)) {
      const dir = join(root, sub);
      if (!statSync(dir).isDirectory()) continue;
      for (const name of readdirSync(dir)) {
        if (!name.startsWith(tempPrefix)) continue;
        const pid = Number(/\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name)?.[1]);
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) continue;
        if (pid === process.pid) continue;
        rmSync(join(dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
