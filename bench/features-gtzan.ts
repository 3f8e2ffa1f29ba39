/**
 * Bench section `gtzan58`: single-threaded time per 30 s GTZAN clip of the `gtzan58`,
 * `featureSequence` and `scattering` recipes, then where the gtzan58 time goes, stage by stage
 * (each stage timed alone on the same clip): each with the WebAssembly kernels and with them
 * switched off (their JavaScript twins: the "before"), in alternating runs. gtzan58 is set beside
 * librosa 0.9.2's 1.61 s for the same 57 statistics, a figure measured on this kind of machine on
 * 2026-12-06 (issue 19; librosa cannot be installed here, so it is not rerun: the `features`
 * section's numpy/scipy peer measures the spectrogram and HPSS medians side by side instead).
 * Each case runs WARMUP times to warm up, then RUNS times; medians of wall and process CPU time.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAudio } from '../src/audio/index.js';
import { chromaStft } from '../src/dsp/chroma.js';
import { powerToDb } from '../src/dsp/db.js';
import { harmonicMask, hpssMasks } from '../src/dsp/hpss.js';
import { medianFilterAlongRows, medianFilterDownColumns } from '../src/dsp/median.js';
import { melFilterBank, melSpectrogram } from '../src/dsp/mel.js';
import { mfccFromLogMel } from '../src/dsp/mfcc.js';
import { onsetStrengthFromSpectrogram } from '../src/dsp/onset.js';
import { rms } from '../src/dsp/rms.js';
import { spectralBandwidth, spectralCentroid, spectralRolloff } from '../src/dsp/spectral.js';
import { istft, magnitude, spectrogram, stft } from '../src/dsp/stft.js';
import { estimateTempo } from '../src/dsp/tempo.js';
import { zeroCrossingRate } from '../src/dsp/zcr.js';
import { getRecipe } from '../src/features/index.js';
import { kernelLine, timeBoth } from './kernels-on-off.js';

const sharedDataDir = process.env.GENREKIT_SHARED_DATA ?? resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const CLIP = join('gtzan', 'dev-audio', 'blues', 'blues.00000.wav');
const RUNS = 7;
/** V8 keeps re-optimising the long per-clip loops for the first few clips; a worker extracting a dataset runs warm. */
const WARMUP = 5;
/** librosa 0.9.2, 57 statistics of one 30 s clip, measured on this kind of machine (issue 19). */
const LIBROSA_GTZAN58_MS = 1610;

export async function run(): Promise<void> {
  const path = join(sharedDataDir, CLIP);
  if (!existsSync(path)) {
    console.log(`skipped: shared data not found (${path})`);
    return;
  }
  const y = (await loadAudio(path, { sampleRate: 22050 })).samples;
  const y16 = (await loadAudio(path, { sampleRate: 16000 })).samples;
  console.log(`per 30 s clip (${CLIP}), single thread, median of ${RUNS} alternating runs after ${WARMUP} warm-up runs; with the kernels, and with them off (before)`);

  const g = getRecipe('gtzan58');
  const tg = timeBoth(() => g.compute(y), RUNS, WARMUP);
  console.log(kernelLine('gtzan58 recipe', tg, 46));
  // CPU time stays meaningful when other jobs share the machine (wall time then includes waiting).
  console.log(`    librosa 0.9.2's ${LIBROSA_GTZAN58_MS} ms (stored, 2026-12-06): ${(LIBROSA_GTZAN58_MS / tg.on[0]).toFixed(1)}x faster by wall, ${(LIBROSA_GTZAN58_MS / tg.on[1]).toFixed(1)}x by CPU time (goal 20x)`);
  const seq = getRecipe('featureSequence');
  console.log(kernelLine('featureSequence recipe (10 x 3 s)', timeBoth(() => seq.compute(y), 3, WARMUP), 46));
  const sc = getRecipe('scattering');
  console.log(kernelLine('scattering recipe (16 kHz)', timeBoth(() => sc.compute(y16), 3, 1), 46));

  console.log('  where gtzan58 time goes (each stage alone):');
  const spec = stft(y);
  const mag = spectrogram(y, {}, 1);
  const power = spectrogram(y, {}, 2);
  const bank = melFilterBank(22050, 2048);
  const logMel = (() => {
    const mel = melSpectrogram(power, {}, bank);
    return { frames: mel.frames, bins: mel.bins, data: powerToDb(mel.data) };
  })();
  const masks = hpssMasks(mag.data, mag.frames, mag.bins);
  const harmonic = { ...spec, re: spec.re.map((v, i) => v * masks.harmonic[i]), im: spec.im.map((v, i) => v * masks.harmonic[i]) };
  const stages: [string, () => unknown][] = [
    ['STFT (complex, magnitude)', () => magnitude(stft(y))],
    ['chroma (tuning estimate + filter bank)', () => chromaStft(power)],
    ['centroid + bandwidth + rolloff', () => [spectralBandwidth(mag, {}, spectralCentroid(mag)), spectralRolloff(mag)]],
    ['mel + dB + 20 MFCC', () => mfccFromLogMel({ ...logMel, data: powerToDb(melSpectrogram(power, {}, bank).data) }, 20)],
    ['onset strength + tempo', () => estimateTempo(onsetStrengthFromSpectrogram(logMel.data, logMel.frames, logMel.bins))],
    ['rms + zero-crossing rate', () => [rms(y), zeroCrossingRate(y)]],
    ['HPSS median along time (31 frames)', () => medianFilterDownColumns(mag.data, mag.frames, mag.bins, 31)],
    ['HPSS median along frequency (31 bins)', () => medianFilterAlongRows(mag.data, mag.frames, mag.bins, 31)],
    ['HPSS harmonic mask (both medians, one soft mask)', () => harmonicMask(mag.data, mag.frames, mag.bins)],
    ['inverse STFT of the harmonic part', () => istft(harmonic, { length: y.length })],
  ];
  for (const [name, fn] of stages) console.log(kernelLine(`  ${name}`, timeBoth(fn, 3, WARMUP), 46));
}
