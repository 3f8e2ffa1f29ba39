// `npm run experiments -- [--smoke] [--split random|song|fault-filtered] [--data <GTZAN folder>] [id ...]`:
// runs every config in experiments/ (or the ids named) with `genrekit experiment` into runs/<id>
// (runs/<id>-smoke), one after another, then writes docs/RESULTS.md from every report under runs/.
// A config that fails is reported and the others go on; a rerun resumes where each stopped.
// Audio configs need --data (the GTZAN folder) unless --smoke; table configs run in full here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(new URL('..', import.meta.url).pathname);
const { values: v, positionals } = parseArgs({ allowPositionals: true, options: { smoke: { type: 'boolean', default: false }, split: { type: 'string' }, data: { type: 'string' }, results: { type: 'string', default: join(root, 'docs', 'RESULTS.md') } } });
const configs = readdirSync(join(root, 'experiments')).filter((f) => f.endsWith('.json')).sort();
const chosen = positionals.length ? configs.filter((f) => positionals.includes(f.replace(/\.json$/, ''))) : configs;
const bin = join(root, 'dist', 'src', 'cli', 'main.js');
const failed = [];
for (const file of chosen) {
  const args = [bin, 'experiment', join('experiments', file)];
  if (v.smoke) args.push('--smoke');
  if (v.split) args.push('--split', v.split);
  if (v.data) args.push('--data', v.data);
  const table = JSON.parse((await import('node:fs')).readFileSync(join(root, 'experiments', file), 'utf8')).data.table !== undefined;
  if (!v.smoke && !v.data && !table) {
    console.log(`${file}: skipped (computes features from audio: give --data <GTZAN folder>, or --smoke)`);
    continue;
  }
  console.log(`\n== ${file}${v.smoke ? ' (smoke)' : ''} ==`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  console.log(`${file}: exit ${r.status} after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (r.status !== 0) failed.push(file);
}
spawnSync(process.execPath, [bin, 'experiment', 'results', join(root, 'runs'), '--out', v.results], { cwd: root, stdio: 'inherit' });
if (failed.length) {
  console.log(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
