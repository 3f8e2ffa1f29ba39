import { readFileSync } from 'node:fs';

/** The package version, read from package.json (recorded in every model, store entry and report). */
export const packageVersion: string = (() => {
  const url = new URL('../../package.json', import.meta.url); // dist/src/version.js -> package.json
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
})();
