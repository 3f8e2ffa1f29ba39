/**
 * Turns what a user names on the command line (files, folders, quoted globs) into a list of audio
 * files, in a stable order. Folders are searched recursively for audio extensions; a glob matches
 * `*` and `?` within one path segment and `**` across segments. A name that matches nothing is kept
 * as it is, so that classifying it gives that file its own error row.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

/** File extensions (lower case) taken from folders and globs. */
export const AUDIO_EXTENSIONS: readonly string[] = ['.wav', '.wave', '.au', '.snd', '.flac', '.mp3', '.ogg', '.oga'];

/** Whether `path` has an audio extension. */
export function isAudioPath(path: string): boolean {
  return AUDIO_EXTENSIONS.includes(extname(path).toLowerCase());
}

/** Every audio file named by `inputs` (files as given, folders recursively, globs expanded), without repeats. */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) {
      for (const f of await walk(input)) if (isAudioPath(f)) add(f);
    } else if (/[*?]/.test(input) && !existsSync(input)) {
      const matches = await expandGlob(input);
      if (matches.length === 0) add(input);
      for (const f of matches) add(f);
    } else {
      add(input);
    }
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Files matching `pattern`, sorted; the search starts at the longest folder prefix without wildcards. */
async function expandGlob(pattern: string): Promise<string[]> {
  const parts = pattern.split(/[\\/]/);
  const fixed: string[] = [];
  while (parts.length > 1 && !/[*?]/.test(parts[0])) fixed.push(parts.shift() as string);
  const root = fixed.length ? fixed.join(sep) || sep : '.';
  if (!existsSync(root) || !statSync(root).isDirectory()) return [];
  const re = globRegExp(parts);
  const files = await walk(root);
  const prefix = fixed.length ? root.replace(/[\\/]*$/, sep) : '';
  return files.filter((f) => re.test((fixed.length ? f.slice(prefix.length) : f.replace(/^\.[\\/]/, '')).split(sep).join('/')));
}

function globRegExp(segments: string[]): RegExp {
  const body = segments
    .map((seg, i) =>
      seg === '**'
        ? i === segments.length - 1
          ? '.+/'
          : '(?:[^/]+/)*'
        : seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '/',
    )
    .join('')
    .replace(/\/$/, '');
  return new RegExp(`^${body}$`);
}
