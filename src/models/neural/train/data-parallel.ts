/**
 * Data-parallel training on worker threads: each step's batch is cut into one contiguous shard
 * per thread; this thread computes the first shard's gradients while each worker, holding a
 * replica of the network rebuilt from its definition, computes another's from the current
 * weights; the gradients are summed (each shard's loss is divided by the whole batch's size, so
 * the sum is the batch's gradient), and the one optimiser here applies them. Dropout masks are
 * drawn per example (trainer.ts `exampleSeeds`), so a network without batch norm trains to the
 * same weights as on one thread, up to float rounding. Batch norm normalises each shard with its
 * own statistics (as PyTorch's DistributedDataParallel without SyncBatchNorm), and the running
 * statistics are averaged over the shards, weighted by their sizes. The examples are read from
 * shared memory; the weights go to each worker with every step.
 */
import { availableParallelism } from 'node:os';
import { WorkerPool } from '../../../parallel/pool.js';
import { tf } from '../../runtime/backend.js';
import type { NetworkShape } from '../network.js';
import type { PackedBatches } from '../batcher.js';
import type { ParamStore } from '../params.js';
import { applyGradients, shardGradients, type StepRunner, type TrainableNetwork } from './trainer.js';
import type { Optimizer } from './optimizers.js';

export const DATA_PARALLEL_DEFAULTS = {
  /** Training threads (this one included) when not given: one per core. */
  get jobs(): number {
    return availableParallelism();
  },
  /**
   * Recurrent and dense networks with fewer weights train on one thread unless told otherwise:
   * their steps are too short for the exchange (S2's LSTM of 60k weights ran at 0.93-1.13x on two
   * threads, S0's LSTM of 1.3M at 1.84x; `npm run bench -- conv`). Convolutional networks, whose
   * steps are long whatever their weights, always take every core.
   */
  minWeights: 200_000,
  /** A batch smaller than this many examples per thread runs on this thread alone. */
  minShard: 2,
};

/** What a worker needs to rebuild the network and read the examples (its `workerData`). */
export interface ReplicaSpec {
  definition: string;
  args: Record<string, unknown>;
  shape: NetworkShape;
  backend: string;
  packed: Float32Array;
  exampleShape: number[];
  labels: Int32Array;
  classWeights: Float32Array;
}

/** One shard's task. */
export interface ShardTask {
  /** Every variable's values, concatenated in the ParamStore's order. */
  weights: Float32Array;
  indices: Int32Array;
  seeds: Uint32Array;
  /** Size of the whole batch. */
  denominator: number;
}

export interface ShardResult {
  /** The trainable variables' gradients, concatenated in order. */
  grads: Float32Array;
  /** The state variables' values after the shard's forward pass, concatenated in order. */
  state: Float32Array;
  lossSum: number;
  correct: number;
}

/** `parts` concatenated into one array. */
export function concatFloat32(parts: ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cut `values` into pieces of the variables' sizes. */
export function unflatten(values: Float32Array, vars: tf.Variable[]): Float32Array[] {
  let at = 0;
  return vars.map((v) => values.subarray(at, (at += v.size)));
}

function shared(a: Float32Array): Float32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Float32Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** The threads to train a network of `weights` weights on when the user gave none. */
export function defaultJobs(weights: number, convolutional: boolean): number {
  return convolutional || weights >= DATA_PARALLEL_DEFAULTS.minWeights ? DATA_PARALLEL_DEFAULTS.jobs : 1;
}

/**
 * A StepRunner over `jobs` threads (this one and jobs - 1 workers), or undefined when `jobs` is 1.
 * `net.params` must be the ParamStore the definition builds.
 */
export function dataParallelRunner(
  jobs: number,
  net: TrainableNetwork & { params: ParamStore },
  data: PackedBatches,
  spec: Omit<ReplicaSpec, 'packed' | 'exampleShape' | 'labels' | 'classWeights'>,
  step: { vars: tf.Variable[]; optimizer: Optimizer; classWeights: tf.Tensor1D; clipNorm: number },
): StepRunner | undefined {
  if (jobs <= 1) return undefined;
  const workerData: ReplicaSpec = { ...spec, packed: shared(data.packed), exampleShape: data.shape, labels: data.labels, classWeights: step.classWeights.dataSync() as Float32Array };
  const pool = new WorkerPool<ShardTask, ShardResult>(new URL('./gradient-worker.js', import.meta.url), { workers: jobs - 1, workerData });
  const all = net.params.list();
  const stateIdx = net.params.stateIndices();
  return {
    async step(idx, seeds) {
      const threads = Math.max(1, Math.min(jobs, Math.floor(idx.length / DATA_PARALLEL_DEFAULTS.minShard)));
      const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((k * idx.length) / threads));
      const weights = threads > 1 ? concatFloat32(net.params.snapshot()) : undefined;
      const remote = bounds.slice(1, -1).map((from, k) => {
        const to = bounds[k + 2];
        return pool.run({ weights: weights!, indices: Int32Array.from(idx.slice(from, to)), seeds: seeds.slice(from, to), denominator: idx.length });
      });
      const mine = idx.slice(0, bounds[1]);
      const local = shardGradients(net, step.vars, data.batch(mine), Int32Array.from(mine, (i) => data.labels[i]), step.classWeights, idx.length, seeds.slice(0, bounds[1]));
      let lossSum = local.lossSum;
      let correct = local.correct;
      if (!remote.length) {
        applyGradients(step.vars, step.optimizer, local.grads, step.clipNorm);
        return { loss: lossSum / idx.length, correct };
      }
      const results = await Promise.all(remote);
      const sums = local.grads.map((g) => g.dataSync().slice() as Float32Array);
      local.grads.forEach((g) => g.dispose());
      const states = stateIdx.map((i) => {
        const own = all[i].dataSync() as Float32Array;
        return Float32Array.from(own, (v) => (v * bounds[1]) / idx.length);
      });
      results.forEach((r, k) => {
        if (!r.ok) throw new Error(`training worker failed: ${r.error.name}: ${r.error.message}`);
        const share = (bounds[k + 2] - bounds[k + 1]) / idx.length;
        unflatten(r.value.grads, step.vars).forEach((g, j) => {
          const s = sums[j];
          for (let i = 0; i < s.length; i++) s[i] += g[i];
        });
        let at = 0;
        states.forEach((s) => {
          for (let i = 0; i < s.length; i++) s[i] += r.value.state[at + i] * share;
          at += s.length;
        });
        lossSum += r.value.lossSum;
        correct += r.value.correct;
      });
      stateIdx.forEach((i, k) => tf.tidy(() => all[i].assign(tf.tensor(states[k], all[i].shape, 'float32'))));
      applyGradients(step.vars, step.optimizer, sums.map((s, j) => tf.tensor(s, step.vars[j].shape, 'float32')), step.clipNorm);
      return { loss: lossSum / idx.length, correct };
    },
    close: () => pool.close(),
  };
}
