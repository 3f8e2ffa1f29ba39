/**
 * Child process of the fuzz run: `node fuzz-child.js <list.json>` loads each file of the list with
 * `loadAudio` (22050 Hz mono, as classify does) and writes one JSON line per step to stdout,
 * synchronously, so that the parent knows which file a hang or a kill happened on:
 * `{ i, start: true }` before a file, then `{ i, decoded: true, truncated, frames }` or
 * `{ i, decoded: false, typed, code, message }`.
 */
import { readFileSync, writeSync } from 'node:fs';
import { loadAudio } from '../../src/audio/load.js';
import { GenreKitError } from '../../src/errors.js';

const files = JSON.parse(readFileSync(process.argv[2], 'utf8')) as string[];
const from = Number(process.argv[3] ?? 0);
const say = (o: object) => writeSync(1, JSON.stringify(o) + '\n');
for (let i = from; i < files.length; i++) {
  say({ i, start: true });
  try {
    const a = await loadAudio(files[i]);
    say({ i, decoded: true, truncated: a.truncated, frames: a.samples.length });
  } catch (err) {
    say({ i, decoded: false, typed: err instanceof GenreKitError, code: (err as { code?: string }).code, message: err instanceof Error ? err.message : String(err) });
  }
}
