/**
 * Turns what a user names on the command line (files, folders, quoted globs) into a list of audio
 * files, in a stable order. Folders are walked without recursion (a stack of folders, each read
 * as a stream and sorted), so a tree of any depth or size is fine. Globs go through tinyglobby
 * (`*`, `?`, `**`, braces `{a,b}`, classes `[0-9]`). A name that matches nothing is kept as it is,
 * so that classifying it gives that file its own error row, as does every file a glob matches.
 * Folders give their files with an audio extension, those genrekit cannot decode (`.m4a`,
 * `.aac`...) included, so each gets an error row saying so instead of being skipped without a
 * word.
 */
import { existsSync, statSync } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/** File extensions (lower case) genrekit decodes, taken from folders and globs. */
export const AUDIO_EXTENSIONS: readonly string[] = ['.wav', '.wave', '.au', '.snd', '.flac', '.mp3', '.ogg', '.oga', '.opus'];

/** Audio extensions genrekit does not decode: taken from folders and globs so that each is reported. */
export const UNSUPPORTED_AUDIO_EXTENSIONS: readonly string[] = ['.m4a', '.mp4', '.aac', '.wma', '.aif', '.aiff', '.webm', '.ape', '.alac', '.mka'];

/** Whether `path` has an audio extension, decodable or not. */
export function isAudioPath(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return AUDIO_EXTENSIONS.includes(ext) || UNSUPPORTED_AUDIO_EXTENSIONS.includes(ext);
}

/** Every audio file named by `inputs` (files as given, folders walked, globs expanded), without repeats. */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const f of iterateInputs(inputs)) out.push(f);
  return out;
}

/**
 * The files of `expandInputs`, one at a time as the walk finds them (a folder of a million files
 * is never a list). With several inputs, repeats are dropped by path (a set of the paths seen so
 * far); one input has none (a walk finds each path once), so nothing grows with the library.
 */
export async function* iterateInputs(inputs: readonly string[]): AsyncGenerator<string> {
  const seen = new Set<string>();
  const fresh = inputs.length === 1 ? () => true : (p: string) => !seen.has(p) && (seen.add(p), true);
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) {
      let found = false;
      // A sub-folder the walk could not read comes back as itself: its error row says why.
      for await (const f of walkFiles(input)) {
        if (!isAudioPath(f) && !isFolder(f)) continue;
        found = true;
        if (fresh(f)) yield f;
      }
      if (!found && fresh(input)) yield input; // a named folder with no audio: its own error row
    } else if (!existsSync(input) && isDynamicPattern(input)) {
      // Matches in the form the pattern was given: absolute for an absolute pattern, else relative to the working folder.
      const matches = (await glob(input, { onlyFiles: true, expandDirectories: false, followSymbolicLinks: true, absolute: isAbsolute(input) })).sort();
      if (matches.length === 0 && fresh(input)) yield input;
      for (const f of matches) if (fresh(f)) yield f;
    } else if (fresh(input)) {
      yield input;
    }
  }
}

/**
 * The files under `root` in sorted depth-first order (a folder's entries by name, a sub-folder's
 * files where its name falls), one at a time: a stack of folders instead of recursion, each
 * folder's entries read as a stream and sorted. Symbolic links to files are followed; links to
 * folders are not (no loops); a dangling link or a link loop is given as a file (its reader says
 * what is wrong). A folder that cannot be read is given as itself (its reader says why), and the
 * walk goes on.
 */
export async function* walkFiles(root: string): AsyncGenerator<string> {
  const stack: Array<{ entries: Array<{ path: string; dir: boolean }>; next: number }> = [{ entries: (await listFolder(root)) ?? [{ path: root, dir: false }], next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next >= top.entries.length) {
      stack.pop();
      continue;
    }
    const e = top.entries[top.next++];
    const entries = e.dir ? await listFolder(e.path) : undefined;
    if (entries) stack.push({ entries, next: 0 });
    else yield e.path;
  }
}

/** The files and folders in `dir`, sorted by name; undefined when it cannot be read. */
async function listFolder(dir: string): Promise<Array<{ path: string; dir: boolean }> | undefined> {
  const out: Array<{ path: string; dir: boolean }> = [];
  try {
    for await (const e of await opendir(dir)) {
      const path = join(dir, e.name);
      if (e.isDirectory()) out.push({ path, dir: true });
      // A link to a folder is not followed (no loops). Everything else is kept, so that each entry
      // gets its row: a link to a file is read through; a dangling link, a link loop, a FIFO or a
      // socket named like audio gets its error row.
      else if (!(e.isSymbolicLink() && isFolder(path))) out.push({ path, dir: false });
    }
  } catch {
    return undefined;
  }
  return out.sort((a, b) => byName(a.path, b.path));
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
