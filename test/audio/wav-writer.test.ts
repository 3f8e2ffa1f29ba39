/** encodeWav / writeWav round trips through the WAV parser, for every sample format and layout. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ParameterError } from '../../src/errors.js';
import { decodeAudio, encodeWav, loadAudio, writeWav, type EncodeWavOptions } from '../../src/audio/index.js';
import { tempDir } from './helpers.js';

/** `frames` values exactly representable at `bits` (integer PCM) that cover the full range. */
function quantisedRamp(frames: number, bits: number, phase = 0): Float32Array {
  const full = 2 ** (bits - 1);
  return Float32Array.from({ length: frames }, (_, i) => {
    const v = Math.round(Math.sin(0.05 * i + phase) * (full - 1)) | 0;
    return v / full;
  });
}

test('integer PCM 8/16/24/32-bit round-trips exactly (plain and EXTENSIBLE, mono and stereo)', async () => {
  for (const bitDepth of [8, 16, 24, 32] as const) {
    for (const extensible of [false, true]) {
      for (const channels of [1, 2]) {
        const data = Array.from({ length: channels }, (_, c) => quantisedRamp(500, Math.min(bitDepth, 24), c));
        const bytes = encodeWav(data, 16000, { bitDepth, extensible });
        const decoded = await decodeAudio(bytes);
        const label = `${bitDepth}-bit ${extensible ? 'extensible' : 'plain'} ${channels} ch`;
        assert.equal(decoded.sampleRate, 16000, label);
        assert.equal(decoded.bitDepth, bitDepth, label);
        assert.equal(decoded.codec, bitDepth === 8 ? 'pcm_u8' : `pcm_s${bitDepth}le`, label);
        assert.deepEqual(decoded.channelData, data, label);
        if (extensible) assert.equal(new DataView(bytes.buffer).getUint16(20, true), 0xfffe, label);
      }
    }
  }
});

test('float 32 and 64-bit round-trip exactly; float64 values narrow to float32', async () => {
  const x = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i * 0.37) * 0.999);
  for (const bitDepth of [32, 64] as const) {
    const decoded = await decodeAudio(encodeWav(x, 44100, { float: true, bitDepth, extensible: bitDepth === 64 }));
    assert.equal(decoded.codec, `pcm_f${bitDepth}le`);
    assert.deepEqual(decoded.channelData[0], x);
  }
});

test('an interleaved array with options.channels equals per-channel arrays', () => {
  const left = quantisedRamp(100, 16);
  const right = quantisedRamp(100, 16, 1);
  const interleaved = new Float32Array(200);
  for (let i = 0; i < 100; i++) {
    interleaved[2 * i] = left[i];
    interleaved[2 * i + 1] = right[i];
  }
  assert.deepEqual(encodeWav(interleaved, 8000, { channels: 2 }), encodeWav([left, right], 8000));
});

test('integers clip at full scale and round to nearest', async () => {
  const decoded = await decodeAudio(encodeWav(Float32Array.from([1.5, -1.5, 0.4 / 32768, 0.6 / 32768]), 8000));
  assert.deepEqual(Array.from(decoded.channelData[0]), [32767 / 32768, -1, 0, 1 / 32768]);
});

test('bad options are ParameterErrors', () => {
  const x = new Float32Array(10);
  const bad: Array<[EncodeWavOptions, string]> = [
    [{ bitDepth: 64 }, 'bitDepth'],
    [{ bitDepth: 16, float: true }, 'bitDepth'],
    [{ channels: 3 }, 'samples'],
    [{ channels: 0 }, 'channels'],
  ];
  for (const [options, parameter] of bad) {
    assert.throws(() => encodeWav(x, 8000, options), (err: unknown) => err instanceof ParameterError && err.parameter === parameter);
  }
  assert.throws(() => encodeWav(x, 0), ParameterError);
});

test('writeWav writes the file atomically and loadAudio reads it back', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'tone.wav');
  const x = quantisedRamp(8000, 16);
  await writeWav(file, x, 8000);
  assert.deepEqual(readdirSync(dir), ['tone.wav']);
  assert.ok(existsSync(file));
  assert.deepEqual(readFileSync(file), Buffer.from(encodeWav(x, 8000)));
  const loaded = await loadAudio(file, { sampleRate: null });
  assert.deepEqual(loaded.samples, x);
});
