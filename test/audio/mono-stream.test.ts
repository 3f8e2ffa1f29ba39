/**
 * Mono read chunk by chunk from disk (WAV, AU, MP3; what `loadAudio(path)` uses) gives exactly
 * what decoding the whole file in memory and mixing it gives (`loadAudio(bytes)`), across chunk
 * boundaries (files over the 4 MiB read size), sample formats, channel counts, a cut-short file
 * and a 6-minute MP3; formats it does not stream fall back to the whole-file path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeAudio } from '../../src/audio/decode.js';
import { loadAudio } from '../../src/audio/load.js';
import { decodeMonoFromFile } from '../../src/audio/mono-stream.js';
import { encodeWav, type EncodeWavOptions } from '../../src/audio/wav-writer.js';
import { projectRoot, sharedData } from '../helpers/shared-data.js';
import { tempDir } from './helpers.js';

/** `channels` different seeded signals of `seconds` at `sr`, in [-0.9, 0.9]. */
function signals(channels: number, seconds: number, sr: number): Float32Array[] {
  return Array.from({ length: channels }, (_, c) => {
    let s = 1234 + c;
    return Float32Array.from({ length: Math.round(seconds * sr) }, (_, i) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return 0.6 * Math.sin((2 * Math.PI * (220 + 110 * c) * i) / sr) + 0.3 * (s / 2 ** 32 - 0.5);
    });
  });
}

/** The streamed path is taken and matches the whole-file path for these options. */
async function assertSameAsWhole(path: string, options: Parameters<typeof loadAudio>[1] = {}): Promise<void> {
  const bytes = new Uint8Array(await readFile(path));
  const streamed = await loadAudio(path, options);
  const whole = await loadAudio(bytes, options);
  assert.equal(streamed.samples.length, whole.samples.length, `${path} ${JSON.stringify(options)}: length`);
  assert.ok(Buffer.from(streamed.samples.buffer, streamed.samples.byteOffset, streamed.samples.byteLength).equals(Buffer.from(whole.samples.buffer, whole.samples.byteOffset, whole.samples.byteLength)), `${path} ${JSON.stringify(options)}: samples differ`);
  for (const key of ['sampleRate', 'sourceChannels', 'sourceSampleRate', 'format', 'codec', 'bitDepth', 'truncated'] as const) {
    assert.equal(streamed[key], whole[key], `${path}: ${key}`);
  }
}

test('WAV in every PCM layout, over several 4 MiB chunks: streamed mono equals the whole-file mix', async (t) => {
  const dir = tempDir(t);
  const sr = 44100;
  const cases: [string, number, number, EncodeWavOptions][] = [
    ['s16-stereo', 2, 30, { bitDepth: 16 }],
    ['s24-3ch', 3, 20, { bitDepth: 24 }],
    ['u8-mono', 1, 100, { bitDepth: 8 }],
    ['s32-stereo', 2, 15, { bitDepth: 32 }],
    ['f32-stereo-extensible', 2, 15, { bitDepth: 32, float: true, extensible: true }],
    ['f64-stereo', 2, 8, { bitDepth: 64, float: true }],
  ];
  for (const [name, channels, seconds, options] of cases) {
    const path = join(dir, `${name}.wav`);
    const bytes = encodeWav(signals(channels, seconds, sr), sr, options);
    assert.ok(bytes.length > 4 << 20, `${name} spans more than one chunk`);
    await writeFile(path, bytes);
    const mono = await decodeMonoFromFile(path);
    assert.ok(mono, `${name}: streamed`);
    assert.equal(mono.sourceChannels, channels);
    await assertSameAsWhole(path);
    await assertSameAsWhole(path, { sampleRate: null });
    await assertSameAsWhole(path, { offset: 7.3, duration: 4 });
  }
});

test('a WAV cut mid-frame streams its whole frames and says truncated', async (t) => {
  const dir = tempDir(t);
  const full = encodeWav(signals(2, 30, 22050), 22050, { bitDepth: 24 });
  const path = join(dir, 'cut.wav');
  await writeFile(path, full.subarray(0, full.length - 1000));
  const mono = await decodeMonoFromFile(path);
  assert.equal(mono?.truncated, true);
  await assertSameAsWhole(path);
});

test('AU (mu-law, 16-bit big-endian) streams like the whole-file decode', async (t) => {
  const dir = tempDir(t);
  const sr = 8000;
  const frames = 3 * 1024 * 1024; // 3 Mi frames x 2 channels x 1 byte: over one chunk
  for (const [encoding, width] of [
    [1, 1],
    [3, 2],
  ] as const) {
    const header = new DataView(new ArrayBuffer(24));
    header.setUint32(0, 0x2e736e64); // .snd
    header.setUint32(4, 24);
    header.setUint32(8, frames * 2 * width);
    header.setUint32(12, encoding);
    header.setUint32(16, sr);
    header.setUint32(20, 2);
    const body = new Uint8Array(frames * 2 * width);
    let s = 99;
    for (let i = 0; i < body.length; i++) body[i] = (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24;
    const path = join(dir, `e${encoding}.au`);
    await writeFile(path, Buffer.concat([new Uint8Array(header.buffer), body]));
    assert.ok(await decodeMonoFromFile(path), `encoding ${encoding}: streamed`);
    await assertSameAsWhole(path, { sampleRate: null });
  }
});

test('a WAV with a large chunk before its samples: streamed up to a 1 MiB header, whole past it', async (t) => {
  const dir = tempDir(t);
  const wav = encodeWav(signals(2, 2, 22050), 22050);
  for (const [junkBytes, streamed] of [
    [200_000, true],
    [2 << 20, false],
  ] as const) {
    // RIFF header, a "junk" chunk, then the fmt and data chunks of `wav`.
    const junk = new Uint8Array(8 + junkBytes);
    junk.set([0x6a, 0x75, 0x6e, 0x6b]); // 'junk'
    new DataView(junk.buffer).setUint32(4, junkBytes, true);
    const body = Buffer.concat([wav.subarray(0, 12), junk, wav.subarray(12)]);
    new DataView(body.buffer, body.byteOffset).setUint32(4, body.length - 8, true);
    const path = join(dir, `junk-${junkBytes}.wav`);
    await writeFile(path, body);
    assert.equal((await decodeMonoFromFile(path)) !== undefined, streamed, `${junkBytes} bytes of junk`);
    await assertSameAsWhole(path);
    assert.equal((await loadAudio(path)).samples.length, 44100);
  }
});

test('MP3 (a clip and twelve of it end to end, 6 minutes) streams the samples of the whole-buffer decode', async (t) => {
  const mp3 = sharedData(t, 'formats', 'reggae.00000.mp3');
  if (!mp3) return;
  await assertSameAsWhole(mp3, { sampleRate: null });
  await assertSameAsWhole(mp3);
  const dir = tempDir(t);
  const long = join(dir, 'six-minutes.mp3');
  const once = await readFile(mp3);
  await writeFile(long, Buffer.concat(Array.from({ length: 12 }, () => once)));
  const mono = await decodeMonoFromFile(long);
  const whole = await decodeAudio(new Uint8Array(await readFile(long)), long);
  assert.equal(mono?.channelData[0].length, whole.channelData[0].length);
  await assertSameAsWhole(long);
});

test('Ogg Vorbis, Ogg Opus and FLAC stream (whole, and cut short: the same samples, flag or error as decoding the bytes whole)', async (t) => {
  const dir = sharedData(t, 'formats');
  if (!dir) return;
  const tmp = tempDir(t);
  const ogg = await readFile(join(dir, 'reggae.00000.ogg'));
  const cut = join(tmp, 'cut.ogg');
  await writeFile(cut, ogg.subarray(0, Math.floor(ogg.length * 0.6)));
  for (const path of [join(dir, 'reggae.00000.ogg'), cut]) {
    const mono = await decodeMonoFromFile(path);
    assert.ok(mono, `${path}: streamed`);
    await assertSameAsWhole(path);
  }
  assert.equal((await loadAudio(cut)).truncated, true);
  const flac = join(dir, 'reggae.00000.flac');
  assert.ok(await decodeMonoFromFile(flac), 'flac: streamed');
  await assertSameAsWhole(flac);
  // A FLAC cut short or with a flipped bit fails its STREAMINFO checks streamed as whole.
  const bytes = await readFile(flac);
  const flipped = Uint8Array.from(bytes);
  flipped[bytes.length >> 1] ^= 0x10;
  for (const [name, b] of [['cut.flac', bytes.subarray(0, bytes.length >> 1)], ['flipped.flac', flipped]] as const) {
    const path = join(tmp, name);
    await writeFile(path, b);
    const whole = await loadAudio(b).then(() => 'decoded', (e: { code: string }) => e.code);
    const streamed = await loadAudio(path).then(() => 'decoded', (e: { code: string; message: string }) => (assert.ok(e.message.startsWith(path)), e.code));
    assert.equal(streamed, whole, name);
    assert.equal(streamed, 'CORRUPT', name);
  }
  const opus = join(projectRoot, 'test/fixtures/audio/chord.opus');
  const opusBytes = await readFile(opus);
  const opusCut = join(tmp, 'cut.opus');
  await writeFile(opusCut, opusBytes.subarray(0, opusBytes.length - 5000));
  for (const path of [opus, opusCut]) {
    assert.ok(await decodeMonoFromFile(path), `${path}: streamed`);
    await assertSameAsWhole(path);
  }
  assert.equal((await loadAudio(opus, { sampleRate: null })).samples.length, 120000, 'the granule position cuts the end as in the whole file');
  assert.equal((await loadAudio(opusCut)).truncated, true);
});
