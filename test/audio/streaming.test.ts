/**
 * The streamed pipeline gives what the whole-signal one gives, sample for sample: the streamed
 * resampler at several rates (integer and fractional ratios, up and down) and chunk sizes, the
 * streamed segmenter under every tail rule, hop and length, and `classify(path)` (streamed from
 * disk) against `classify(bytes)` (decoded whole) on a 61 s stereo 44.1 kHz file at several piece
 * lengths. A classify that fails mid-stream leaves no file open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resample, StreamResampler } from '../../src/audio/resample.js';
import { segment, TAIL_RULES } from '../../src/audio/segment.js';
import { StreamSegmenter } from '../../src/audio/segment-stream.js';
import { encodeWav } from '../../src/audio/wav-writer.js';
import { classify } from '../../src/predict/classify.js';
import { tempDir } from './helpers.js';

function noise(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, (_, i) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 0.5 * Math.sin(i * 0.031) + 0.4 * (s / 2 ** 32 - 0.5);
  });
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

test('StreamResampler gives resample(whole) exactly, for any chunking', () => {
  const x = noise(60_013, 7);
  const rates: [number, number][] = [[44100, 22050], [22050, 4000], [48000, 22050], [8000, 22050], [22050, 22050], [44100.5, 22050]];
  for (const [from, to] of rates) {
    const whole = resample(x, from, to);
    for (const chunk of [7, 1000, 4096, 65536, 100_000]) {
      const r = new StreamResampler(from, to);
      const parts: Float32Array[] = [];
      for (let i = 0; i < x.length; i += chunk) parts.push(r.push(x.subarray(i, i + chunk)));
      parts.push(r.end());
      const got = concat(parts);
      assert.equal(got.length, whole.length, `${from}->${to} by ${chunk}: length`);
      assert.ok(Buffer.from(got.buffer).equals(Buffer.from(whole.buffer)), `${from}->${to} by ${chunk}: samples differ`);
    }
  }
});

test('StreamSegmenter gives segment(whole) exactly under every tail rule, hop and length', () => {
  const rate = 22050;
  const x = noise(rate * 47 + 123, 3);
  for (const tail of TAIL_RULES) {
    for (const [pieceSeconds, hopSeconds] of [[3, 3], [5, 2], [2, 5], [30, 30], [60, 60], [10, 7]]) {
      for (const n of [x.length, rate * 30, Math.floor(rate * 29.8), rate * 3, 1000]) {
        const y = x.subarray(0, n);
        const whole = segment(y, rate, { pieceSeconds, hopSeconds, tail });
        for (const chunk of [999, 65536, 1 << 22]) {
          const s = new StreamSegmenter(rate, { pieceSeconds, hopSeconds, tail });
          const got = [];
          for (let i = 0; i < n; i += chunk) got.push(...s.push(y.subarray(i, i + chunk)));
          got.push(...s.end());
          const where = `${tail} ${pieceSeconds}/${hopSeconds} s, ${n} samples by ${chunk}`;
          assert.deepEqual(got.map(({ samples, ...r }) => r), whole.map(({ samples, ...r }) => r), where);
          got.forEach((p, i) => assert.ok(Buffer.from(p.samples.buffer, p.samples.byteOffset, p.samples.byteLength).equals(Buffer.from(whole[i].samples.buffer, whole[i].samples.byteOffset, whole[i].samples.byteLength)), `${where}: piece ${i}`));
        }
      }
    }
  }
});

test('classify streamed from disk equals classify of the bytes decoded whole; a failure mid-stream closes the file', async (t) => {
  const dir = tempDir(t);
  const rate = 44100;
  const left = noise(rate * 61, 11);
  const right = noise(rate * 61, 12);
  const file = join(dir, 'odd-61s.wav');
  writeFileSync(file, encodeWav([left, right], rate, { bitDepth: 16 }));
  const bytes = new Uint8Array(readFileSync(file));
  for (const pieceSeconds of [undefined, 3]) {
    const streamed = await classify(file, { topK: 10, pieceSeconds });
    const whole = await classify(bytes, { topK: 10, pieceSeconds });
    assert.deepEqual(streamed, whole, `pieces of ${pieceSeconds ?? 'the model'} s`);
  }
  assert.equal((await classify(file, { pieceSeconds: 3 })).pieces.length, 20);

  // A float WAV with a NaN 50 s in: CORRUPT once the stream reaches it, after pieces were classified.
  const broken = Float32Array.from(left);
  broken[rate * 50] = Number.NaN;
  const nanFile = join(dir, 'nan-at-50s.wav');
  writeFileSync(nanFile, encodeWav([broken, right], rate, { bitDepth: 32, float: true }));
  const fds = () => readdirSync('/proc/self/fd').length;
  const before = fds();
  await assert.rejects(classify(nanFile, { pieceSeconds: 3 }), (err: Error & { code?: string }) => err.code === 'CORRUPT' && err.message.startsWith(nanFile));
  assert.equal(fds(), before, 'no file descriptor left open');
});
