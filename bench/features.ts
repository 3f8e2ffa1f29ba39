/**
 * Bench section `features`: single-threaded time per 30 s GTZAN clip of each feature recipe and
 * of the mel spectrogram's stages, each with the WebAssembly kernels ("after") and with them
 * switched off ("before": the JavaScript twins and the Float64 frame-by-frame mel path), in the
 * same run. Audio is loaded once per sample rate (not timed); each case runs once to warm up,
 * then `RUNS` times in alternation with its twin; medians of wall and process CPU time. Then the
 * 128-band mel spectrogram (power, and in dB) and HPSS's two median filters side by side with their
 * peer measured in the same run: numpy's rfft STFT with librosa's framing, the Slaney mel matmul
 * and dB, scipy.ndimage.median_filter (bench/peers/mel_numpy.py, Debian's `python3-numpy` and
 * `python3-scipy`), in alternating rounds; without python3 and numpy it says so and prints our
 * figures alone.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadAudio } from '../src/audio/index.js';
import { powerToDb } from '../src/dsp/db.js';
import { harmonicMaskGivenPercussive } from '../src/dsp/hpss.js';
import { medianFilterAlongRows } from '../src/dsp/median.js';
import { melFilterBank, melSpectrogram } from '../src/dsp/mel.js';
import { mfccFromLogMel } from '../src/dsp/mfcc.js';
import { spectrogram } from '../src/dsp/stft.js';
import { getRecipe } from '../src/features/index.js';
import { kernelLine, timeBoth } from './kernels-on-off.js';

const sharedDataDir = process.env.GENREKIT_SHARED_DATA ?? resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const CLIP = join('gtzan', 'dev-audio', 'blues', 'blues.00000.wav');
const RUNS = 7;

interface Case {
  /** Printed name. */
  name: string;
  /** Hz the input is loaded at. */
  sampleRate: number;
  /** Builds the timed function once (recipe set-up such as filter banks is not timed). */
  prepare: () => (samples: Float32Array) => unknown;
}

const recipeCase = (id: string, sampleRate: number, params: Record<string, unknown> = {}): Case => ({
  name: `${id} recipe`,
  sampleRate,
  prepare: () => {
    const r = getRecipe(id, params);
    return (y) => r.compute(y);
  },
});

const bank128 = melFilterBank(22050, 2048);

const CASES: Case[] = [
  recipeCase('melspec', 22050),
  recipeCase('mfcc', 22050),
  recipeCase('spectrogram', 4000),
  // The stages of librosa.feature.melspectrogram(y, sr=22050) (n_fft 2048, hop 512, 128 bands) and
  // of librosa.feature.mfcc on it.
  { name: 'stage: STFT + |X|^2 + 128-band mel', sampleRate: 22050, prepare: () => (y) => melSpectrogram(y, {}, bank128) },
  { name: 'stage: STFT + |X|^2 (the Float64 spectrogram)', sampleRate: 22050, prepare: () => (y) => spectrogram(y, {}, 2) },
  {
    name: 'stage: power_to_db of the 128-band mel',
    sampleRate: 22050,
    prepare: () => {
      let mel: Float32Array | null = null;
      return (y) => powerToDb((mel ??= melSpectrogram(y, {}, bank128).data));
    },
  },
  {
    name: 'stage: 20 MFCC of the log mel (DCT)',
    sampleRate: 22050,
    prepare: () => {
      let logMel: { frames: number; bins: number; data: Float32Array } | null = null;
      return (y) => {
        logMel ??= (() => {
          const m = melSpectrogram(y, {}, bank128);
          return { frames: m.frames, bins: m.bins, data: powerToDb(m.data) };
        })();
        return mfccFromLogMel(logMel, 20);
      };
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
  console.log(`per 30 s clip (${CLIP}), single thread, median of ${RUNS} alternating runs after one warm-up; with the kernels, and with them off (before)`);
  for (const c of CASES) {
    const y = audio.get(c.sampleRate)!;
    const fn = c.prepare();
    console.log(kernelLine(c.name, timeBoth(() => fn(y))));
  }
  await sideBySide(audio.get(22050)!);
}

/** The numpy peer in its own process: `run(command)` times one call there. */
interface Peer {
  run(command: PeerCommand): Promise<{ ms: number; sum: number }>;
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

type PeerCommand = 'mel' | 'db' | 'medians';

/** Ours and the numpy peer, alternating rounds on the same 30 s, medians and the ratio. */
export async function sideBySide(samples: Float32Array): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'genrekit-bench-peer-'));
  try {
    const bank = melFilterBank(22050, 2048);
    const recipe = getRecipe('melspec', { hopLength: 512, nMels: 128, fmax: 11025 });
    const mag = spectrogram(samples, {}, 1);
    const { frames, bins } = mag;
    // HPSS's two medians (kernel 31) and its harmonic mask, as librosa's decompose.hpss takes them.
    const medians = () => harmonicMaskGivenPercussive(mag.data, medianFilterAlongRows(mag.data, frames, bins, 31), frames, bins);
    const ours: Record<PeerCommand, () => Float32Array> = { mel: () => melSpectrogram(samples, {}, bank).data, db: () => recipe.compute(samples).data, medians };
    const peer = await startPeer(samples, dir);
    if (typeof peer === 'string') console.log(`numpy peer absent (${peer}); install python3-numpy and python3-scipy to measure it side by side. Ours alone:`);
    else console.log('side by side with numpy / scipy (pocketfft rfft, librosa framing, Slaney mel matmul; ndimage.median_filter), alternating rounds, medians of 15:');
    const cases: [PeerCommand, string][] = [
      ['mel', '128-band mel spectrogram, power'],
      ['db', '128-band mel spectrogram in dB (ref max, top 80 dB)'],
      ['medians', 'HPSS: time + frequency medians (31) and the mask'],
    ];
    for (const [command, name] of cases) {
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
      if (Number.isNaN(p)) {
        console.log(`  ${name.padEnd(52)} ours ${m.toFixed(1)} ms (scipy absent: install python3-scipy to measure its peer)`);
        continue;
      }
      const agree = Math.abs(sums[0] - sums[1]) / Math.max(1e-12, Math.abs(sums[1]));
      console.log(`  ${name.padEnd(52)} ours ${m.toFixed(1)} ms, numpy ${p.toFixed(1)} ms: ours ${(p / m).toFixed(2)}x as fast (sums agree to ${agree.toExponential(1)})`);
    }
    if (typeof peer !== 'string') peer.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
