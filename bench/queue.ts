/**
 * Bench section `queue`: the library queue against the CLI at the same parallelism, in the same
 * run. The 50 dev clips through `genrekit classify --jobs 1` and `--jobs 2`, then through 1 and 2
 * `genrekit worker` processes (`--jobs 1` each) on a redis-server started here, from the workers'
 * start to the last result (both sides pay their start-up); printed: files/s, the ratio (goal:
 * the queue within 10 % of classify), and Redis's memory per enqueued file. Needs ../shared/data
 * and redis-server; skipped without them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { hasRedis, launchRedis } from '../test/helpers/redis.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url))); // from dist/bench/
const sharedDir = process.env.GENREKIT_SHARED_DATA ?? resolve(root, '..', 'shared', 'data');
const bin = join(root, 'dist', 'src', 'cli', 'main.js');

export async function run(): Promise<void> {
  const dev = join(sharedDir, 'gtzan', 'dev-audio');
  if (!existsSync(dev)) return console.log(`queue: skipped (no dev clips under ${sharedDir})`);
  if (!hasRedis()) return console.log('queue: skipped (redis-server not found)');
  const server = await launchRedis();
  const url = server.url;
  const redis = new Redis(url);
  redis.on('error', () => undefined);
  try {
    const cliRate: Record<number, number> = {};
    for (const jobs of [1, 2]) {
      const t = performance.now();
      const r = spawnSync(process.execPath, [bin, 'classify', dev, '--jobs', String(jobs), '--quiet', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(r.stderr);
      cliRate[jobs] = 50 / ((performance.now() - t) / 1000);
    }
    for (const workers of [1, 2]) {
      const q = `bench${workers}`;
      const before = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
      const add = spawnSync(process.execPath, [bin, 'queue', 'add', dev, '--redis', url, '--queue', q, '--chunk', '5'], { encoding: 'utf8' });
      if (add.status !== 0) throw new Error(add.stderr);
      const afterAdd = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
      const t = performance.now();
      const procs = Array.from({ length: workers }, () => spawn(process.execPath, [bin, 'worker', '--redis', url, '--queue', q, '--jobs', '1', '--quiet'], { stdio: 'ignore' }));
      while ((await redis.hlen(`genrekit:${q}:results`)) < 50) await new Promise((r) => setTimeout(r, 50));
      const rate = 50 / ((performance.now() - t) / 1000);
      await Promise.all(procs.map((p) => new Promise((ok) => (p.once('exit', ok), p.kill('SIGTERM')))));
      console.log(
        `${workers} worker process${workers > 1 ? 'es' : ''} x 1 thread: ${rate.toFixed(2)} files/s; classify --jobs ${workers}: ${cliRate[workers].toFixed(2)} files/s; queue / classify = ${(rate / cliRate[workers]).toFixed(2)} (goal >= 0.9)` +
          (workers === 1 ? `; Redis memory per enqueued file: ${((afterAdd - before) / 50).toFixed(0)} bytes` : ''),
      );
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    redis.disconnect();
    await server.stop();
  }
}
