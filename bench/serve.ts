/**
 * Bench section `serve`: `genrekit serve` under load. A server process (`--jobs` = cores, queue
 * 16) takes 8 concurrent clients posting the 50 dev clips (30 s each, round robin) as raw bodies
 * for 30 s (`GENREKIT_BENCH_SERVE_SECONDS`), twice; printed: requests/s, p50/p99 latency, errors
 * (goal 0), the server's RSS after warm-up, at each round's peak and 3 s after it (goal: the second
 * round ends where the first did: no leak),
 * and the throughput as a ratio to `genrekit classify --jobs <cores>` on the same 50 files in
 * the same run (goal >= 0.9: HTTP adds little). Needs ../shared/data; skipped without it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rssMb } from './rss.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url))); // from dist/bench/
const sharedDir = process.env.GENREKIT_SHARED_DATA ?? resolve(root, '..', 'shared', 'data');
const bin = join(root, 'dist', 'src', 'cli', 'main.js');

function devClips(): string[] {
  const dir = join(sharedDir, 'gtzan', 'dev-audio');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((g) => readdirSync(join(dir, g)).map((f) => join(dir, g, f))).sort();
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export async function run(): Promise<void> {
  const files = devClips();
  if (files.length === 0) {
    console.log(`serve: skipped (no dev clips under ${sharedDir})`);
    return;
  }
  const jobs = availableParallelism();
  const seconds = Number(process.env.GENREKIT_BENCH_SERVE_SECONDS ?? 30);

  // Baseline: the CLI on the same files, in the same run.
  const t0 = performance.now();
  const cli = spawnSync(process.execPath, [bin, 'classify', ...files, '--jobs', String(jobs), '--quiet', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (cli.status !== 0) throw new Error(cli.stderr);
  const cliRate = files.length / ((performance.now() - t0) / 1000);

  const server = spawn(process.execPath, [bin, 'serve', '--port', '0', '--jobs', String(jobs), '--queue', '16'], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const url = await new Promise<string>((ok, fail) => {
      let err = '';
      server.stderr!.on('data', (c) => {
        err += c;
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) ok(m[1]);
      });
      server.on('exit', (code) => fail(new Error(`server exited ${code}: ${err}`)));
    });
    const bodies = files.map((f) => readFileSync(f));
    const post = async (i: number) => {
      const res = await fetch(`${url}/api/classify`, { method: 'POST', body: bodies[i % bodies.length], headers: { 'content-type': 'audio/wav' } });
      await res.arrayBuffer();
      return res.status;
    };
    await Promise.all([0, 1, 2, 3].map(post)); // warm: workers loaded, code optimised
    const before = rssMb(server.pid!);
    let next = 0;
    // Two rounds: a leak grows round on round; a heap that settled stays where it is.
    for (const round of [1, 2]) {
      let peak = rssMb(server.pid!);
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 250);
      const latencies: number[] = [];
      let errors = 0;
      const end = performance.now() + seconds * 1000;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (performance.now() < end) {
            const t = performance.now();
            const status = await post(next++).catch(() => 0);
            latencies.push(performance.now() - t);
            if (status !== 200) errors++;
          }
        }),
      );
      const elapsed = (performance.now() - start) / 1000;
      clearInterval(sampler);
      await new Promise((r) => setTimeout(r, 3000));
      const after = rssMb(server.pid!);
      const rate = latencies.length / elapsed;
      console.log(`round ${round}: 8 clients x ${seconds} s, ${jobs} workers: ${latencies.length} requests, ${rate.toFixed(2)} requests/s, p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms, errors ${errors}`);
      console.log(`  server RSS: ${before.toFixed(0)} MB after warm-up, ${peak.toFixed(0)} MB at this round's peak, ${after.toFixed(0)} MB 3 s after it`);
      if (round === 1) console.log(`  genrekit classify --jobs ${jobs} on the same ${files.length} files: ${cliRate.toFixed(2)} files/s; serve / classify = ${(rate / cliRate).toFixed(2)} (goal >= 0.9)`);
    }
  } finally {
    server.kill('SIGTERM');
  }
}
