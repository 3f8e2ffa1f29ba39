/**
 * Dataset readers. Each turns a folder or manifest into a list of audio files with their label,
 * id and group (song id), plus the files it skipped and why. A non-audio or misplaced file never
 * stops the listing; callers decide (e.g. `extract --strict`) whether skipped files are fatal.
 *
 * - GTZAN: `genres/<genre>/<genre>.NNNNN.{au,wav}` or `genres_original/...` (the folder given, or
 *   one holding `genres/` or `genres_original/`); ids are `<genre>.NNNNN`.
 * - Folder per label: any tree whose audio files sit in a folder named for their label; ids are the
 *   path relative to the root, without extension (`rock/live/song1`).
 * - Manifest CSV: a header with `path` and `label` (optional `id`, `group`); paths relative to the
 *   CSV's folder.
 */
import { csvFields } from '../csv.js';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DataFormatError } from '../errors.js';
import { parseGtzanName } from './gtzan-names.js';

/** One audio file of a dataset. */
export interface DatasetItem {
  /** Absolute path of the audio file. */
  path: string;
  label: string;
  /** Unique id within the dataset (GTZAN: `blues.00012`). */
  id: string;
  /** Song id: files (and their pieces) of one group never straddle split sets. */
  group: string;
}

/** A file a reader did not take, with the reason. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** The layouts a reader understands. */
export type DatasetKind = 'gtzan' | 'folders' | 'manifest';

/** A dataset listing: items sorted by id, and what was skipped. */
export interface Dataset {
  kind: DatasetKind;
  /** The folder or manifest the listing came from (absolute). */
  root: string;
  items: DatasetItem[];
  skipped: SkippedFile[];
}

/** File extensions taken as audio (lower case, with the dot). */
export const audioExtensions: readonly string[] = ['.wav', '.au', '.snd', '.flac', '.mp3', '.ogg', '.oga'];

function isAudioName(name: string): boolean {
  return audioExtensions.includes(extname(name).toLowerCase());
}

/**
 * Every regular file under `root` (recursive, sorted), hidden folders skipped, symbolic links
 * followed (a folder reached again through a link is walked once, so a link to a parent cannot
 * loop). A link loop, a dangling link, a FIFO, socket or device, or a folder that cannot be read
 * goes to `problems` with the reason, and the walk goes on.
 */
function listFiles(root: string, problems: SkippedFile[]): string[] {
  const out: string[] = [];
  const walked = new Set<string>();
  const why = (err: unknown) => (err as NodeJS.ErrnoException).code ?? String(err);
  const walk = (dir: string): void => {
    let names: string[];
    try {
      const real = realpathSync(dir);
      if (walked.has(real)) return;
      walked.add(real);
      names = readdirSync(dir).sort();
    } catch (err) {
      problems.push({ path: dir, reason: `folder cannot be read (${why(err)})` });
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch (err) {
        const code = why(err);
        problems.push({ path: p, reason: code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' ? 'dangling symbolic link (its target does not exist)' : `cannot be read (${code})` });
        continue;
      }
      if (st.isDirectory()) {
        if (!name.startsWith('.')) walk(p);
      } else if (st.isFile()) out.push(p);
      else problems.push({ path: p, reason: 'not a regular file (a FIFO, socket or device)' });
    }
  };
  walk(root);
  return out;
}

function requireFolder(root: string): string {
  const abs = resolve(root);
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st) throw new DataFormatError(abs, 'dataset folder not found');
  if (!st.isDirectory()) throw new DataFormatError(abs, 'not a folder');
  return abs;
}

function byId(a: DatasetItem, b: DatasetItem): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The GTZAN genres folder under `root`: `root/genres_original`, `root/genres`, or `root` itself. */
function gtzanGenresFolder(root: string): string {
  for (const sub of ['genres_original', 'genres']) if (existsSync(join(root, sub))) return join(root, sub);
  return root;
}

/**
 * Reads a GTZAN folder. Files not named `<genre>.NNNNN.<audio ext>` inside their genre's folder are
 * skipped with the reason; two files with one id (e.g. `.au` and `.wav`) keep the first in name order.
 */
export function readGtzan(root: string): Dataset {
  const abs = requireFolder(root);
  const folder = gtzanGenresFolder(abs);
  const items: DatasetItem[] = [];
  const skipped: SkippedFile[] = [];
  const ids = new Set<string>();
  for (const path of listFiles(folder, skipped)) {
    const name = basename(path);
    const parent = basename(dirname(path));
    const g = parseGtzanName(name);
    if (!isAudioName(name)) skipped.push({ path, reason: 'not an audio file (extension)' });
    else if (!g || g.piece !== undefined) skipped.push({ path, reason: 'name is not <genre>.NNNNN.<ext>' });
    else if (g.genre !== parent) skipped.push({ path, reason: `genre '${g.genre}' is not its folder '${parent}'` });
    else if (ids.has(g.id)) skipped.push({ path, reason: `duplicate of clip ${g.id}` });
    else {
      ids.add(g.id);
      items.push({ path, label: g.genre, id: g.id, group: g.songId });
    }
  }
  return { kind: 'gtzan', root: abs, items: items.sort(byId), skipped };
}

/** Reads any folder-per-label tree: the label of an audio file is the name of the folder holding it. */
export function readFolderTree(root: string): Dataset {
  const abs = requireFolder(root);
  const items: DatasetItem[] = [];
  const skipped: SkippedFile[] = [];
  for (const path of listFiles(abs, skipped)) {
    const name = basename(path);
    if (!isAudioName(name)) {
      skipped.push({ path, reason: 'not an audio file (extension)' });
      continue;
    }
    if (dirname(path) === abs) {
      skipped.push({ path, reason: 'audio file outside a label folder' });
      continue;
    }
    const rel = relative(abs, path).split(sep).join('/');
    const id = rel.slice(0, rel.length - extname(rel).length);
    items.push({ path, label: basename(dirname(path)), id, group: id });
  }
  return { kind: 'folders', root: abs, items: items.sort(byId), skipped };
}

/**
 * Reads a manifest CSV with a header naming `path` and `label` (and optionally `id`, `group`).
 * Missing ids default to the path without extension; missing groups to the id. Rows whose file is
 * missing or not audio are skipped; a row without path or label is a DataFormatError (row, column).
 */
export function readManifest(csvPath: string): Dataset {
  const abs = resolve(csvPath);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new DataFormatError(abs, `cannot read manifest: ${(err as Error).message}`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  for (const need of ['path', 'label']) if (col(need) < 0) throw new DataFormatError(abs, `header has no '${need}' column`, { row: 1 });
  const base = dirname(abs);
  const items: DatasetItem[] = [];
  const skipped: SkippedFile[] = [];
  const ids = new Set<string>();
  for (let r = 1; r < lines.length; r++) {
    if (lines[r].trim() === '') continue;
    const f = csvFields(lines[r]);
    const get = (name: string) => (col(name) >= 0 ? (f[col(name)] ?? '').trim() : '');
    const rawPath = get('path');
    const label = get('label');
    if (!rawPath) throw new DataFormatError(abs, 'empty path', { row: r + 1, column: 'path' });
    if (!label) throw new DataFormatError(abs, 'empty label', { row: r + 1, column: 'label' });
    const path = isAbsolute(rawPath) ? rawPath : resolve(base, rawPath);
    const id = get('id') || rawPath.replace(/\\/g, '/').replace(/\.[^./]+$/, '');
    if (ids.has(id)) throw new DataFormatError(abs, `duplicate id '${id}'`, { row: r + 1, column: col('id') >= 0 ? 'id' : 'path' });
    if (!isAudioName(path)) skipped.push({ path, reason: 'not an audio file (extension)' });
    else if (!statSync(path, { throwIfNoEntry: false })?.isFile()) skipped.push({ path, reason: 'file not found' });
    else {
      ids.add(id);
      items.push({ path, label, id, group: get('group') || id });
    }
  }
  return { kind: 'manifest', root: abs, items: items.sort(byId), skipped };
}

/**
 * Opens a dataset of any layout: a `.csv` file is a manifest; a folder holding `genres/` or
 * `genres_original/`, or whose audio files are all GTZAN-named in their genre folder, is GTZAN;
 * any other folder is read as folder-per-label.
 */
export function openDataset(path: string): Dataset {
  const abs = resolve(path);
  if (statSync(abs, { throwIfNoEntry: false })?.isFile()) {
    if (extname(abs).toLowerCase() === '.csv') return readManifest(abs);
    throw new DataFormatError(abs, 'a dataset is a folder or a manifest .csv');
  }
  if (gtzanGenresFolder(requireFolder(abs)) !== abs) return readGtzan(abs);
  const tree = readFolderTree(abs);
  const gtzanNamed = tree.items.length > 0 && tree.items.every((it) => parseGtzanName(it.path)?.genre === it.label);
  return gtzanNamed ? readGtzan(abs) : tree;
}
