/**
 * Bench section `predict`: with the bundled model, the cold model load, the wall time to classify
 * one 30 s WAV after warm-up (one thread; goal <= 200 ms), and files per second for the 50 dev clips
 * with 1 and 2 worker threads (goal: 2 workers >= 1.8 x 1 worker), one-shot (as the CLI), one-shot
 * over 150 files, and with warm workers (`BatchClassifier`).
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAudio } from '../src/audio/index.js';
import { classify } from '../src/predict/classify.js';
import { BatchClassifier, classifyFiles, type FileVerdict } from '../src/predict/batch.js';
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
  // Three ways to run a batch: one-shot `classifyFiles` (what `genrekit classify` does: workers
  // start, load the model and warm up inside the timing), the same with the 50 clips three times
  // over (the start amortised over 150 files), and a `BatchClassifier` whose workers already
  // classified a batch (a long-running process: the throughput of warm workers).
  type Run = { seconds: number; cpu: number; files: number };
  const timed = async (label: string, round: number, jobs: number, batch: string[], go: () => Promise<FileVerdict[]>): Promise<Run> => {
    const c = process.cpuUsage();
    const t0 = performance.now();
    const verdicts = await go();
    const seconds = (performance.now() - t0) / 1000;
    const d = process.cpuUsage(c);
    const cpu = (d.user + d.system) / 1e6;
    const failed = verdicts.filter((v) => v.error).length;
    console.log(`  ${label} round ${round}, --jobs ${jobs}: ${seconds.toFixed(2)} s, ${(batch.length / seconds).toFixed(2)} files/s, CPU ${cpu.toFixed(2)} s (all threads)${failed ? `, ${failed} failed` : ''}`);
    return { seconds, cpu, files: batch.length };
  };
  const summary = (label: string, runs: Record<number, Run[]>): number => {
    const rate = (jobs: number) => runs[jobs][0].files / median(runs[jobs].map((r) => r.seconds));
    const perRound = runs[1].map((r, i) => r.seconds / runs[2][i].seconds);
    const cpu = (jobs: number) => median(runs[jobs].map((r) => r.cpu));
    const ratio = rate(2) / rate(1);
    console.log(
      `${label}: --jobs 1 ${rate(1).toFixed(2)} files/s, --jobs 2 ${rate(2).toFixed(2)} files/s (medians of ${runs[1].length}): ${ratio.toFixed(2)} x (goal >= 1.8 x; rounds ${perRound.map((x) => x.toFixed(2)).join(', ')}); CPU per file 2 workers / 1 worker ${(cpu(2) / cpu(1)).toFixed(2)}`,
    );
    return ratio;
  };

  console.log(`${files.length} dev clips, one-shot (a fresh pool each run, as the CLI: worker start, model load and JIT warm-up included):`);
  const oneShot: Record<number, Run[]> = { 1: [], 2: [] };
  for (let round = 1; round <= 5; round++) {
    for (const jobs of [1, 2]) {
      await classifyFiles(files.slice(0, 2 * jobs), { jobs }); // the file cache
      oneShot[jobs].push(await timed('one-shot', round, jobs, files, () => classifyFiles(files, { jobs })));
    }
  }
  const thrice = [...files, ...files, ...files];
  console.log(`the same clips three times over (${thrice.length} files), one-shot:`);
  const longer: Record<number, Run[]> = { 1: [], 2: [] };
  for (const jobs of [1, 2]) longer[jobs].push(await timed('150 files', 1, jobs, thrice, () => classifyFiles(thrice, { jobs })));
  console.log(`${files.length} dev clips, BatchClassifier after one warm-up batch of 50 (warm workers):`);
  const warm: Record<number, Run[]> = { 1: [], 2: [] };
  for (let round = 1; round <= 3; round++) {
    for (const jobs of [1, 2]) {
      const classifier = new BatchClassifier({ jobs });
      try {
        await classifier.classifyFiles(files);
        warm[jobs].push(await timed('warm', round, jobs, files, () => classifier.classifyFiles(files)));
      } finally {
        await classifier.close();
      }
    }
  }
  summary(`one-shot, ${files.length} files`, oneShot);
  summary(`one-shot, ${thrice.length} files`, longer);
  summary(`warm workers, ${files.length} files`, warm);
  console.log(`load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
}
