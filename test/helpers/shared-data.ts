/**
 * Locates `../shared/data` (development data that is never shipped). Tests that need it call
 * `sharedData(t)`: it skips the test with a reason when the folder is absent, and fails when
 * `CI=true`, where the data must be present.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project root (the folder holding package.json), from dist/test/helpers or test/helpers. */
export const projectRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();

/** Absolute path of the shared data folder, whether or not it exists. */
export const sharedDataDir = process.env.GENREKIT_SHARED_DATA ?? resolve(projectRoot, '..', 'shared', 'data');

/** Path inside the shared data folder, or `undefined` after skipping the test when it is missing. */
export function sharedData(t: { skip: (msg?: string) => void }, ...parts: string[]): string | undefined {
  const p = join(sharedDataDir, ...parts);
  if (existsSync(p)) return p;
  if (process.env.CI === 'true') throw new Error(`shared data missing in CI: ${p}`);
  t.skip(`shared data not found: ${p}`);
  return undefined;
}
