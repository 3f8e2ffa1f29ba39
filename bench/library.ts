/**
 * Bench section `library`: `genrekit classify --jsonl` over a generated tree of empty `.wav` files
 * (`GENREKIT_BENCH_LIBRARY_FILES`, default 1,000,000, in folders of 1,000), each an error line as
 * it is not audio: the walk streams, so memory stays flat. Printed: files/s and the peak RSS of
 * the classifying process (from /proc, sampled), beside the same run on a tenth of the files.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rssMb } from './rss.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url))); // from dist/bench/
const bin = join(root, 'dist', 'src', 'cli', 'main.js');

async function classifyTree(tree: string, files: number, out: string): Promise<void> {
  const t = performance.now();
  const child = spawn(process.execPath, [bin, 'classify', tree, '--jsonl', out, '--quiet'], { stdio: 'ignore' });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 200);
  const code = await new Promise<number | null>((ok) => child.on('exit', ok));
  clearInterval(sampler);
  const seconds = (performance.now() - t) / 1000;
  const lines = readFileSync(out, 'utf8').split('\n').length - 1;
  console.log(`${files} empty files: ${lines} lines in ${seconds.toFixed(0)} s (${(files / seconds).toFixed(0)} files/s), exit ${code}, peak RSS ${peak.toFixed(0)} MB, ${(statSync(out).size / 1e6).toFixed(0)} MB of JSON Lines`);
}

export async function run(): Promise<void> {
  const total = Number(process.env.GENREKIT_BENCH_LIBRARY_FILES ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'genrekit-library-'));
  try {
    for (const n of [Math.round(total / 10), total]) {
      const tree = join(dir, `tree${n}`);
      for (let i = 0; i < n; i++) {
        if (i % 1000 === 0) mkdirSync(join(tree, `f${Math.floor(i / 1000)}`), { recursive: true });
        writeFileSync(join(tree, `f${Math.floor(i / 1000)}`, `${i}.wav`), '');
      }
      await classifyTree(tree, n, join(dir, `out${n}.jsonl`));
      rmSync(tree, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
