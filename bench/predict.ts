/**
 * Bench section `predict`: with the bundled model, the cold model load, the wall time to classify
 * one 30 s WAV after warm-up (one thread; goal <= 200 ms), and files per second for the 50 dev clips
 * with 1 and 2 worker threads (goal: 2 workers >= 1.8 x 1 worker).
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAudio } from '../src/audio/index.js';
import { classify } from '../src/predict/classify.js';
import { classifyFiles } from '../src/predict/batch.js';
import { loadClassifier } from '../src/predict/genre-model.js';
import { expandInputs } from '../src/predict/inputs.js';

const sharedDir = process.env.GENREKIT_SHARED_DATA ?? resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url))); // from dist/bench/

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(): Promise<void> {
  const devDir = join(sharedDir, 'gtzan', 'dev-audio');
  if (!existsSync(devDir)) {
    console.log(`skipped: shared data not found (${devDir})`);
    return;
  }
  const files = await expandInputs([devDir]);
  let t = performance.now();
  const model = await loadClassifier();
  console.log(`bundled model (${model.classifier.name}) cold load: ${(performance.now() - t).toFixed(0)} ms (goal: well under 1000 ms)`);

  const one = files[0];
  for (let i = 0; i < 5; i++) await classify(one, { model }); // steady state: V8 re-optimises the per-clip loops for a few clips
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 10; i++) {
    const c = process.cpuUsage();
    t = performance.now();
    await classify(one, { model });
    times.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const ms = median(times);
  console.log(`classify one 30 s WAV (${one.slice(devDir.length + 1)}), median of 10 after 5 warm-up calls: ${ms.toFixed(0)} ms (goal <= 200 ms: ${(ms / 200).toFixed(2)} x the goal)`);
  // CPU time is what the call costs; wall time also counts waiting for a core on a busy machine.
  console.log(`  CPU time of the process per call: ${median(cpu).toFixed(0)} ms; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
  // Where the time goes: the feature recipe alone on the same decoded samples, the rest is decode + model + aggregation.
  const { samples } = await loadAudio(one, { sampleRate: model.recipe.sampleRate });
  const featureTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    model.recipe.compute(samples);
    featureTimes.push(performance.now() - t);
  }
  const fms = median(featureTimes);
  console.log(`  of which features (${model.recipe.id}): ${fms.toFixed(0)} ms; decode + model + aggregation: ${ms - fms >= 1 ? `${(ms - fms).toFixed(0)} ms` : 'under 1 ms (within the noise of the two medians)'}`);

  // The VM's speed drifts by several per cent over seconds (other tenants), so the two worker
  // counts run in alternating rounds and the ratio is taken between the medians of the rounds.
  const rounds = 5;
  const runs: Record<number, { seconds: number; cpu: number }[]> = { 1: [], 2: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const jobs of [1, 2]) {
      await classifyFiles(files.slice(0, 2 * jobs), { jobs }); // warm the file cache
      const c = process.cpuUsage();
      t = performance.now();
      const verdicts = await classifyFiles(files, { jobs });
      const s = (performance.now() - t) / 1000;
      const d = process.cpuUsage(c);
      const failed = verdicts.filter((v) => v.error).length;
      runs[jobs].push({ seconds: s, cpu: (d.user + d.system) / 1e6 });
      console.log(
        `round ${round}: ${files.length} dev clips, --jobs ${jobs}: ${s.toFixed(2)} s, ${(files.length / s).toFixed(2)} files/s, CPU ${((d.user + d.system) / 1e6).toFixed(2)} s (all threads)${failed ? `, ${failed} failed` : ''}`,
      );
    }
  }
  const rate: Record<number, number> = {};
  const cpuSeconds: Record<number, number> = {};
  for (const jobs of [1, 2]) {
    rate[jobs] = files.length / median(runs[jobs].map((r) => r.seconds));
    cpuSeconds[jobs] = median(runs[jobs].map((r) => r.cpu));
    console.log(`${files.length} dev clips, --jobs ${jobs}, median of ${rounds} rounds: ${rate[jobs].toFixed(2)} files/s (a fresh pool each run: worker start, model load and JIT warm-up included)`);
  }
  const perRound = runs[1].map((r, i) => r.seconds / runs[2][i].seconds);
  console.log(
    `speed-up of --jobs 2 over --jobs 1: ${(rate[2] / rate[1]).toFixed(2)} x (goal >= 1.8 x; rounds ${perRound.map((x) => x.toFixed(2)).join(', ')}); load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
  );
  console.log(`CPU per file with 2 workers / with 1 worker: ${(cpuSeconds[2] / cpuSeconds[1]).toFixed(2)} (1.00 = no overhead from parallelism)`);
}
