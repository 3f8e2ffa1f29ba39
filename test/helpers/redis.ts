/**
 * A real `redis-server` (Debian's package) on a free loopback port, for the queue tests: no disk
 * persistence, stopped by `stop()`. `startRedis(t)` skips the test with a reason when
 * redis-server is missing, and fails when `CI=true` (`.ci/run` installs it with apt-get).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise((ok) => s.close(ok));
  return port;
}

export async function startRedis(t: { skip: (msg?: string) => void }): Promise<RedisServer | undefined> {
  const bin = process.env.GENREKIT_REDIS_SERVER ?? 'redis-server';
  if (spawnSync(bin, ['--version']).status !== 0) {
    if (process.env.CI === 'true') throw new Error(`queue test in CI: ${bin} not found`);
    t.skip(`${bin} not found (apt-get install redis-server)`);
    return undefined;
  }
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (/Ready to accept connections/.test(out)) ok();
    });
    child.on('exit', (code) => fail(new Error(`redis-server exited ${code}: ${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((ok) => {
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}
