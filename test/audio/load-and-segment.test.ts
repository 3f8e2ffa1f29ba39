/** loadAudio's options (span, mono mix, rate) on generated WAVs, and segment(). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParameterError } from '../../src/errors.js';
import { encodeWav, loadAudio, LOAD_AUDIO_DEFAULTS, resample, segment } from '../../src/audio/index.js';

const RATE = 8000;
/** 2 s stereo, 16-bit-exact: left a ramp of integers, right its negation plus one step. */
const left = Float32Array.from({ length: 2 * RATE }, (_, i) => ((i % 2000) - 1000) / 32768);
const right = Float32Array.from({ length: 2 * RATE }, (_, i) => (1 - ((i % 2000) - 1000)) / 32768);
const stereo = encodeWav([left, right], RATE);

test('defaults are librosa.load defaults: 22050 Hz, mono, whole file', () => {
  assert.deepEqual(LOAD_AUDIO_DEFAULTS, { sampleRate: 22050, mono: true, offset: 0, duration: null });
});

test('mono is the mean of the channels; mono: false keeps them, interleaved in samples', async () => {
  const mono = await loadAudio(stereo, { sampleRate: null });
  assert.equal(mono.channels, 1);
  assert.equal(mono.sourceChannels, 2);
  assert.ok(mono.samples.every((v) => v === 0.5 / 32768));
  const both = await loadAudio(stereo, { sampleRate: null, mono: false });
  assert.equal(both.channels, 2);
  assert.deepEqual(both.channelData, [left, right]);
  assert.equal(both.samples.length, 2 * left.length);
  assert.deepEqual([both.samples[10], both.samples[11]], [left[5], right[5]]);
  assert.equal(both.durationSeconds, 2);
});

test('offset and duration select int(offset * rate) .. + int(duration * rate) at the file rate', async () => {
  const span = await loadAudio(stereo, { sampleRate: null, mono: false, offset: 0.25, duration: 0.5 });
  assert.equal(span.channelData[0].length, 4000);
  assert.deepEqual(span.channelData[0], left.subarray(2000, 6000));
  const tail = await loadAudio(stereo, { sampleRate: null, mono: false, offset: 1.5, duration: 10 });
  assert.deepEqual(tail.channelData[1], right.subarray(12000));
  const fraction = await loadAudio(stereo, { sampleRate: null, mono: false, offset: 0.00019, duration: 0.00049 });
  assert.deepEqual(fraction.channelData[0], left.subarray(1, 4));
});

test('a new rate resamples the selected mono span', async () => {
  const loaded = await loadAudio(stereo, { sampleRate: 22050, offset: 0.5, duration: 1 });
  const mono = Float32Array.from(left.subarray(4000, 12000), (v, i) => (v + right[4000 + i]) / 2);
  assert.equal(loaded.sampleRate, 22050);
  assert.equal(loaded.sourceSampleRate, RATE);
  assert.deepEqual(loaded.samples, resample(mono, RATE, 22050));
  assert.equal(loaded.samples.length, 22050);
});

test('options out of range are ParameterErrors naming the option', async () => {
  const cases: Array<[object, string]> = [
    [{ sampleRate: 0 }, 'sampleRate'],
    [{ offset: -1 }, 'offset'],
    [{ duration: 0 }, 'duration'],
    [{ offset: 5 }, 'offset'],
  ];
  for (const [options, parameter] of cases) {
    await assert.rejects(loadAudio(stereo, options), (err: unknown) => err instanceof ParameterError && err.parameter === parameter);
  }
});

test('segment cuts whole pieces with their times; hop and padding options', () => {
  const x = Float32Array.from({ length: 30 * 100 + 7 }, (_, i) => i);
  const pieces = segment(x, 100, { pieceSeconds: 3 });
  assert.equal(pieces.length, 10);
  assert.deepEqual(
    pieces.map((p) => [p.index, p.startSample, p.startSeconds, p.endSeconds, p.samples.length, p.samples[0]]),
    Array.from({ length: 10 }, (_, k) => [k, 300 * k, 3 * k, 3 * k + 3, 300, 300 * k]),
  );
  const overlapping = segment(x, 100, { pieceSeconds: 5, hopSeconds: 2.5 });
  assert.deepEqual(overlapping.map((p) => p.startSeconds), [0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20, 22.5, 25]);
  const padded = segment(x, 100, { pieceSeconds: 3, partial: 'pad' });
  assert.equal(padded.length, 11);
  assert.deepEqual(Array.from(padded[10].samples.subarray(0, 8)), [3000, 3001, 3002, 3003, 3004, 3005, 3006, 0]);
  assert.deepEqual(segment(x.subarray(0, 100), 100, { pieceSeconds: 3 }), []);
  assert.throws(() => segment(x, 100, { pieceSeconds: 0 }), ParameterError);
  assert.throws(() => segment(x, 100, { pieceSeconds: 1, hopSeconds: -1 }), ParameterError);
});
