/**
 * Parity with librosa 0.9.2 on reference/signals.json.gz: for every key below, max |ours - ref| /
 * max |ref| within the stated tolerance (1e-4; chroma 1e-3), on three synthetic signals and the
 * first 5 s of two dev clips. Each key spells out the librosa call; the lambda is our equivalent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chromaStft,
  magnitude,
  melSpectrogram,
  mfcc,
  powerToDb,
  rms,
  spectralBandwidth,
  spectralCentroid,
  spectralRolloff,
  stft,
  zeroCrossingRate,
} from '../../src/dsp/index.js';
import type { FrameMatrix } from '../../src/dsp/frame-matrix.js';
import { sharedData } from '../helpers/shared-data.js';
import { loadReference, relativeErrorTransposed } from './reference.js';
import { referenceSignals } from './reference-signals.js';
import { loadReferenceClip } from './reference-clips.js';

type Case = { key: string; tolerance: number; compute: (y: Float32Array, sr: number) => FrameMatrix };

const curve = (data: Float32Array): FrameMatrix => ({ frames: data.length, bins: 1, data });

const CASES: Case[] = [
  {
    key: 'stft_abs[n_fft=2048,hop=512,hann,center=True]',
    tolerance: 1e-4,
    compute: (y) => {
      const s = stft(y, { nFft: 2048, hopLength: 512, window: 'hann', center: true });
      return { frames: s.frames, bins: s.bins, data: magnitude(s) };
    },
  },
  { key: 'melspectrogram[n_mels=128,power=2]', tolerance: 1e-4, compute: (y, sr) => melSpectrogram(y, { sr, nMels: 128, power: 2 }) },
  {
    key: 'power_to_db(mel,ref=1.0,top_db=80)',
    tolerance: 1e-4,
    compute: (y, sr) => {
      const mel = melSpectrogram(y, { sr });
      return { ...mel, data: powerToDb(mel.data, { ref: 1, topDb: 80 }) };
    },
  },
  {
    key: 'melspectrogram[n_mels=192,fmax=8000,hop=256]',
    tolerance: 1e-4,
    compute: (y, sr) => melSpectrogram(y, { sr, nMels: 192, fmax: 8000, hopLength: 256 }),
  },
  { key: 'mfcc[n_mfcc=20]', tolerance: 1e-4, compute: (y, sr) => mfcc(y, { sr, nMfcc: 20 }) },
  { key: 'mfcc[n_mfcc=13,n_fft=551,hop=551]', tolerance: 1e-4, compute: (y, sr) => mfcc(y, { sr, nMfcc: 13, nFft: 551, hopLength: 551 }) },
  { key: 'chroma_stft', tolerance: 1e-3, compute: (y, sr) => chromaStft(y, { sr }) },
  { key: 'spectral_centroid', tolerance: 1e-4, compute: (y, sr) => curve(spectralCentroid(y, { sr })) },
  { key: 'spectral_bandwidth', tolerance: 1e-4, compute: (y, sr) => curve(spectralBandwidth(y, { sr })) },
  { key: 'spectral_rolloff', tolerance: 1e-4, compute: (y, sr) => curve(spectralRolloff(y, { sr })) },
  { key: 'zero_crossing_rate', tolerance: 1e-4, compute: (y) => curve(zeroCrossingRate(y)) },
  { key: 'rms', tolerance: 1e-4, compute: (y) => curve(rms(y)) },
];

test('DSP features match librosa 0.9.2 on the reference signals', async (t) => {
  const path = sharedData(t, 'reference', 'signals.json.gz');
  if (!path) return;
  const ref = loadReference(path);
  assert.equal(ref.librosa, '0.9.2');
  const signals = await referenceSignals(ref, loadReferenceClip);
  assert.equal(signals.length, Object.keys(ref.signals).length, 'every reference signal is available');
  for (const c of CASES) {
    await t.test(c.key, () => {
      for (const s of signals) {
        const ours = c.compute(s.samples, s.sr);
        const err = relativeErrorTransposed(ours.data, ours.frames, ours.bins, s.arrays[c.key]);
        t.diagnostic(`${c.key} | ${s.name} | ${err.toExponential(2)}`);
        assert.ok(err <= c.tolerance, `${s.name}: relative error ${err} > ${c.tolerance}`);
      }
    });
  }
});
