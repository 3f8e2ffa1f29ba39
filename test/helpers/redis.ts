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

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise((ok) => s.close(ok));
  return port;
}

const redisBin = process.env.GENREKIT_REDIS_SERVER ?? 'redis-server';

/** Whether redis-server can be run here. */
export function hasRedis(): boolean {
  return spawnSync(redisBin, ['--version']).status === 0;
}

export async function startRedis(t: { skip: (msg?: string) => void }): Promise<RedisServer | undefined> {
  if (!hasRedis()) {
    if (process.env.CI === 'true') throw new Error(`queue test in CI: ${redisBin} not found`);
    t.skip(`${redisBin} not found (apt-get install redis-server)`);
    return undefined;
  }
  return launchRedis();
}

/** A redis-server on a free loopback port, ready for commands (the queue bench uses it too). */
export async function launchRedis(): Promise<RedisServer> {
  const bin = redisBin;
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
