/**
 * `npm run bench -- neural`: training samples per second on every backend that loads, for S2's
 * LSTM (10 steps x 57 features, batch 32), S0's 2-layer LSTM (22 x 513, 250 units, batch 128)
 * and S4's 5-layer IndRNN (10 x 57, 128 units, batch 32), with each model's published training
 * setup. Baseline measured in the same process: the same S2 network built from tf.layers and
 * trained with model.fit (untuned tfjs). Reference: PyTorch 1.13 on the CPU about 4200 samples/s
 * for S2's LSTM; goal on wasm >= 1500.
 */
// tf.layers is a dev dependency, here only as the untuned baseline.
import * as tfl from '@tensorflow/tfjs-layers';
import { initTf, tf, type BackendName } from '../src/models/runtime/backend.js';
import { setFusedKernels } from '../src/models/runtime/fused.js';
import { setTransposeFix } from '../src/models/runtime/matmul-transpose.js';
import { indRnnNetwork, IND_RNN_DEFAULTS } from '../src/models/neural/ind-rnn.js';
import { lstmNetwork, LSTM_DEFAULTS } from '../src/models/neural/lstm.js';
import { lstmSequenceNetwork, LSTM_SEQUENCE_DEFAULTS } from '../src/models/neural/lstm-sequence.js';
import type { Network } from '../src/models/neural/network.js';
import { createOptimizer } from '../src/models/neural/train/optimizers.js';
import { Rng } from '../src/random.js';
import { kernelTimes } from './kernel-times.js';
import { exampleSeeds, trainStep, type TrainOptions } from '../src/models/neural/train/trainer.js';

interface Case {
  name: string;
  time: number;
  features: number;
  batch: number;
  build(rng: Rng): Network;
  train: TrainOptions;
}

const CLASSES = 10;
const cases: Case[] = [
  { name: "S2 LSTM 2x64 (10x57, batch 32)", time: 10, features: 57, batch: 32, build: (r) => lstmSequenceNetwork.build(LSTM_SEQUENCE_DEFAULTS, { inputShape: [10, 57], classes: CLASSES }, r), train: LSTM_SEQUENCE_DEFAULTS },
  { name: "S0 LSTM 2x250 (22x513, batch 128)", time: 22, features: 513, batch: 128, build: (r) => lstmNetwork.build(LSTM_DEFAULTS, { inputShape: [22, 513], classes: CLASSES }, r), train: LSTM_DEFAULTS },
  { name: "S4 IndRNN 5x128 (10x57, batch 32)", time: 10, features: 57, batch: 32, build: (r) => indRnnNetwork.build(IND_RNN_DEFAULTS, { inputShape: [10, 57], classes: CLASSES }, r), train: IND_RNN_DEFAULTS },
];

function randomBatch(rng: Rng, c: Case): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(c.batch * c.time * c.features);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return { x, y: Int32Array.from({ length: c.batch }, () => rng.int(CLASSES)) };
}

/** Kernel launches of one training step and the kernel types taking most of its time. */
async function profileStep(c: Case): Promise<string> {
  const rng = new Rng(1);
  const net = c.build(rng);
  const vars = net.params.trainable();
  const opt = createOptimizer(c.train.optimizer, { learningRate: c.train.learningRate, momentum: c.train.momentum });
  const weights = tf.ones([CLASSES]) as tf.Tensor1D;
  const { x, y } = randomBatch(rng, c);
  const step = () => trainStep(net, vars, opt, tf.tensor(x, [c.batch, c.time, c.features]), y, weights, c.train.clipNorm, exampleSeeds(rng.seed(), c.batch));
  step();
  const info = await tf.profile(() => {
    step();
  });
  const { total, byName } = kernelTimes(info);
  const top = byName.slice(0, 4).map(([n, ms]) => `${n} ${((100 * ms) / total).toFixed(0)}%`);
  weights.dispose();
  opt.dispose();
  net.params.dispose();
  return `${info.kernels.length} kernel launches per step; kernel time: ${top.join(', ')}`;
}

/**
 * Samples per second over at least `minSeconds` of steps after two warm-up steps, by the wall
 * clock and by this process's CPU time (steadier on a machine shared with other jobs; wasm and
 * cpu run on one thread, so the two agree on an idle machine).
 */
function measure(c: Case, minSeconds: number): { wall: number; cpu: number } {
  const rng = new Rng(1);
  const net = c.build(rng);
  const vars = net.params.trainable();
  const opt = createOptimizer(c.train.optimizer, { learningRate: c.train.learningRate, momentum: c.train.momentum });
  const weights = tf.ones([CLASSES]) as tf.Tensor1D;
  const { x, y } = randomBatch(rng, c);
  const step = () => trainStep(net, vars, opt, tf.tensor(x, [c.batch, c.time, c.features]), y, weights, c.train.clipNorm, exampleSeeds(rng.seed(), c.batch));
  step();
  step();
  let n = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - t0 < minSeconds * 1000 || n < 3) {
    step();
    n++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  weights.dispose();
  opt.dispose();
  net.params.dispose();
  return { wall: (n * c.batch) / seconds, cpu: (n * c.batch) / ((cpu.user + cpu.system) / 1e6) };
}

const rate = (r: { wall: number; cpu: number }) => `${r.wall.toFixed(0).padStart(6)} samples/s (${r.cpu.toFixed(0).padStart(6)} per CPU-second)`;

/** The S2 network as tf.layers + model.fit: what an untuned tfjs port does. */
async function measureLayersBaseline(minSeconds: number): Promise<{ wall: number; cpu: number }> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.lstm({ units: 64, returnSequences: true, inputShape: [10, 57] }),
      tfl.layers.lstm({ units: 64 }),
      tfl.layers.dense({ units: 64, activation: 'relu' }),
      tfl.layers.dropout({ rate: 0.3 }),
      tfl.layers.dense({ units: CLASSES, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  const batches = 20;
  const x = tf.randomNormal([32 * batches, 10, 57]);
  const y = tf.cast(tf.randomUniform([32 * batches, 1], 0, CLASSES, 'int32'), 'float32');
  await model.fit(x, y, { batchSize: 32, epochs: 1, verbose: 0 });
  let epochs = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - t0 < minSeconds * 1000) {
    await model.fit(x, y, { batchSize: 32, epochs: 1, verbose: 0, shuffle: false });
    epochs++;
  }
  const cpu = process.cpuUsage(cpu0);
  const samples = epochs * 32 * batches;
  x.dispose();
  y.dispose();
  model.dispose();
  return { wall: samples / ((performance.now() - t0) / 1000), cpu: samples / ((cpu.user + cpu.system) / 1e6) };
}

export async function run(): Promise<void> {
  const minSeconds = Number(process.env.GENREKIT_BENCH_SECONDS ?? 3);
  const backends: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
  for (const want of backends) {
    let backend: BackendName;
    try {
      backend = await initTf(want);
    } catch {
      console.log(`backend ${want}: not available${want === 'tensorflow' ? ' (npm install @tensorflow/tfjs-node)' : ''}`);
      continue;
    }
    setTransposeFix(false);
    const baseline = await measureLayersBaseline(minSeconds);
    setTransposeFix(true);
    console.log(`backend ${backend}:`);
    console.log(`  ${'baseline: S2 LSTM in tf.layers + fit'.padEnd(36)} ${rate(baseline)}  (untuned tfjs)`);
    // The same network on plain tf ops with tfjs autograd: what the fused kernels save.
    setFusedKernels(false);
    const plain = measure(cases[0], minSeconds);
    const plainProfile = await profileStep(cases[0]);
    setFusedKernels(true);
    console.log(`  ${'S2 LSTM, plain tf ops + autograd'.padEnd(36)} ${rate(plain)}  x${(plain.cpu / baseline.cpu).toFixed(2)} vs baseline`);
    console.log(`    plain: ${plainProfile}`);
    console.log(`    fused: ${await profileStep(cases[0])}`);
    for (const c of cases) {
      // S0's 22 x 513 LSTM takes tens of seconds per batch in plain JavaScript.
      if (backend === 'cpu' && c.features > 100 && !process.env.GENREKIT_BENCH_ALL) {
        console.log(`  ${c.name.padEnd(36)} skipped on cpu (set GENREKIT_BENCH_ALL=1)`);
        continue;
      }
      const r = measure(c, minSeconds);
      const ratio = c === cases[0] ? `  x${(r.cpu / baseline.cpu).toFixed(2)} vs baseline, x${(r.cpu / 4200).toFixed(2)} vs PyTorch 1.13 CPU (4200); goal 1500` : '';
      console.log(`  ${c.name.padEnd(36)} ${rate(r)}${ratio}`);
    }
  }
}
