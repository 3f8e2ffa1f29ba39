/**
 * Bench section `audio`: decode-and-load throughput of the 50 GTZAN dev clips (seconds of audio
 * per second of wall time) at their own rate and loaded at 22050 / 16000 / 4000 Hz, and the time
 * to resample 30 s from 22050 Hz to 16000 and 4000 Hz (median of 7 runs) against librosa 0.9.2's
 * 0.40 s for the 4000 Hz case (the figure issue 2 gives for this kind of machine).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAudio, resample } from '../src/audio/index.js';

const sharedDataDir = process.env.GENREKIT_SHARED_DATA ?? resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const LIBROSA_RESAMPLE_4000_SECONDS = 0.4;
const RUNS = 7;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function clipsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(dir, d.name)).filter((f) => f.endsWith('.wav')).map((f) => join(dir, d.name, f)))
    .sort();
}

export async function run(): Promise<void> {
  const devAudio = join(sharedDataDir, 'gtzan', 'dev-audio');
  if (!existsSync(devAudio)) {
    console.log(`skipped: shared data not found (${devAudio})`);
    return;
  }
  const clips = clipsUnder(devAudio);
  console.log(`decode + load of ${clips.length} dev clips (22050 Hz mono 16-bit WAV), whole files, one thread`);
  await loadAudio(clips[0], { sampleRate: null }); // warm-up (JIT)
  for (const sampleRate of [null, 22050, 16000, 4000]) {
    const t0 = performance.now();
    let audioSeconds = 0;
    for (const clip of clips) audioSeconds += (await loadAudio(clip, { sampleRate })).durationSeconds;
    const wall = (performance.now() - t0) / 1000;
    const label = sampleRate === null ? 'native rate' : `at ${sampleRate} Hz${sampleRate === 22050 ? ' (= native: no resampling)' : ''}`;
    console.log(`  ${label.padEnd(38)} ${(audioSeconds / wall).toFixed(0).padStart(7)} s of audio / s  (${audioSeconds.toFixed(0)} s in ${wall.toFixed(2)} s)`);
  }

  const clip = (await loadAudio(clips[0], { sampleRate: null, duration: 30 })).samples;
  console.log(`resample 30 s (${clip.length} samples) from 22050 Hz, kaiser_best, median of ${RUNS} runs after one warm-up`);
  for (const to of [16000, 4000]) {
    resample(clip, 22050, to);
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      resample(clip, 22050, to);
      times.push((performance.now() - t0) / 1000);
    }
    const m = median(times);
    const vs =
      to === 4000
        ? `  librosa 0.9.2: ${LIBROSA_RESAMPLE_4000_SECONDS.toFixed(2)} s -> ${(LIBROSA_RESAMPLE_4000_SECONDS / m).toFixed(1)}x faster`
        : '  (no librosa figure given)';
    console.log(`  22050 -> ${String(to).padEnd(5)} Hz: ${m.toFixed(3)} s${vs}`);
  }
}
