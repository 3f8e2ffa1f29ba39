/**
 * The per-epoch training checkpoint: one file, `checkpoint.bin`, written to a temp file and
 * renamed so a kill at any moment leaves either the previous or the new checkpoint whole.
 * Layout: uint32 LE header length, the header as UTF-8 JSON (meta + array lengths), zero padding
 * to a multiple of 4, then every float32 array back to back (little-endian).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFormatError } from '../../../errors.js';

export const CHECKPOINT_FILE = 'checkpoint.bin';

/** Named groups of float32 arrays (weights, best weights, optimizer slots) plus JSON metadata. */
export interface Checkpoint<M> {
  meta: M;
  arrays: Record<string, Float32Array[]>;
}

export async function writeCheckpoint<M>(dir: string, cp: Checkpoint<M>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const lengths = Object.fromEntries(Object.entries(cp.arrays).map(([k, list]) => [k, list.map((a) => a.length)]));
  const header = Buffer.from(JSON.stringify({ meta: cp.meta, lengths }), 'utf8');
  const headerBytes = 4 + header.length;
  const pad = (4 - (headerBytes % 4)) % 4;
  const floats = Object.values(cp.arrays).flat();
  const out = Buffer.alloc(headerBytes + pad + floats.reduce((n, a) => n + a.length * 4, 0));
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  let at = headerBytes + pad;
  for (const a of floats) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += a.byteLength;
  }
  const path = join(dir, CHECKPOINT_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, out);
  await rename(tmp, path);
}

/** The checkpoint in `dir`, or undefined when there is none. Throws ModelFormatError when it is unreadable. */
export async function readCheckpoint<M>(dir: string): Promise<Checkpoint<M> | undefined> {
  const path = join(dir, CHECKPOINT_FILE);
  if (!existsSync(path)) return undefined;
  const buf = await readFile(path);
  try {
    const n = buf.readUInt32LE(0);
    const { meta, lengths } = JSON.parse(buf.subarray(4, 4 + n).toString('utf8')) as { meta: M; lengths: Record<string, number[]> };
    let at = 4 + n + ((4 - ((4 + n) % 4)) % 4);
    const arrays: Record<string, Float32Array[]> = {};
    for (const [k, list] of Object.entries(lengths)) {
      arrays[k] = list.map((len) => {
        const a = new Float32Array(buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + len * 4));
        at += len * 4;
        return a;
      });
    }
    if (at !== buf.length) throw new Error(`size ${buf.length} bytes, expected ${at}`);
    return { meta, arrays };
  } catch (err) {
    throw new ModelFormatError(path, `unreadable checkpoint (${err instanceof Error ? err.message : String(err)})`);
  }
}
