/**
 * Broken input, each made in a temp folder: every case gives a typed AudioDecodeError naming
 * the file and the reason (or, for a cut-short WAV, the whole frames present and `truncated`).
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AudioDecodeError } from '../../src/errors.js';
import { encodeWav, loadAudio, probeAudio } from '../../src/audio/index.js';
import { sharedData } from '../helpers/shared-data.js';
import { tempDir } from './helpers.js';

/** Asserts that `work` rejects with an AudioDecodeError for `file` whose code and reason match. */
async function rejectsWith(work: Promise<unknown>, file: string, code: string, reason: RegExp): Promise<void> {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(err instanceof AudioDecodeError, `expected AudioDecodeError, got ${String(err)}`);
    assert.equal(err.file, file);
    assert.equal(err.code, code);
    assert.match(err.reason, reason);
    assert.ok(err.message.startsWith(`${file}: `), err.message);
    return true;
  });
}

/** 0.5 s of a 440 Hz tone at 8 kHz as 16-bit samples (exact multiples of 2^-15). */
function tone(): Float32Array {
  // `| 0` turns -0 into 0, as the decoders give it.
  return Float32Array.from({ length: 4000 }, (_, i) => (Math.round(16384 * Math.sin((2 * Math.PI * 440 * i) / 8000)) | 0) / 32768);
}

test('a zero-byte file is an AudioDecodeError (EMPTY_FILE)', async (t) => {
  const file = join(tempDir(t), 'empty.wav');
  writeFileSync(file, new Uint8Array(0));
  await rejectsWith(loadAudio(file), file, 'EMPTY_FILE', /empty file \(0 bytes\)/);
  await rejectsWith(probeAudio(file), file, 'EMPTY_FILE', /empty file/);
});

test('a text file named .wav is not a recognised container', async (t) => {
  const file = join(tempDir(t), 'notes.wav');
  writeFileSync(file, 'These are my notes, not audio.\n');
  await rejectsWith(loadAudio(file), file, 'UNKNOWN_FORMAT', /not a recognised audio container.*first bytes: 54 68 65 73/);
  await rejectsWith(probeAudio(file), file, 'UNKNOWN_FORMAT', /not a recognised audio container/);
});

test('a WAV whose data chunk is cut short decodes the whole frames present and is flagged', async (t) => {
  const file = join(tempDir(t), 'cut.wav');
  const full = encodeWav(tone(), 8000);
  // Header (44 bytes) + 1000.5 frames of 16-bit mono: 1000 whole frames survive.
  writeFileSync(file, full.subarray(0, 44 + 2001));
  const audio = await loadAudio(file, { sampleRate: null });
  assert.equal(audio.truncated, true);
  assert.equal(audio.samples.length, 1000);
  assert.deepEqual(audio.samples, tone().subarray(0, 1000));
  const info = await probeAudio(file);
  assert.equal(info.truncated, true);
  assert.equal(info.frames, 1000);
  const whole = await loadAudio(full, { sampleRate: null });
  assert.equal(whole.truncated, false);
});

test('a WAV with no audio at all is an error', async (t) => {
  const dir = tempDir(t);
  const headerOnly = join(dir, 'header-only.wav');
  writeFileSync(headerOnly, encodeWav(tone(), 8000).subarray(0, 44));
  await rejectsWith(loadAudio(headerOnly), headerOnly, 'NO_AUDIO', /no audio frames/);
  const noData = join(dir, 'no-data.wav');
  writeFileSync(noData, encodeWav(tone(), 8000).subarray(0, 36));
  await rejectsWith(loadAudio(noData), noData, 'NO_AUDIO', /no data chunk/);
});

test('a WAV in an unsupported codec names the codec', async (t) => {
  const file = join(tempDir(t), 'adpcm.wav');
  const bytes = encodeWav(tone(), 8000);
  new DataView(bytes.buffer).setUint16(20, 2, true); // format tag 2: Microsoft ADPCM
  writeFileSync(file, bytes);
  await rejectsWith(loadAudio(file), file, 'UNSUPPORTED_CODEC', /unsupported WAV codec: Microsoft ADPCM \(format 2\)/);
  await rejectsWith(probeAudio(file), file, 'UNSUPPORTED_CODEC', /Microsoft ADPCM \(format 2\)/);
});

test('a FLAC with a corrupted frame is an error, not a silently short clip', async (t) => {
  const source = sharedData(t, 'formats', 'reggae.00000.flac');
  if (!source) return;
  const file = join(tempDir(t), 'corrupt.flac');
  copyFileSync(source, file);
  const bytes = readFileSync(file);
  const middle = Math.floor(bytes.length / 2);
  for (let i = middle; i < middle + 16; i++) bytes[i] ^= 0xa5;
  writeFileSync(file, bytes);
  await rejectsWith(loadAudio(file), file, 'CORRUPT', /corrupt FLAC stream: decoded \d+ of the 661794 frames/);
  // probeAudio reads headers only unless asked to decode.
  assert.equal((await probeAudio(file)).frames, 661794);
  await rejectsWith(probeAudio(file, { decode: true }), file, 'CORRUPT', /corrupt FLAC stream/);
});

test('a path that does not exist is an AudioDecodeError: file not found', async (t) => {
  const file = join(tempDir(t), 'missing.wav');
  await rejectsWith(loadAudio(file), file, 'FILE_NOT_FOUND', /^file not found$/);
  await rejectsWith(probeAudio(file), file, 'FILE_NOT_FOUND', /^file not found$/);
});

test('truncated and size-less AU files', async (t) => {
  const dir = tempDir(t);
  const samples = tone();
  const au = new Uint8Array(24 + samples.length * 2);
  const view = new DataView(au.buffer);
  au.set([0x2e, 0x73, 0x6e, 0x64]);
  view.setUint32(4, 24);
  view.setUint32(8, samples.length * 2);
  view.setUint32(12, 3);
  view.setUint32(16, 8000);
  view.setUint32(20, 1);
  samples.forEach((x, i) => view.setInt16(24 + 2 * i, x * 32768));
  const cut = join(dir, 'cut.au');
  writeFileSync(cut, au.subarray(0, 24 + 1001));
  const partial = await loadAudio(cut, { sampleRate: null });
  assert.equal(partial.truncated, true);
  assert.deepEqual(partial.samples, samples.subarray(0, 500));
  view.setUint32(8, 0xffffffff);
  const unknownSize = join(dir, 'unknown-size.au');
  writeFileSync(unknownSize, au);
  const whole = await loadAudio(unknownSize, { sampleRate: null });
  assert.equal(whole.truncated, false);
  assert.deepEqual(whole.samples, samples);
});

test('corrupted headers and random payloads only ever give typed errors (150 seeded cases)', async (t) => {
  const dir = sharedData(t, 'formats');
  if (!dir) return;
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const heads = [
    encodeWav(new Float32Array(100).fill(0.1), 8000).subarray(0, 44),
    Uint8Array.from([0x2e, 0x73, 0x6e, 0x64, 0, 0, 0, 24, 0, 0, 1, 0, 0, 0, 0, 3, 0, 0, 0x1f, 0x40, 0, 0, 0, 1]),
    readFileSync(join(dir, 'reggae.00000.flac')).subarray(0, 2000),
    readFileSync(join(dir, 'reggae.00000.ogg')).subarray(0, 6000),
    readFileSync(join(dir, 'reggae.00000.mp3')).subarray(0, 3000),
  ];
  const outcomes = new Map<string, number>();
  for (let i = 0; i < 150; i++) {
    const head = Uint8Array.from(heads[i % heads.length]);
    for (let k = Math.floor(random() * 6); k > 0; k--) head[4 + Math.floor(random() * (head.length - 4))] = Math.floor(random() * 256);
    const bytes = new Uint8Array(head.length + Math.floor(random() * 3000));
    bytes.set(head);
    for (let j = head.length; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
    try {
      await loadAudio(bytes, { sampleRate: null });
      outcomes.set('decoded', (outcomes.get('decoded') ?? 0) + 1);
    } catch (err) {
      assert.ok(err instanceof AudioDecodeError, `case ${i}: ${String(err)}`);
      outcomes.set(err.code, (outcomes.get(err.code) ?? 0) + 1);
    }
  }
  t.diagnostic(JSON.stringify(Object.fromEntries(outcomes)));
  assert.ok((outcomes.get('decoded') ?? 0) < 150);
});
