/**
 * A checkpointed run killed (SIGKILL) during its third epoch resumes from the second epoch's
 * checkpoint and finishes with the same number of epochs and bit-identical weights as a run
 * that was never interrupted (same seed, same backend).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { readCheckpoint } from '../../../../src/models/neural/train/checkpoint.js';

const child = fileURLToPath(new URL('./fixtures/train-child.js', import.meta.url));

/** Run the child; `killAfterEpoch` sends SIGKILL as soon as that epoch's checkpoint is reported. */
function runChild(dir: string, resume: boolean, killAfterEpoch?: number): Promise<{ lines: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir, resume ? '1' : '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let err = '';
    let buf = '';
    p.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        if (killAfterEpoch !== undefined && line === `EPOCH ${killAfterEpoch}`) p.kill('SIGKILL');
      }
    });
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('error', reject);
    p.on('close', (code, signal) => (code && code !== 0 ? reject(new Error(`child exited ${code}: ${err}`)) : resolve({ lines, signal })));
  });
}

const result = (lines: string[]) => JSON.parse(lines.find((l) => l.startsWith('RESULT '))!.slice(7)) as { epochs: number; weights: string };

test('a run killed mid-epoch resumes from its checkpoint and ends as an unbroken run', async () => {
  const root = await mkdtemp(join(tmpdir(), 'genrekit-resume-'));
  try {
    const whole = await runChild(join(root, 'whole'), false);
    const reference = result(whole.lines);
    assert.equal(reference.epochs, 5);

    const killed = await runChild(join(root, 'killed'), false, 2);
    assert.equal(killed.signal, 'SIGKILL');
    assert.ok(!killed.lines.some((l) => l.startsWith('RESULT')), 'the killed run did not finish');
    const cp = await readCheckpoint<{ epoch: number }>(join(root, 'killed'));
    assert.equal(cp?.meta.epoch, 2, 'the last whole checkpoint is epoch 2');

    const resumed = await runChild(join(root, 'killed'), true);
    assert.deepEqual(resumed.lines.filter((l) => l.startsWith('EPOCH')), ['EPOCH 3', 'EPOCH 4', 'EPOCH 5']);
    assert.deepEqual(result(resumed.lines), reference);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
