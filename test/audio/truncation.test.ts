/**
 * Files that promise more than they hold: an Ogg page whose CRC fails is CORRUPT; an Ogg file cut
 * inside a page or before its end-of-stream page, and an MP3 cut inside a frame or short of its
 * Xing/Info frame count, decode the audio present and are flagged `truncated` with the reason
 * (carried to `classify`'s warnings, streamed or not), or are TRUNCATED errors when nothing
 * before the cut is audio. Before these checks every one of them decoded as if whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAudio } from '../../src/audio/decode.js';
import { loadAudio } from '../../src/audio/load.js';
import { checkMp3Frames } from '../../src/audio/mp3-frames.js';
import { checkOggPages, oggPageCrc } from '../../src/audio/ogg-pages.js';
import { probeAudio } from '../../src/audio/probe.js';
import { AudioDecodeError } from '../../src/errors.js';
import { classify } from '../../src/predict/classify.js';
import { projectRoot, sharedData } from '../helpers/shared-data.js';
import { oggPageStarts } from '../fuzz/mutants.js';
import { tempDir } from './helpers.js';

const opusFixture = join(projectRoot, 'test/fixtures/audio/chord.opus');

async function decodeError(bytes: Uint8Array, file: string): Promise<AudioDecodeError> {
  try {
    await decodeAudio(bytes, file);
  } catch (err) {
    assert.ok(err instanceof AudioDecodeError, `${file}: ${String(err)}`);
    return err;
  }
  assert.fail(`${file} decoded`);
}

test('the Ogg CRC is the one the encoder wrote on every page of a real file', () => {
  const b = new Uint8Array(readFileSync(opusFixture));
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const starts = oggPageStarts(b);
  assert.ok(starts.length >= 4);
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] : b.length;
    assert.equal(oggPageCrc(b.subarray(starts[i], end)), view.getUint32(starts[i] + 22, true), `page ${i}`);
  }
  assert.deepEqual(checkOggPages(b, 'chord.opus'), { truncated: false, wholeBytes: b.length, reason: undefined });
});

test('Ogg Opus: one flipped bit in any page is CORRUPT naming the page; the original decodes untouched', async () => {
  const b = new Uint8Array(readFileSync(opusFixture));
  const whole = await decodeAudio(b, 'chord.opus');
  assert.equal(whole.truncated, false);
  const starts = oggPageStarts(b);
  for (let i = 0; i < starts.length; i++) {
    const flipped = Uint8Array.from(b);
    const at = Math.min(b.length - 1, starts[i] + 40 + i * 7);
    flipped[at] ^= 0x04;
    const err = await decodeError(flipped, `flip${i}.opus`);
    assert.equal(err.code, 'CORRUPT');
    assert.match(err.message, new RegExp(`flip${i}.opus: Ogg page ${i} \\(byte ${starts[i]}\\) fails its CRC check`));
  }
});

test('Ogg Opus cut short: the whole pages before the cut decode, flagged with the reason; a cut before any audio is TRUNCATED', async () => {
  const b = new Uint8Array(readFileSync(opusFixture));
  const whole = await decodeAudio(b, 'chord.opus');
  const starts = oggPageStarts(b);
  const last = starts[starts.length - 1];
  const cut = await decodeAudio(b.subarray(0, last + 100), 'cut.opus');
  assert.equal(cut.truncated, true);
  assert.match(cut.truncatedBecause ?? '', new RegExp(`page ${starts.length - 1} \\(byte ${last}\\) needs \\d+ bytes, 100 remain`));
  assert.ok(cut.channelData[0].length > 0 && cut.channelData[0].length < whole.channelData[0].length);
  // Every sample decoded before the cut is the whole file's.
  for (let i = 0; i < cut.channelData[0].length - 5000; i += 997) assert.equal(cut.channelData[0][i], whole.channelData[0][i]);
  // Cut exactly at a page boundary: nothing is cut mid-page, but the end-of-stream page is missing.
  const atBoundary = await decodeAudio(b.subarray(0, last), 'boundary.opus');
  assert.equal(atBoundary.truncated, true);
  assert.match(atBoundary.truncatedBecause ?? '', /no end-of-stream page/);
  for (const n of [35, starts[1] + 10]) {
    const err = await decodeError(b.subarray(0, n), `tiny${n}.opus`);
    assert.equal(err.code, 'TRUNCATED', err.message);
  }
});

test('Ogg Vorbis (the formats clip): cut anywhere after the headers, decoded and flagged; probe and classify say so', async (t) => {
  const path = sharedData(t, 'formats', 'reggae.00000.ogg');
  if (!path) return;
  const dir = tempDir(t);
  const b = new Uint8Array(readFileSync(path));
  const whole = await decodeAudio(b, path);
  for (const fraction of [0.2, 0.5, 0.9, 0.999]) {
    const cut = await decodeAudio(b.subarray(0, Math.floor(b.length * fraction)), 'cut.ogg');
    assert.equal(cut.truncated, true, `${fraction}`);
    assert.ok(cut.channelData[0].length < whole.channelData[0].length);
  }
  const file = join(dir, 'half.ogg');
  writeFileSync(file, b.subarray(0, b.length >> 1));
  assert.equal((await probeAudio(file)).truncated, true, 'probe reads the pages instead of trusting the last granule');
  const verdict = await classify(file);
  assert.ok(verdict.warnings.some((w) => /^truncated \(page \d+ \(byte \d+\) needs \d+ bytes/.test(w)), verdict.warnings.join('; '));
});

test('MP3 (the formats clip): cut mid-frame or at a frame boundary short of the Info count, decoded and flagged, streamed or whole', async (t) => {
  const path = sharedData(t, 'formats', 'reggae.00000.mp3');
  if (!path) return;
  const dir = tempDir(t);
  const b = new Uint8Array(readFileSync(path));
  const full = checkMp3Frames(b);
  assert.equal(full.truncatedBecause, undefined);
  assert.equal(full.frames, full.promised, 'the LAME Info frame counts the audio frames');
  const whole = await loadAudio(b);
  assert.equal(whole.truncated, false);

  const midFrame = b.subarray(0, Math.floor(b.length * 0.6));
  assert.match(checkMp3Frames(midFrame).truncatedBecause ?? '', /^the stream ends inside frame \d+ \(\d+ of its \d+ bytes missing\)$/);
  // A frame boundary: the first position past 60 % where the walk of the prefix finds no partial frame.
  let boundary: Uint8Array | undefined;
  for (let at = midFrame.length; at < b.length && !boundary; at++) {
    if (b[at] === 0xff && (b[at + 1] & 0xe0) === 0xe0 && /promises/.test(checkMp3Frames(b.subarray(0, at)).truncatedBecause ?? '')) boundary = b.subarray(0, at);
  }
  assert.ok(boundary, 'found a frame boundary');
  assert.match(checkMp3Frames(boundary).truncatedBecause ?? '', new RegExp(`^its header promises ${full.promised} frames, \\d+ are present$`));

  for (const [name, bytes] of [['mid-frame.mp3', midFrame], ['boundary.mp3', boundary]] as const) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const fromBytes = await loadAudio(bytes);
    const streamed = await loadAudio(file);
    for (const a of [fromBytes, streamed]) {
      assert.equal(a.truncated, true, name);
      assert.ok(a.durationSeconds > 15 && a.durationSeconds < 0.7 * whole.durationSeconds, `${name}: ${a.durationSeconds} s`);
    }
    assert.equal(streamed.truncatedBecause, fromBytes.truncatedBecause);
    const verdict = await classify(file);
    assert.ok(verdict.warnings.some((w) => w.startsWith('truncated (')), `${name}: ${verdict.warnings.join('; ')}`);
  }
  const err = await decodeError(b.subarray(0, 600), 'head.mp3');
  assert.equal(err.code, 'TRUNCATED');
});
