/**
 * Bench section `entry`: what a user pays to start, and what each WebAssembly kernel buys.
 * - Cold `import('genrekit')` in fresh processes (goal: under 150 ms, no TF.js module loaded),
 *   beside the cost of the whole library with its TF.js runtime (`genrekit` + `genrekit/neural`,
 *   what the single entry loaded before the lean entry), alternating processes, medians.
 * - One `classify` of a 30 s clip with the bundled model in a fresh process, start to verdict.
 * - The installed size: `du` of `npm install` of the packed tarball into an empty folder (goal:
 *   under 60 MB), with the largest packages. Skipped with `GENREKIT_BENCH_NO_INSTALL=1`.
 * - The kernel table: `genrekit classify` of the 50 dev clips with `--jobs 1` and `--jobs 2` in
 *   fresh processes, with every kernel, with each kernel switched off (`GENREKIT_KERNELS_OFF`),
 *   and with all off; alternating rounds, medians; a kernel's worth is the time it saves.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNEL_NAMES } from '../src/dsp/wasm.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url))); // from dist/bench/
const sharedDir = process.env.GENREKIT_SHARED_DATA ?? resolve(root, '..', 'shared', 'data');
const bin = join(root, 'dist', 'src', 'cli', 'main.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds a fresh Node process reports for `script` (an ES module body printing one number). */
function childMs(script: string, env: NodeJS.ProcessEnv = process.env): number {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim().split('\n').pop());
}

function importTimes(rounds: number): void {
  const lean = `const t = performance.now(); await import('genrekit'); if (globalThis._tfengine) throw new Error('TF.js loaded'); console.log(performance.now() - t);`;
  const full = `const t = performance.now(); await import('genrekit'); await import('genrekit/neural'); console.log(performance.now() - t);`;
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(childMs(lean));
    b.push(childMs(full));
  }
  console.log(`cold import('genrekit'): median ${median(a).toFixed(0)} ms (${Math.min(...a).toFixed(0)}-${Math.max(...a).toFixed(0)}), no TF.js module loaded (goal: under 150 ms)`);
  console.log(`cold import of everything with the TF.js runtime (genrekit + genrekit/neural, as the one entry loaded before): median ${median(b).toFixed(0)} ms; ratio ${(median(b) / median(a)).toFixed(1)}x`);
}

function classifyCold(clip: string, rounds: number): void {
  const script = `const t = performance.now(); const g = await import('genrekit'); const r = await g.classify(${JSON.stringify(clip)}); if (globalThis._tfengine) throw new Error('TF.js loaded'); console.log(performance.now() - t);`;
  const inProcess: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    inProcess.push(childMs(script));
    wall.push(performance.now() - t);
  }
  console.log(`fresh process, import + classify one 30 s clip with the bundled model: median ${median(inProcess).toFixed(0)} ms inside the process, ${median(wall).toFixed(0)} ms with Node's own start`);
}

function du(path: string): number {
  return Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]) * 1024;
}

function installSize(): void {
  if (process.env.GENREKIT_BENCH_NO_INSTALL) {
    console.log('installed size: skipped (GENREKIT_BENCH_NO_INSTALL)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'genrekit-install-'));
  try {
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!;
    const tarball = join(dir, packed);
    const app = join(dir, 'app');
    execFileSync('npm', ['init', '-y'], { cwd: dir, stdio: 'ignore' });
    execFileSync('mkdir', ['-p', app]);
    execFileSync('npm', ['init', '-y'], { cwd: app, stdio: 'ignore' });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: app, stdio: 'ignore' });
    const nm = join(app, 'node_modules');
    const total = du(nm);
    const packages: Array<[string, number]> = [];
    for (const name of readdirSync(nm)) {
      if (name.startsWith('.')) continue;
      const p = join(nm, name);
      if (name.startsWith('@')) for (const sub of readdirSync(p)) packages.push([`${name}/${sub}`, du(join(p, sub))]);
      else packages.push([name, du(p)]);
    }
    packages.sort((x, y) => y[1] - x[1]);
    const mb = (b: number) => (b / 1048576).toFixed(1);
    console.log(`installed size of the packed tarball (${(statSync(tarball).size / 1048576).toFixed(1)} MB packed): ${mb(total)} MB in node_modules, ${packages.length} packages (goal: under 60 MB)`);
    console.log(`  largest: ${packages.slice(0, 8).map(([n, b]) => `${n} ${mb(b)} MB`).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function kernelTable(folder: string, rounds: number): void {
  const configs: Array<{ name: string; off: string }> = [{ name: 'all kernels', off: '' }, ...KERNEL_NAMES.map((k) => ({ name: `without ${k}`, off: k })), { name: 'no kernel', off: 'all' }];
  const times = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const c of configs) {
      for (const jobs of [1, 2]) {
        const t = performance.now();
        const run = spawnSync(process.execPath, [bin, 'classify', folder, '--json', '--jobs', String(jobs)], { encoding: 'utf8', env: { ...process.env, GENREKIT_KERNELS_OFF: c.off } });
        if (run.status !== 0) throw new Error(run.stderr);
        const key = `${c.name}|${jobs}`;
        times.set(key, [...(times.get(key) ?? []), (performance.now() - t) / 1000]);
      }
    }
  }
  const files = readdirSync(folder, { recursive: true }).filter((f) => String(f).endsWith('.wav')).length;
  const base1 = median(times.get('all kernels|1')!);
  const base2 = median(times.get('all kernels|2')!);
  console.log(`kernel table: genrekit classify of ${files} clips, fresh processes, median of ${rounds} alternating rounds (s; + is what switching the kernel off costs)`);
  console.log('  configuration        --jobs 1          --jobs 2          jobs-2 speed-up');
  for (const c of configs) {
    const a = median(times.get(`${c.name}|1`)!);
    const b = median(times.get(`${c.name}|2`)!);
    const pct = (x: number, base: number) => `${x >= base ? '+' : ''}${((100 * (x - base)) / base).toFixed(1)} %`;
    console.log(`  ${c.name.padEnd(20)} ${a.toFixed(2).padStart(5)} ${pct(a, base1).padStart(9)}   ${b.toFixed(2).padStart(5)} ${pct(b, base2).padStart(9)}   ${(a / b).toFixed(2)}x`);
  }
}

export async function run(): Promise<void> {
  const rounds = Number(process.env.GENREKIT_BENCH_ROUNDS ?? 5);
  importTimes(Math.max(rounds, 5));
  const devDir = join(sharedDir, 'gtzan', 'dev-audio');
  const clip = join(devDir, 'blues', 'blues.00000.wav');
  if (existsSync(clip)) classifyCold(clip, rounds);
  else console.log(`fresh-process classify: skipped, shared data not found (${devDir})`);
  installSize();
  if (existsSync(devDir)) kernelTable(devDir, Math.max(2, Math.min(rounds, 3)));
  else console.log('kernel table: skipped, shared data not found');
}
