/**
 * Bench section `features`: single-threaded time per 30 s GTZAN clip of each feature recipe,
 * with the ratio to librosa 0.9.2 where the issue gives its time on this kind of machine.
 * Audio is loaded once per sample rate (not timed). Each case runs once to warm up, then
 * `RUNS` times; the median wall time is printed, and the median CPU time of the process (which
 * stays honest when other jobs share the machine). Add a recipe by adding one entry to `CASES`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadAudio } from '../src/audio/index.js';
import { melFilterBank, melSpectrogram } from '../src/dsp/mel.js';
import { getRecipe } from '../src/features/index.js';

const sharedDataDir = process.env.GENREKIT_SHARED_DATA ?? resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const CLIP = join('gtzan', 'dev-audio', 'blues', 'blues.00000.wav');
const RUNS = 7;

interface Case {
  /** Printed name. */
  name: string;
  /** Hz the input is loaded at. */
  sampleRate: number;
  /** librosa 0.9.2's time for the same work, ms, when known. */
  librosaMs?: number;
  /** Builds the timed function once (recipe set-up such as filter banks is not timed). */
  prepare: () => (samples: Float32Array) => unknown;
}

const recipeCase = (id: string, sampleRate: number, librosaMs?: number, params: Record<string, unknown> = {}): Case => ({
  name: `${id} recipe`,
  sampleRate,
  librosaMs,
  prepare: () => {
    const r = getRecipe(id, params);
    return (y) => r.compute(y);
  },
});

const CASES: Case[] = [
  recipeCase('melspec', 22050),
  recipeCase('mfcc', 22050),
  recipeCase('spectrogram', 4000),
  {
    // librosa.feature.melspectrogram(y, sr=22050): n_fft 2048, hop 512, 128 bands; ~17 ms in librosa.
    name: 'mel spectrogram 128 bands, hop 512 (librosa default)',
    sampleRate: 22050,
    librosaMs: 17,
    prepare: () => {
      const bank = melFilterBank(22050, 2048);
      return (y) => melSpectrogram(y, {}, bank);
    },
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

export async function run(): Promise<void> {
  const path = join(sharedDataDir, CLIP);
  if (!existsSync(path)) {
    console.log(`skipped: shared data not found (${path})`);
    return;
  }
  const audio = new Map<number, Float32Array>();
  for (const c of CASES) {
    if (!audio.has(c.sampleRate)) audio.set(c.sampleRate, (await loadAudio(path, { sampleRate: c.sampleRate })).samples);
  }
  console.log(`per 30 s clip (${CLIP}), single thread, median of ${RUNS} runs after one warm-up`);
  for (const c of CASES) {
    const y = audio.get(c.sampleRate)!;
    const fn = c.prepare();
    fn(y);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      fn(y);
      wall.push(performance.now() - t0);
      const used = process.cpuUsage(c0);
      cpu.push((used.user + used.system) / 1000);
    }
    const ms = median(wall);
    const cpuMs = median(cpu);
    const vs = c.librosaMs ? `   librosa ${c.librosaMs} ms: ratio ours/librosa ${(ms / c.librosaMs).toFixed(2)} (cpu ${(cpuMs / c.librosaMs).toFixed(2)})` : '';
    console.log(`  ${c.name.padEnd(52)} ${ms.toFixed(1).padStart(7)} ms (cpu ${cpuMs.toFixed(1)} ms)${vs}`);
  }
}
