/**
 * Bench section `long` (run only when named: minutes): classify generated long WAV files (1 h of
 * 44.1 kHz stereo, 10 h of 8 kHz mono; `GENREKIT_BENCH_LONG_HOURS=0.1` for a quick look) with
 * the bundled model, each in a fresh process, two ways in the same run: streamed
 * (`classify(path)`: decode -> mono -> resample -> pieces -> model, a few pieces held) and the
 * whole-file path genrekit took before (`loadAudio(path)` then the pieces of the whole signal).
 * Printed: seconds per audio-hour and peak RSS (the process's own maxRSS) of each, and the ratios.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url))); // from dist/bench/
const dist = join(root, 'dist', 'src');

/**
 * Writes `seconds` of 16-bit PCM WAV at `rate` Hz with `channels` channels to `path`, 1 s at a
 * time: a chord whose root moves every 5 s, a beat of noise bursts, and a little noise (so every
 * piece has music-like features and no two pieces are alike).
 */
function writeLongWav(path: string, seconds: number, rate: number, channels: number): void {
  const frames = Math.round(seconds * rate);
  const dataBytes = frames * channels * 2;
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + dataBytes, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(channels, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * channels * 2, 28);
  head.writeUInt16LE(channels * 2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(dataBytes, 40);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    let seed = 1;
    const block = Buffer.alloc(rate * channels * 2);
    for (let f0 = 0; f0 < frames; f0 += rate) {
      const n = Math.min(rate, frames - f0);
      for (let i = 0; i < n; i++) {
        const t = (f0 + i) / rate;
        const root = 110 * 2 ** ((Math.floor(t / 5) * 7) % 12 / 12);
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        const noise = seed / 2 ** 32 - 0.5;
        const beat = Math.exp(-12 * (t % 0.5));
        const v = 0.2 * (Math.sin(2 * Math.PI * root * t) + Math.sin(2 * Math.PI * root * 1.25 * t) + Math.sin(2 * Math.PI * root * 1.5 * t)) + 0.3 * beat * noise + 0.02 * noise;
        for (let c = 0; c < channels; c++) block.writeInt16LE(Math.round(Math.max(-1, Math.min(1, c ? 0.8 * v : v)) * 32767), (i * channels + c) * 2);
      }
      writeSync(fd, block, 0, n * channels * 2);
    }
  } finally {
    closeSync(fd);
  }
}

/** Classifies `path` in a fresh process; `whole` takes the whole-file path. Returns seconds and peak RSS (MB). */
function classifyInChild(path: string, whole: boolean): { seconds: number; peakMb: number; pieces: number } {
  const script = `
    const { classify, loadAudio } = await import(${JSON.stringify(join(dist, 'index.js'))});
    const { classifySamples, resolveOptions } = await import(${JSON.stringify(join(dist, 'predict', 'classify.js'))});
    const t = performance.now();
    let r;
    if (${whole}) {
      const opts = await resolveOptions({});
      const audio = await loadAudio(${JSON.stringify(path)}, { sampleRate: opts.model.recipe.sampleRate });
      r = await classifySamples(audio.samples, audio.sampleRate, opts, audio.file);
    } else {
      r = await classify(${JSON.stringify(path)});
    }
    const seconds = (performance.now() - t) / 1000;
    console.log(JSON.stringify({ seconds, peakMb: process.resourceUsage().maxRSS / 1024, pieces: r.pieces.length }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`classify ${path} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string);
}

export async function run(): Promise<void> {
  const scale = Number(process.env.GENREKIT_BENCH_LONG_HOURS ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'genrekit-long-'));
  try {
    for (const [hours, rate, channels] of [[1, 44100, 2], [10, 8000, 1]] as const) {
      const h = hours * scale;
      const path = join(dir, `long-${h}h-${rate}-${channels}ch.wav`);
      writeLongWav(path, h * 3600, rate, channels);
      const streamed = classifyInChild(path, false);
      const whole = classifyInChild(path, true);
      const perHour = (s: number) => (s / h).toFixed(1);
      console.log(
        `${h} h of ${rate} Hz ${channels === 2 ? 'stereo' : 'mono'} WAV, ${streamed.pieces} pieces: ` +
          `streamed ${perHour(streamed.seconds)} s per audio-hour, peak RSS ${streamed.peakMb.toFixed(0)} MB; ` +
          `whole-file ${perHour(whole.seconds)} s per audio-hour, peak RSS ${whole.peakMb.toFixed(0)} MB; ` +
          `time ratio ${(whole.seconds / streamed.seconds).toFixed(2)}, memory ratio ${(whole.peakMb / streamed.peakMb).toFixed(1)}`,
      );
      rmSync(path);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
