/**
 * The six files of ../shared/data/formats: one GTZAN clip (reggae.00000, 22050 Hz mono 16-bit,
 * 661794 frames) as WAV, AU, FLAC, MP3, Ogg Vorbis and a 44.1 kHz stereo 24-bit WAV.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadAudio, probeAudio, resample, type LoadedAudio } from '../../src/audio/index.js';
import { sharedData } from '../helpers/shared-data.js';
import { bestLag, maxAbsDiff } from './helpers.js';

const FRAMES = 661794;
const native = { sampleRate: null } as const;

async function loadFormat(t: { skip: (msg?: string) => void }, ext: string, options = {}): Promise<LoadedAudio | undefined> {
  const dir = sharedData(t, 'formats');
  return dir ? loadAudio(join(dir, `reggae.00000.${ext}`), options) : undefined;
}

test('wav, au and flac decode to identical samples', async (t) => {
  const wav = await loadFormat(t, 'wav', native);
  if (!wav) return;
  assert.equal(wav.samples.length, FRAMES);
  assert.equal(wav.sampleRate, 22050);
  assert.equal(wav.codec, 'pcm_s16le');
  for (const ext of ['au', 'flac']) {
    const other = (await loadFormat(t, ext, native))!;
    assert.equal(other.format, ext);
    assert.equal(other.samples.length, FRAMES, ext);
    assert.equal(maxAbsDiff(other.samples, wav.samples), 0, `${ext} differs from wav`);
  }
  // Scaled as librosa: int16 / 32768, so every sample is a multiple of 2^-15.
  assert.ok(wav.samples.every((x) => Number.isInteger(x * 32768)));
});

test('mp3 and ogg correlate with the wav above 0.99 after aligning the decoder delay', async (t) => {
  const wav = await loadFormat(t, 'wav', native);
  if (!wav) return;
  for (const ext of ['mp3', 'ogg']) {
    const lossy = (await loadFormat(t, ext, native))!;
    assert.equal(lossy.sampleRate, 22050);
    assert.ok(Math.abs(lossy.samples.length - FRAMES) < 4096, `${ext}: ${lossy.samples.length} frames`);
    const { lag, correlation } = bestLag(lossy.samples, wav.samples, 3000);
    t.diagnostic(`${ext}: lag ${lag} samples, correlation ${correlation.toFixed(5)}`);
    assert.ok(correlation > 0.99, `${ext}: correlation ${correlation} at lag ${lag}`);
  }
});

test('the 44.1 kHz stereo 24-bit wav loaded at 22050 mono matches the wav within resampling error', async (t) => {
  const wav = await loadFormat(t, 'wav', native);
  if (!wav) return;
  const raw = (await loadFormat(t, 'stereo44k24.wav', { sampleRate: null, mono: false }))!;
  assert.equal(raw.sourceSampleRate, 44100);
  assert.equal(raw.channels, 2);
  assert.equal(raw.bitDepth, 24);
  assert.equal(raw.codec, 'pcm_s24le');
  assert.equal(raw.samples.length, 2 * 2 * FRAMES, 'interleaved frames x channels');
  const loaded = (await loadFormat(t, 'stereo44k24.wav'))!;
  assert.equal(loaded.sampleRate, 22050);
  assert.equal(loaded.channels, 1);
  assert.equal(loaded.samples.length, FRAMES);
  // Measured: 6.3e-4 away from the ends (kaiser_best rolls off from 0.917 x Nyquist, so the top
  // ~900 Hz below 11025 Hz are attenuated), 2.7e-3 at the very first sample (edge of the sinc filter).
  const edge = 2205;
  const inner = maxAbsDiff(loaded.samples, wav.samples, edge, FRAMES - edge);
  const whole = maxAbsDiff(loaded.samples, wav.samples);
  t.diagnostic(`max |44k24 -> 22050 mono - wav|: ${inner.toExponential(2)} beyond 0.1 s of the ends, ${whole.toExponential(2)} overall`);
  assert.ok(inner < 1e-3, `interior error ${inner}`);
  assert.ok(whole < 5e-3, `edge error ${whole}`);
  // Loading at 22050 = mean of the channels at 44.1 kHz, then the resampler.
  const mono = new Float32Array(raw.channelData[0].length);
  for (let i = 0; i < mono.length; i++) mono[i] = (raw.channelData[0][i] + raw.channelData[1][i]) / 2;
  assert.deepEqual(loaded.samples, resample(mono, 44100, 22050));
});

test('probeAudio reads container, codec, rate, channels and duration of every format', async (t) => {
  const dir = sharedData(t, 'formats');
  if (!dir) return;
  const expected: Record<string, [string, string, number, number]> = {
    wav: ['wav', 'pcm_s16le', 22050, 1],
    au: ['au', 'pcm_s16be', 22050, 1],
    flac: ['flac', 'flac', 22050, 1],
    mp3: ['mp3', 'mp3', 22050, 2],
    ogg: ['ogg', 'vorbis', 22050, 1],
    'stereo44k24.wav': ['wav', 'pcm_s24le', 44100, 2],
  };
  for (const [ext, [container, codec, sampleRate, channels]] of Object.entries(expected)) {
    const info = await probeAudio(join(dir, `reggae.00000.${ext}`));
    assert.deepEqual([info.container, info.codec, info.sampleRate, info.channels], [container, codec, sampleRate, channels], ext);
    assert.equal(info.frames, sampleRate === 44100 ? 2 * FRAMES : FRAMES, ext);
    assert.ok(Math.abs(info.durationSeconds - FRAMES / 22050) < 1e-9, ext);
    assert.equal(info.truncated, false);
  }
});

test('loadAudio takes the bytes of a file as well as its path', async (t) => {
  const dir = sharedData(t, 'formats');
  if (!dir) return;
  const bytes = readFileSync(join(dir, 'reggae.00000.flac'));
  const fromBytes = await loadAudio(bytes, { offset: 1, duration: 2 });
  const fromPath = await loadAudio(join(dir, 'reggae.00000.wav'), { offset: 1, duration: 2 });
  assert.equal(fromBytes.file, '<bytes>');
  assert.equal(fromBytes.samples.length, 44100);
  assert.deepEqual(fromBytes.samples, fromPath.samples);
});
