/**
 * A data-parallel training worker (data-parallel.ts): rebuilds the network from its definition
 * once, then for each shard task loads the weights it is sent and returns the shard's gradients,
 * loss, correct count and batch-norm running statistics.
 */
import { workerData } from 'node:worker_threads';
import { serveTasks } from '../../../parallel/worker.js';
import { Rng } from '../../../random.js';
import { initTf, tf, type BackendName } from '../../runtime/backend.js';
import { PackedBatches } from '../batcher.js';
import { networkDefinition } from '../definitions.js';
import type { ReplicaSpec, ShardResult, ShardTask } from './data-parallel.js';
import { concatFloat32, unflatten } from './data-parallel.js';
import { shardGradients } from './trainer.js';

const spec = workerData as ReplicaSpec;
await initTf(spec.backend as BackendName);
const net = networkDefinition(spec.definition).build(spec.args as never, spec.shape, new Rng(0));
const data = new PackedBatches(spec.packed, spec.exampleShape, spec.labels);
const classWeights = tf.tensor1d(spec.classWeights);
const all = net.params.list();
const trainable = net.params.trainable();
const stateIdx = net.params.stateIndices();

serveTasks<ShardTask, ShardResult>((task) => {
  net.params.assign(unflatten(task.weights, all));
  const idx = Array.from(task.indices);
  const shard = shardGradients(net, trainable, data.batch(idx), Int32Array.from(idx, (i) => data.labels[i]), classWeights, task.denominator, task.seeds);
  const grads = concatFloat32(shard.grads.map((g) => g.dataSync() as Float32Array));
  shard.grads.forEach((g) => g.dispose());
  const state = concatFloat32(stateIdx.map((i) => all[i].dataSync() as Float32Array));
  return { grads, state, lossSum: shard.lossSum, correct: shard.correct };
});
