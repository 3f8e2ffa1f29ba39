/**
 * Bench section `data`: extraction throughput of the 50 GTZAN dev clips into a fresh feature store
 * with 1 and 2 worker threads, and the speed-up of 2 over 1 (goal: >= 1.8x). Uses the gtzan58
 * recipe when it is registered, else melspec, and says which.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDataset } from '../src/data/datasets.js';
import { extractFeatures } from '../src/data/extract.js';
import { getRecipe } from '../src/features/index.js';

const sharedDataDir = process.env.GENREKIT_SHARED_DATA ?? resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));

function pickRecipe(): string {
  try {
    getRecipe('gtzan58', {});
    return 'gtzan58';
  } catch {
    return 'melspec';
  }
}

export async function run(): Promise<void> {
  const devAudio = join(sharedDataDir, 'gtzan', 'dev-audio');
  if (!existsSync(devAudio)) {
    console.log(`skipped: shared data not found (${devAudio})`);
    return;
  }
  const recipe = pickRecipe();
  const dataset = openDataset(devAudio);
  console.log(`extraction of ${dataset.items.length} dev clips, recipe ${recipe}${recipe === 'melspec' ? ' (gtzan58 not registered)' : ''}, whole files, fresh store each run; ${availableParallelism()} cores`);
  // Two rounds, alternating 1 and 2 workers, best of each: the machine may be shared, and load drifts.
  const best = new Map<number, { seconds: number; audioSeconds: number }>();
  for (let round = 0; round < 2; round++) {
    for (const jobs of [1, 2]) {
      const dir = mkdtempSync(join(tmpdir(), 'gk-bench-data-'));
      try {
        const load = loadavg()[0];
        const cpu0 = process.cpuUsage();
        const s = await extractFeatures(dataset, { recipe, store: join(dir, 'store'), jobs });
        const cpu = process.cpuUsage(cpu0);
        // CPU seconds of all threads / wall seconds: below the worker count means the workers waited for a core.
        const coresUsed = (cpu.user + cpu.system) / 1e6 / s.seconds;
        if (s.computed !== dataset.items.length) throw new Error(`bench: ${dataset.items.length - s.computed} files not computed: ${JSON.stringify(s.skipped)}`);
        console.log(`  round ${round + 1}, ${jobs} worker${jobs > 1 ? 's' : ' '}: ${s.seconds.toFixed(2)} s, ${(dataset.items.length / s.seconds).toFixed(2)} files/s, ${(s.audioSeconds / s.seconds).toFixed(1)} s of audio/s, ${coresUsed.toFixed(2)} cores busy (load average ${load.toFixed(1)})`);
        const prev = best.get(jobs);
        if (!prev || s.seconds < prev.seconds) best.set(jobs, { seconds: s.seconds, audioSeconds: s.audioSeconds });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const rates = [1, 2].map((j) => dataset.items.length / best.get(j)!.seconds);
  for (const [i, j] of [1, 2].entries()) console.log(`  best, ${j} worker${j > 1 ? 's' : ' '}: ${rates[i].toFixed(2)} files/s, ${(best.get(j)!.audioSeconds / best.get(j)!.seconds).toFixed(1)} s of audio/s`);
  if (loadavg()[0] > availableParallelism()) console.log(`  note: load average ${loadavg()[0].toFixed(1)} exceeds the ${availableParallelism()} cores: other processes compete and the speed-up understates the pool`);
  console.log(`  speed-up 2 workers / 1 worker: ${(rates[1] / rates[0]).toFixed(2)}x (goal >= 1.8x)`);
}
