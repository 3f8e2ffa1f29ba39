/**
 * Bench section `gtzan58`: single-threaded time per 30 s GTZAN clip of the `gtzan58`,
 * `featureSequence` and `scattering` recipes, with the ratio to librosa 0.9.2's 1.37 s for the 57
 * statistics (the issue's figure for this kind of machine; goal 0.14 s, at most 0.27 s), then
 * where the gtzan58 time goes, stage by stage (each stage timed alone on the same clip).
 * Each case runs WARMUP times to warm up, then RUNS times; medians of wall and process CPU time.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadAudio } from '../src/audio/index.js';
import { chromaStft } from '../src/dsp/chroma.js';
import { powerToDb } from '../src/dsp/db.js';
import { hpssMasks } from '../src/dsp/hpss.js';
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

const sharedDataDir = process.env.GENREKIT_SHARED_DATA ?? resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const CLIP = join('gtzan', 'dev-audio', 'blues', 'blues.00000.wav');
const RUNS = 7;
/** V8 keeps re-optimising the long per-clip loops for the first few clips; a worker extracting a dataset runs warm. */
const WARMUP = 5;
/** librosa 0.9.2, 57 statistics of one 30 s clip (issue 3). */
const LIBROSA_GTZAN58_MS = 1370;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall and CPU ms of `fn` over RUNS runs after WARMUP runs. */
function time(fn: () => unknown, runs = RUNS): { wall: number; cpu: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const line = (name: string, t: { wall: number; cpu: number }, extra = ''): string =>
  `  ${name.padEnd(46)} ${t.wall.toFixed(1).padStart(8)} ms (cpu ${t.cpu.toFixed(1)} ms)${extra}`;

export async function run(): Promise<void> {
  const path = join(sharedDataDir, CLIP);
  if (!existsSync(path)) {
    console.log(`skipped: shared data not found (${path})`);
    return;
  }
  const y = (await loadAudio(path, { sampleRate: 22050 })).samples;
  const y16 = (await loadAudio(path, { sampleRate: 16000 })).samples;
  console.log(`per 30 s clip (${CLIP}), single thread, median of ${RUNS} runs after ${WARMUP} warm-up runs`);

  const g = getRecipe('gtzan58');
  const tg = time(() => g.compute(y));
  // CPU time stays meaningful when other jobs share the machine (wall time then includes waiting).
  const ratios = `${(LIBROSA_GTZAN58_MS / tg.wall).toFixed(1)}x by wall, ${(LIBROSA_GTZAN58_MS / tg.cpu).toFixed(1)}x by CPU time`;
  console.log(line('gtzan58 recipe', tg, `   librosa ${LIBROSA_GTZAN58_MS} ms: ${ratios} faster (goal 10x, at least 5x)`));
  const seq = getRecipe('featureSequence');
  console.log(line('featureSequence recipe (10 x 3 s)', time(() => seq.compute(y), 3)));
  const sc = getRecipe('scattering');
  console.log(line('scattering recipe (16 kHz)', time(() => sc.compute(y16), 3)));

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
    ['HPSS masks (both medians + soft masks)', () => hpssMasks(mag.data, mag.frames, mag.bins)],
    ['inverse STFT of the harmonic part', () => istft(harmonic, { length: y.length })],
  ];
  for (const [name, fn] of stages) console.log(line(`  ${name}`, time(fn, 3)));
}
