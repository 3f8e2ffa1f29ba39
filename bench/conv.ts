/**
 * `npm run bench -- conv`: S1's convolutional networks on the wasm backend.
 * 1. The three convolution kernels on the base CRNN's second layer (64 x 65 x 64 -> 128, 3 x 3):
 *    genrekit's (conv-kernels.ts, im2col + SIMD GEMM) beside the kernel registered before it
 *    (tfjs's own Conv2D and input gradient; for the filter gradient, which tfjs-backend-wasm
 *    lacks, the cpu backend's kernel on copies), in GFLOP/s.
 * 2. Training samples/s of the base and extended CRNN (input 128 x 130 x 1, batch 16), S2's LSTM
 *    and S0's LSTM, on 1 and 2 threads (data-parallel), with the ratio.
 * 3. Where the base CRNN's step spends its kernel time (tf.profile).
 * 4. PyTorch (Debian's python3-torch) training the same CRNNs in the same run, on 1 and 2 threads,
 *    when installed; our figures alone otherwise.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initTf, tf } from '../src/models/runtime/backend.js';
import { previousConvKernel } from '../src/models/runtime/conv-kernels.js';
import { PackedBatches } from '../src/models/neural/batcher.js';
import { networkDefinition } from '../src/models/neural/definitions.js';
import { dataParallelRunner } from '../src/models/neural/train/data-parallel.js';
import { createOptimizer } from '../src/models/neural/train/optimizers.js';
import { exampleSeeds, trainStep, type StepRunner } from '../src/models/neural/train/trainer.js';
import { Rng } from '../src/random.js';
import { kernelTimes } from './kernel-times.js';

const CLASSES = 10;

interface Case {
  name: string;
  definition: string;
  input: number[];
  batch: number;
}

const CASES: Case[] = [
  { name: 'S1 base CRNN (128x130x1, batch 16)', definition: 'crnn', input: [130, 128], batch: 16 },
  { name: 'S1 extended CRNN (128x130x1, batch 16)', definition: 'crnn-extended', input: [130, 128], batch: 16 },
  { name: 'S2 LSTM 2x64 (10x57, batch 32)', definition: 'lstm-sequence', input: [10, 57], batch: 32 },
  { name: 'S0 LSTM 2x250 (22x513, batch 128)', definition: 'lstm', input: [22, 513], batch: 128 },
];

function kernelFigures(): void {
  const backend = tf.backend();
  const rng = new Rng(1);
  const rand = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
  const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] };
  const rows: Array<[string, number, string]> = [
    ['Conv2D', 4, 'forward'],
    ['Conv2DBackpropInput', 4, 'input gradient'],
    ['Conv2DBackpropFilter', 1, 'filter gradient'],
  ];
  console.log('kernels on the base CRNN layer 2 (64x65x64 -> 128, 3x3 same), GFLOP/s:');
  for (const [name, batch, what] of rows) {
    const x = rand([batch, 64, 65, 64]);
    const w = rand([3, 3, 64, 128]);
    const dy = rand([batch, 64, 65, 128]);
    const inputs: Record<string, tf.Tensor> = name === 'Conv2D' ? { x, filter: w } : name === 'Conv2DBackpropInput' ? { dy, filter: w } : { x, dy };
    const a = { ...attrs, inputShape: x.shape, filterShape: w.shape } as unknown as tf.NamedAttrMap;
    const flops = 2 * batch * 64 * 65 * 9 * 64 * 128;
    const time = (f: () => tf.TensorInfo, reps: number) => {
      backend.disposeData(f().dataId);
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) backend.disposeData(f().dataId);
      return (performance.now() - t0) / reps;
    };
    const ours = time(() => tf.engine().runKernel(name, inputs, a) as unknown as tf.TensorInfo & { dataId: tf.DataId }, 5);
    const before = previousConvKernel(name as 'Conv2D');
    const theirs = before ? time(() => before.kernelFunc({ inputs: inputs as unknown as tf.NamedTensorInfoMap, attrs: a as unknown as tf.NamedAttrMap, backend }) as tf.TensorInfo, 1) : NaN;
    console.log(`  ${what.padEnd(16)} batch ${batch}: genrekit ${(flops / ours / 1e6).toFixed(1).padStart(5)}   before ${(flops / theirs / 1e6).toFixed(2).padStart(5)}   x${(theirs / ours).toFixed(1)}`);
    [x, w, dy].forEach((t) => t.dispose());
  }
}

/** Training samples/s of `c` on `jobs` threads over at least `seconds` after warm-up steps. */
async function trainingRate(c: Case, jobs: number, seconds: number): Promise<number> {
  const def = networkDefinition(c.definition);
  const args = { ...def.defaults } as Record<string, unknown>;
  const shape = { inputShape: c.input, classes: CLASSES };
  const rng = new Rng(2);
  const net = def.build(args as never, shape, rng);
  const count = 4 * c.batch;
  const width = c.input.reduce((a, b) => a * b, 1);
  const packed = new Float32Array(new SharedArrayBuffer(count * width * 4));
  for (let i = 0; i < packed.length; i++) packed[i] = rng.normal();
  const data = new PackedBatches(packed, c.input, Int32Array.from({ length: count }, () => rng.int(CLASSES)));
  const vars = net.params.trainable();
  const optimizer = createOptimizer('adam', { learningRate: 1e-4, momentum: 0 });
  const classWeights = tf.ones([CLASSES]) as tf.Tensor1D;
  const runner: StepRunner = dataParallelRunner(jobs, net, data, { definition: c.definition, args, shape, backend: 'wasm' }, { vars, optimizer, classWeights, clipNorm: 0 }) ?? {
    step: async (idx, seeds) => trainStep(net, vars, optimizer, data.batch(idx), Int32Array.from(idx, (i) => data.labels[i]), classWeights, 0, seeds),
    close: async () => undefined,
  };
  const step = () => {
    const idx = Array.from({ length: c.batch }, () => rng.int(count));
    return runner.step(idx, exampleSeeds(rng.seed(), c.batch));
  };
  await step();
  await step();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000 || n < 3) {
    await step();
    n++;
  }
  const rate = (n * c.batch) / ((performance.now() - t0) / 1000);
  await runner.close();
  classWeights.dispose();
  optimizer.dispose();
  net.params.dispose();
  return rate;
}

async function profile(c: Case): Promise<string> {
  const def = networkDefinition(c.definition);
  const rng = new Rng(3);
  const net = def.build(def.defaults as never, { inputShape: c.input, classes: CLASSES }, rng);
  const vars = net.params.trainable();
  const optimizer = createOptimizer('adam', { learningRate: 1e-4, momentum: 0 });
  const w = tf.ones([CLASSES]) as tf.Tensor1D;
  const x = Float32Array.from({ length: c.batch * c.input[0] * c.input[1] }, () => rng.normal());
  const y = Int32Array.from({ length: c.batch }, () => rng.int(CLASSES));
  const step = () => trainStep(net, vars, optimizer, tf.tensor(x, [c.batch, ...c.input]), y, w, 0, exampleSeeds(1, c.batch));
  step();
  const t0 = performance.now();
  const info = await tf.profile(() => {
    step();
  });
  const wall = performance.now() - t0;
  const { total, byName } = kernelTimes(info);
  w.dispose();
  optimizer.dispose();
  net.params.dispose();
  const top = byName.slice(0, 8);
  return `one step ${wall.toFixed(0)} ms (profiled), ${info.kernels.length} kernel launches, kernel time ${total.toFixed(0)} ms:\n` + top.map(([n, ms]) => `    ${n.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / total).toFixed(0).padStart(3)} %`).join('\n');
}

function torchPeer(seconds: number): { torch: string; rates: Record<string, Record<string, number>> } | undefined {
  const script = fileURLToPath(new URL('../../bench/peers/crnn_torch.py', import.meta.url));
  // The first python3 on PATH may be another installation than Debian's, which has the torch package.
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, [script, String(seconds)], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) continue;
    try {
      return JSON.parse(r.stdout.trim().split('\n').pop()!);
    } catch {
      continue;
    }
  }
  return undefined;
}

export async function run(): Promise<void> {
  const seconds = Number(process.env.GENREKIT_BENCH_SECONDS ?? 6);
  await initTf('wasm');
  kernelFigures();
  console.log('training on the wasm backend, samples/s (wall clock), 1 and 2 threads (data-parallel):');
  const ours: Record<string, number[]> = {};
  for (const c of CASES) {
    const one = await trainingRate(c, 1, seconds);
    const two = await trainingRate(c, 2, seconds);
    ours[c.definition] = [one, two];
    console.log(`  ${c.name.padEnd(40)} ${one.toFixed(1).padStart(7)}  ${two.toFixed(1).padStart(7)}   2 threads / 1: x${(two / one).toFixed(2)}`);
  }
  console.log(`where the base CRNN's step goes (1 thread): ${await profile(CASES[0])}`);
  const peer = torchPeer(seconds);
  if (!peer) {
    console.log('PyTorch peer: python3 with torch not found (apt-get install python3-torch): our figures alone');
    return;
  }
  console.log(`PyTorch ${peer.torch} on the same machine, same networks, samples/s (1 thread, 2 threads) and ours / PyTorch:`);
  for (const name of ['crnn', 'crnn-extended']) {
    const p = peer.rates[name];
    console.log(`  ${name.padEnd(14)} PyTorch ${p['1'].toFixed(1).padStart(6)} ${p['2'].toFixed(1).padStart(6)}   genrekit ${ours[name][0].toFixed(1).padStart(6)} ${ours[name][1].toFixed(1).padStart(6)}   x${(ours[name][0] / p['1']).toFixed(2)} / x${(ours[name][1] / p['2']).toFixed(2)}`);
  }
}
