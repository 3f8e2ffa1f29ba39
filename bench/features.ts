/**
 * Bench section `features`: single-threaded time per 30 s GTZAN clip of each feature recipe,
 * with the ratio to librosa 0.9.2 where the issue gives its time on this kind of machine.
 * Audio is loaded once per sample rate (not timed). Each case runs once to warm up, then
 * `RUNS` times; the median wall time is printed, and the median CPU time of the process (which
 * stays honest when other jobs share the machine). Add a recipe by adding one entry to `CASES`.
 * Then the 128-band mel spectrogram (power, and in dB) side by side with its peer measured in the
 * same run: numpy's rfft STFT with librosa's framing, the Slaney mel matmul and dB
 * (bench/peers/mel_numpy.py, Debian's `python3-numpy`), in alternating rounds; without python3
 * and numpy it says so and prints our figures alone.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
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
  await sideBySide(audio.get(22050)!);
}

/** The numpy peer in its own process: `run('mel' | 'db')` times one call there. */
interface Peer {
  run(command: 'mel' | 'db'): Promise<{ ms: number; sum: number }>;
  close(): void;
}

/** Starts bench/peers/mel_numpy.py on `samples` (22050 Hz), or returns why it cannot. */
async function startPeer(samples: Float32Array, dir: string): Promise<Peer | string> {
  const file = join(dir, 'clip.f32');
  writeFileSync(file, new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  const script = fileURLToPath(new URL('../../bench/peers/mel_numpy.py', import.meta.url));
  const child = spawn('python3', [script, file], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const failed = new Promise<string>((ok) => {
    child.on('error', (e) => ok(`python3 not found (${e.message})`));
    child.on('exit', (code) => ok(`python3 exited ${code}: ${stderr.trim().split('\n').pop() ?? ''}`));
  });
  const first = await Promise.race([lines.next().then((r) => (r.done ? 'no output' : r.value)), failed]);
  if (first !== 'ready') {
    child.kill();
    return first;
  }
  return {
    async run(command) {
      child.stdin.write(`${command}\n`);
      const r = await lines.next();
      const [ms, sum] = String(r.value).split(' ').map(Number);
      return { ms, sum };
    },
    close: () => child.stdin.end(),
  };
}

/** Ours and the numpy peer, alternating rounds on the same 30 s, medians and the ratio. */
export async function sideBySide(samples: Float32Array): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'genrekit-bench-peer-'));
  try {
    const bank = melFilterBank(22050, 2048);
    const recipe = getRecipe('melspec', { hopLength: 512, nMels: 128, fmax: 11025 });
    const ours = { mel: () => melSpectrogram(samples, {}, bank).data, db: () => recipe.compute(samples).data };
    const peer = await startPeer(samples, dir);
    if (typeof peer === 'string') console.log(`numpy peer absent (${peer}); install python3-numpy to measure it side by side. Ours alone:`);
    else console.log('side by side with numpy (pocketfft rfft, librosa framing, Slaney mel matmul), alternating rounds, medians of 15:');
    for (const [command, name] of [['mel', '128-band mel spectrogram, power'], ['db', '128-band mel spectrogram in dB (ref max, top 80 dB)']] as const) {
      const mine: number[] = [];
      const theirs: number[] = [];
      let sums = [0, 0];
      ours[command]();
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now();
        const out = ours[command]();
        mine.push(performance.now() - t0);
        if (typeof peer !== 'string') {
          const r = await peer.run(command);
          theirs.push(r.ms);
          sums = [out.reduce((a, b) => a + b, 0), r.sum];
        }
      }
      const m = median(mine);
      if (typeof peer === 'string') {
        console.log(`  ${name.padEnd(52)} ours ${m.toFixed(1)} ms`);
        continue;
      }
      const p = median(theirs);
      const agree = Math.abs(sums[0] - sums[1]) / Math.max(1e-12, Math.abs(sums[1]));
      console.log(`  ${name.padEnd(52)} ours ${m.toFixed(1)} ms, numpy ${p.toFixed(1)} ms: ours ${(p / m).toFixed(2)}x as fast (sums agree to ${agree.toExponential(1)})`);
    }
    if (typeof peer !== 'string') peer.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
