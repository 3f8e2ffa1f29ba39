/** loadAudio's options (span, mono mix, rate) on generated WAVs, and segment(). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParameterError } from '../../src/errors.js';
import { encodeWav, loadAudio, LOAD_AUDIO_DEFAULTS, resample, segment, segmentRanges, type TailRule } from '../../src/audio/index.js';

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
    pieces.map((p) => [p.index, p.start, p.end, p.startSeconds, p.endSeconds, p.samples.length, p.samples[0], p.padding]),
    Array.from({ length: 10 }, (_, k) => [k, 300 * k, 300 * k + 300, 3 * k, 3 * k + 3, 300, 300 * k, 0]),
  );
  const overlapping = segment(x, 100, { pieceSeconds: 5, hopSeconds: 2.5 });
  assert.deepEqual(overlapping.map((p) => p.startSeconds), [0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20, 22.5, 25]);
  const padded = segment(x, 100, { pieceSeconds: 3, tail: 'pad' });
  assert.equal(padded.length, 11, 'a tail of 7 samples (2.3 % of a piece) is padded into an 11th piece');
  assert.equal(padded[10].padding, 293);
  assert.equal(segment(x.subarray(0, 3002), 100, { pieceSeconds: 3, tail: 'pad' }).length, 10, 'a tail of 2 samples (0.7 %) is dropped');
  const x2 = Float32Array.from({ length: 30 * 100 + 70 }, (_, i) => i);
  const padded2 = segment(x2, 100, { pieceSeconds: 3, tail: 'pad' });
  assert.equal(padded2.length, 11);
  assert.equal(padded2[10].padding, 230);
  assert.deepEqual(Array.from(padded2[10].samples.subarray(68, 72)), [3068, 3069, 0, 0]);
  assert.deepEqual(segment(x.subarray(0, 100), 100, { pieceSeconds: 3 }), []);
  assert.throws(() => segment(x, 100, { pieceSeconds: 0 }), ParameterError);
  assert.throws(() => segment(x, 100, { pieceSeconds: 1, hopSeconds: -1 }), ParameterError);
  assert.throws(() => segment(x, 100, { pieceSeconds: 1, tail: 'keep' as never }), ParameterError);
});

test('segmentRanges: the four tail rules on GTZAN-like clips, short songs and odd lengths', () => {
  const sr = 22050;
  const P = 30 * sr;
  const r = (n: number, tail: TailRule, seconds = 30) => segmentRanges(n, sr, { pieceSeconds: seconds, tail }).map((p) => [p.start, p.end, p.padding, p.short]);
  // A 30.013 s clip is one 30 s piece under every rule (the 0.013 s leftover is under 1 %); merge keeps it whole.
  for (const tail of ['drop', 'pad', 'lastFull'] as const) assert.deepEqual(r(661794, tail), [[0, P, 0, false]], tail);
  assert.deepEqual(r(661794, 'merge'), [[0, 661794, 0, false]]);
  // A 29.996 s clip (short by 0.01 %) is padded to one full piece under every rule.
  for (const tail of ['drop', 'pad', 'lastFull', 'merge'] as const) assert.deepEqual(r(661412, tail), [[0, 661412, 88, false]], tail);
  // 3 s pieces of a 30.013 s clip: ten, as the GTZAN 3 s table.
  assert.equal(segmentRanges(661794, sr, { pieceSeconds: 3 }).length, 10);
  // 32 s with 5 s pieces (S0): six whole pieces, then the rules differ on the 2 s tail.
  const s0 = (tail: TailRule) => segmentRanges(32 * 4000, 4000, { pieceSeconds: 5, tail }).map((p) => [p.start / 4000, p.end / 4000, p.padding / 4000]);
  assert.deepEqual(s0('drop').length, 6);
  assert.deepEqual(s0('pad').at(-1), [30, 32, 3]);
  assert.deepEqual(s0('lastFull').at(-1), [27, 32, 0]);
  assert.deepEqual(s0('merge').at(-1), [25, 32, 0], 'a tail under half a piece joins the last piece');
  assert.deepEqual(segmentRanges(33 * 4000, 4000, { pieceSeconds: 5, tail: 'merge' }).map((p) => p.start / 4000).at(-1), 28, 'half a piece or more: the last full piece');
  // A 4 s song with 30 s pieces: dropped, padded with zeros, repeated to fill the piece, or one short piece.
  assert.deepEqual(r(4 * sr, 'drop'), []);
  assert.deepEqual(r(4 * sr, 'pad'), [[0, 4 * sr, 26 * sr, true]]);
  assert.deepEqual(r(4 * sr, 'lastFull'), [[0, 4 * sr, 26 * sr, true]]);
  assert.deepEqual(r(4 * sr, 'merge'), [[0, 4 * sr, 0, true]]);
  const y = Float32Array.from({ length: 250 }, (_, i) => i + 1);
  const [looped] = segment(y, 100, { pieceSeconds: 6, tail: 'lastFull' });
  assert.equal(looped.samples.length, 600);
  assert.deepEqual([looped.samples[0], looped.samples[249], looped.samples[250], looped.samples[599]], [1, 250, 1, 100], 'the song repeated');
  assert.equal(segment(y, 100, { pieceSeconds: 6, tail: 'pad' })[0].samples[250], 0, 'zeros');
  assert.deepEqual(r(0, 'lastFull'), []);
  // Every lastFull piece of any length is exactly one piece long.
  for (const n of [1, 999, 4 * sr, 32 * sr, 61 * sr + 17, 222 * sr]) {
    for (const p of segmentRanges(n, sr, { pieceSeconds: 5, tail: 'lastFull' })) assert.equal(p.end - p.start + p.padding, 5 * sr, `n = ${n}`);
  }
  // Overlap: 10 s of 4 s pieces every 2 s.
  assert.deepEqual(segmentRanges(10 * sr, sr, { pieceSeconds: 4, hopSeconds: 2 }).map((p) => [p.start / sr, p.end / sr]), [[0, 4], [2, 6], [4, 8], [6, 10]]);
});
