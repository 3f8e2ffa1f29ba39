/**
 * Forged header fields are refused with a typed error before any work: a WAV or AU claiming 8 Hz
 * (minutes of resampling), 4.29 GHz (a RangeError of an infinite array) or 65,535 channels gives
 * AudioDecodeError IMPLAUSIBLE_HEADER naming the file, from bytes, from a path (the streamed
 * reader) and from probeAudio. Float data holding a NaN or an infinity is CORRUPT.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAudio } from '../../src/audio/load.js';
import { probeAudio } from '../../src/audio/probe.js';
import { encodeWav } from '../../src/audio/wav-writer.js';
import { tempDir } from './helpers.js';

const tone = new Float32Array(22050).map((_, i) => 0.3 * Math.sin(i / 5));

function wavWith(field: 'sampleRate' | 'channels', value: number): Uint8Array {
  const bytes = encodeWav(tone, 22050);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (field === 'sampleRate') view.setUint32(24, value, true);
  else view.setUint16(22, value, true);
  return bytes;
}

function auWith(sampleRate: number, channels: number): Uint8Array {
  const bytes = new Uint8Array(24 + 2 * tone.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x2e736e64); // .snd
  view.setUint32(4, 24);
  view.setUint32(8, 2 * tone.length);
  view.setUint32(12, 3); // 16-bit linear PCM
  view.setUint32(16, sampleRate);
  view.setUint32(20, channels);
  tone.forEach((v, i) => view.setInt16(24 + 2 * i, Math.round(v * 32767)));
  return bytes;
}

test('forged sample rates and channel counts are IMPLAUSIBLE_HEADER, from bytes, a path and a probe', async (t) => {
  const dir = tempDir(t);
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['8hz.wav', wavWith('sampleRate', 8), /WAV header declares a sample rate of 8 Hz/],
    ['4ghz.wav', wavWith('sampleRate', 4294967295), /sample rate of 4294967295 Hz/],
    ['many.wav', wavWith('channels', 65535), /WAV header declares 65535 channels/],
    ['100hz.au', auWith(100, 1), /AU header declares a sample rate of 100 Hz/],
    ['many.au', auWith(22050, 4096), /AU header declares 4096 channels/],
  ];
  for (const [name, bytes, message] of cases) {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    for (const attempt of [() => loadAudio(bytes), () => loadAudio(path), () => probeAudio(path)]) {
      await assert.rejects(attempt(), (err: Error & { code?: string }) => err.name === 'AudioDecodeError' && err.code === 'IMPLAUSIBLE_HEADER' && message.test(err.message), name);
    }
  }
  // The bounds themselves are fine.
  assert.equal((await loadAudio(wavWith('sampleRate', 8000), { sampleRate: null })).sampleRate, 8000);
});

test('float WAV data with a NaN or an infinity is CORRUPT, from bytes and from a path', async (t) => {
  const dir = tempDir(t);
  for (const bad of [NaN, Infinity]) {
    const samples = tone.slice();
    samples[1234] = bad;
    const bytes = encodeWav(samples, 22050, { float: true, bitDepth: 32 });
    const path = join(dir, `bad-${bad}.wav`);
    writeFileSync(path, bytes);
    for (const attempt of [() => loadAudio(bytes), () => loadAudio(path)]) {
      await assert.rejects(attempt(), { name: 'AudioDecodeError', code: 'CORRUPT', message: new RegExp(`float sample 1234 of channel 0 is ${bad}`) });
    }
  }
});
