/**
 * The training loop shared by every neural model: seeded shuffling and dropout, weighted softmax
 * cross-entropy, global-norm clipping, SGD / Adam / RMSprop, a validation pass and early stopping
 * that restores the best weights, an atomic checkpoint after every epoch (resumable after a kill:
 * the resumed run draws the same random numbers and ends with the same weights as an unbroken
 * one), a progress line per epoch, and learning curves.
 */
import * as tf from '../../runtime/tf.js';
import { ParameterError } from '../../../errors.js';
import type { TrainProgress } from '../../registry.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { clipByGlobalNorm } from './clip.js';
import { writeLearningCurves } from './curves.js';
import { EarlyStopping, type EarlyStoppingState, type Monitor } from './early-stopping.js';
import type { EpochRecord } from './history.js';
import { createOptimizer, OPTIMIZER_NAMES, type Optimizer, type OptimizerName } from './optimizers.js';
import { formatProgress } from './progress.js';
import { Rng } from '../../../random.js';

/** A network the loop can train: its weights in a fixed order and its forward pass to logits. */
export interface TrainableNetwork {
  params: { trainable(): tf.Variable[]; snapshot(): Float32Array[]; assign(values: Float32Array[]): void };
  /** batch x classes logits for input `x`; in training, example k draws its dropout from `rngs[k]`. */
  logits(x: tf.Tensor, ctx: { training: boolean; rngs?: Rng[] }): tf.Tensor2D;
  /** Most examples per forward / backward pass (network.ts); absent, no limit. */
  readonly examplesPerPass?: number;
  /** Called after every update to keep weights in their allowed range (network.ts); absent, none. */
  constrain?(): void;
}

/** Labelled examples that can be cut into input tensors. */
export interface BatchSource {
  size: number;
  /** Class index per example. */
  labels: Int32Array;
  /** Input tensor of the examples at `indices` (the caller disposes it). */
  batch(indices: number[]): tf.Tensor;
}

export type ClassWeighting = 'none' | 'balanced';

/** Training options every neural model accepts (each model overrides some with its published values). */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** SGD momentum; ignored by Adam and RMSprop. */
  momentum: number;
  /** Global-norm gradient clipping threshold; 0 disables clipping. */
  clipNorm: number;
  /** Early-stopping patience in epochs (needs validation data); 0 never stops early. */
  patience: number;
  monitor: Monitor;
  /** `balanced` weights each class by n / (classes x count), as scikit-learn. */
  classWeights: ClassWeighting;
}

export const TRAIN_DEFAULTS: Readonly<TrainOptions> = {
  epochs: 50,
  batchSize: 32,
  optimizer: 'adam',
  learningRate: 1e-3,
  momentum: 0,
  clipNorm: 0,
  patience: 10,
  monitor: 'valLoss',
  classWeights: 'none',
};

export interface TrainRun {
  seed: number;
  classes: number;
  onProgress?: (p: TrainProgress) => void;
  /** Folder for `checkpoint.bin` and the learning curves. */
  checkpointDir?: string;
  /** Continue from the checkpoint in `checkpointDir` when there is one. */
  resume?: boolean;
  /** Identifies model, arguments and data; a checkpoint with another fingerprint is refused. */
  fingerprint: string;
  /** Recorded in the curves; the backend TensorFlow.js runs on. */
  backend?: string;
  /** Runs each step across worker threads (data-parallel.ts); absent, steps run on this thread. */
  parallel?: (step: { vars: tf.Variable[]; optimizer: Optimizer; classWeights: tf.Tensor1D; clipNorm: number }) => StepRunner | undefined;
}

export interface TrainResult {
  history: EpochRecord[];
  /** Epoch whose weights the network holds at the end (the best on validation, else the last). */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Epoch the run resumed after, when it did. */
  resumedAfter?: number;
  /** Seconds of this process's training (not counting epochs done before a resume). */
  seconds: number;
}

interface CheckpointMeta {
  fingerprint: string;
  epoch: number;
  rngState: number;
  early: EarlyStoppingState;
  history: EpochRecord[];
  stopped: boolean;
}

export function validateTrainOptions(o: TrainOptions): void {
  const int = (name: keyof TrainOptions, min: number) => {
    const v = o[name] as number;
    if (!Number.isInteger(v) || v < min) throw new ParameterError(name, `must be an integer >= ${min}, got ${v}`);
  };
  int('epochs', 1);
  int('batchSize', 1);
  int('patience', 0);
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(o.optimizer)) throw new ParameterError('optimizer', `unknown optimizer '${o.optimizer}'; use one of ${OPTIMIZER_NAMES.join(', ')}`);
  if (!(o.learningRate > 0)) throw new ParameterError('learningRate', `must be > 0, got ${o.learningRate}`);
  if (!(o.clipNorm >= 0)) throw new ParameterError('clipNorm', `must be >= 0, got ${o.clipNorm}`);
  if (o.monitor !== 'valLoss' && o.monitor !== 'valAccuracy') throw new ParameterError('monitor', `use valLoss or valAccuracy, got '${o.monitor}'`);
  if (o.classWeights !== 'none' && o.classWeights !== 'balanced') throw new ParameterError('classWeights', `use none or balanced, got '${o.classWeights}'`);
}

/** Per-class loss weights (length `classes`). */
export function classWeightsFor(labels: Int32Array, classes: number, mode: ClassWeighting): Float32Array {
  const w = new Float32Array(classes).fill(1);
  if (mode === 'none') return w;
  const counts = new Array<number>(classes).fill(0);
  for (const y of labels) counts[y]++;
  for (let c = 0; c < classes; c++) w[c] = counts[c] ? labels.length / (classes * counts[c]) : 0;
  return w;
}

/** Mean over the batch of weight[y] x cross-entropy(softmax(logits), y). */
export function weightedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, weights: tf.Tensor1D): tf.Scalar {
  const classes = logits.shape[1];
  const picked = tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, classes)), 1);
  return tf.div(tf.neg(tf.sum(tf.mul(picked, tf.gather(weights, labels)))), labels.shape[0]) as tf.Scalar;
}

function batches(order: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
}

/**
 * Examples per forward-only pass (validation, prediction): twice the training batch, at most 256
 * and at most the network's `examplesPerPass` (a CRNN's activations for 256 pieces of 3 s would not
 * fit the wasm backend's 4 GB; training showed its batch fits).
 */
export function forwardBatchOf(batchSize: number, net: { examplesPerPass?: number }): number {
  return Math.max(1, Math.min(256, 2 * batchSize, net.examplesPerPass ?? 256));
}

/** Mean cross-entropy and accuracy over `data`, without dropout, in batches of `batchSize`. */
export function evaluateNetwork(net: TrainableNetwork, data: BatchSource, batchSize = 256): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (const idx of batches([...Array(data.size).keys()], batchSize)) {
    const [l, c] = tf.tidy(() => {
      const x = data.batch(idx);
      const y = tf.tensor1d(Int32Array.from(idx, (i) => data.labels[i]), 'int32');
      const logits = net.logits(x, { training: false });
      const ce = weightedCrossEntropy(logits, y, tf.ones([logits.shape[1]]) as tf.Tensor1D);
      const ok = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
      return [ce.dataSync()[0], ok.dataSync()[0]];
    });
    loss += l * idx.length;
    correct += c;
  }
  return { loss: loss / data.size, accuracy: correct / data.size };
}

/** Per-example generator seeds of one step: example k of the batch draws its dropout from seed k. */
export function exampleSeeds(stepSeed: number, count: number): Uint32Array {
  return Uint32Array.from({ length: count }, (_, k) => (stepSeed + Math.imul(k + 1, 0x9e3779b9)) >>> 0);
}

/** The gradients of one shard of a batch, as computed by {@link shardGradients}. */
export interface ShardGradients {
  /** One per trainable variable, in order (the caller disposes them). */
  grads: tf.Tensor[];
  /** Sum over the shard of weight[y] x cross-entropy. */
  lossSum: number;
  /** Correct arg-max predictions in the shard. */
  correct: number;
}

/**
 * Forward with dropout (example k drawing from `seeds[k]`) and the gradients of
 * sum_k weight[y_k] CE_k / `denominator`: with the batch's size as denominator, the gradients of
 * shards summed are the batch's. Computed in passes of at most `net.examplesPerPass` examples.
 * Disposes `x`.
 */
export function shardGradients(net: TrainableNetwork, vars: tf.Variable[], x: tf.Tensor, labels: Int32Array, classWeights: tf.Tensor1D, denominator: number, seeds: Uint32Array): ShardGradients {
  // Passes of equal size (16 examples with a limit of 14 go as 8 + 8, not 14 + 2).
  const passes = Math.ceil(labels.length / Math.max(1, net.examplesPerPass ?? labels.length));
  const pass = Math.ceil(labels.length / passes);
  let grads: tf.Tensor[] | undefined;
  let lossSum = 0;
  let correct = 0;
  for (let from = 0; from < labels.length; from += pass) {
    const n = Math.min(pass, labels.length - from);
    const part = n === labels.length ? x : tf.slice(x, from, n);
    const one = passGradients(net, vars, part, labels.subarray(from, from + n), classWeights, denominator, seeds.subarray(from, from + n));
    if (part !== x) part.dispose();
    lossSum += one.lossSum;
    correct += one.correct;
    if (!grads) grads = one.grads;
    else {
      const sums = grads.map((g, i) => tf.add(g, one.grads[i]));
      [...grads, ...one.grads].forEach((g) => g.dispose());
      grads = sums;
    }
  }
  x.dispose();
  return { grads: grads!, lossSum, correct };
}

/** shardGradients of examples that fit one pass; leaves `x` to the caller. */
function passGradients(net: TrainableNetwork, vars: tf.Variable[], x: tf.Tensor, labels: Int32Array, classWeights: tf.Tensor1D, denominator: number, seeds: Uint32Array): ShardGradients {
  const rngs = Array.from(seeds, (s) => new Rng(s));
  const y = tf.tensor1d(labels, 'int32');
  let ok: tf.Tensor | undefined;
  let lossSum = 0;
  const grads = tf.tidy(() => {
    const { value, grads: g } = tf.variableGrads(() => {
      const logits = net.logits(x, { training: true, rngs });
      ok = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32')));
      return tf.mul(weightedCrossEntropy(logits, y, classWeights), labels.length / denominator) as tf.Scalar;
    }, vars);
    lossSum = value.dataSync()[0] * denominator;
    return vars.map((v) => g[v.name]);
  });
  const correct = ok!.dataSync()[0];
  ok!.dispose();
  y.dispose();
  return { grads, lossSum, correct };
}

/**
 * One optimisation step on a batch: {@link shardGradients} of the whole batch, optional
 * global-norm clipping, update. Disposes `x`. Returns the batch's mean loss and number of
 * correct arg-max predictions.
 */
export function trainStep(net: TrainableNetwork, vars: tf.Variable[], optimizer: Optimizer, x: tf.Tensor, labels: Int32Array, classWeights: tf.Tensor1D, clipNorm: number, seeds: Uint32Array): { loss: number; correct: number } {
  const shard = shardGradients(net, vars, x, labels, classWeights, labels.length, seeds);
  applyGradients(vars, optimizer, shard.grads, clipNorm);
  return { loss: shard.lossSum / labels.length, correct: shard.correct };
}

/** Clip (when `clipNorm` > 0) and apply `grads` (disposed here). */
export function applyGradients(vars: tf.Variable[], optimizer: Optimizer, grads: tf.Tensor[], clipNorm: number): void {
  tf.tidy(() => {
    const g = clipNorm > 0 ? clipByGlobalNorm(grads, clipNorm).grads : grads;
    optimizer.apply(vars, g);
  });
  for (const g of grads) g.dispose();
}

/** Computes a batch's step, on this thread or across workers (data-parallel.ts). */
export interface StepRunner {
  step(idx: number[], seeds: Uint32Array): Promise<{ loss: number; correct: number }>;
  close(): Promise<void>;
}

/** Train `net` in place; returns its history. See the module comment. */
export async function trainNetwork(net: TrainableNetwork, data: BatchSource, valid: BatchSource | undefined, opts: TrainOptions, run: TrainRun): Promise<TrainResult> {
  validateTrainOptions(opts);
  const started = Date.now();
  const vars = net.params.trainable();
  const optimizer = createOptimizer(opts.optimizer, { learningRate: opts.learningRate, momentum: opts.momentum });
  const early = new EarlyStopping(opts.monitor, opts.patience);
  const rng = new Rng(run.seed);
  let history: EpochRecord[] = [];
  let bestWeights: Float32Array[] | undefined;
  let start = 1;
  let stopped = false;
  let resumedAfter: number | undefined;

  if (run.resume && run.checkpointDir) {
    const cp = await readCheckpoint<CheckpointMeta>(run.checkpointDir);
    if (cp) {
      if (cp.meta.fingerprint !== run.fingerprint) {
        throw new ParameterError('resume', `the checkpoint in ${run.checkpointDir} was written for another model, arguments or data; remove it or train without --resume`);
      }
      net.params.assign(cp.arrays.weights);
      optimizer.setState(cp.arrays.optimizer, vars);
      rng.setState(cp.meta.rngState);
      early.state = cp.meta.early;
      history = cp.meta.history;
      bestWeights = cp.arrays.best.length ? cp.arrays.best : undefined;
      stopped = cp.meta.stopped;
      start = cp.meta.epoch + 1;
      resumedAfter = cp.meta.epoch;
    }
  }

  const weights = tf.tensor1d(classWeightsFor(data.labels, run.classes, opts.classWeights));
  const runner = run.parallel?.({ vars, optimizer, classWeights: weights, clipNorm: opts.clipNorm });
  try {
    for (let epoch = start; epoch <= opts.epochs && !stopped; epoch++) {
      const t0 = Date.now();
      const order = rng.shuffle([...Array(data.size).keys()]);
      let lossSum = 0;
      let correct = 0;
      for (const idx of batches(order, opts.batchSize)) {
        const seeds = exampleSeeds(rng.seed(), idx.length);
        const step = runner
          ? await runner.step(idx, seeds)
          : trainStep(net, vars, optimizer, data.batch(idx), Int32Array.from(idx, (i) => data.labels[i]), weights, opts.clipNorm, seeds);
        net.constrain?.();
        lossSum += step.loss * idx.length;
        correct += step.correct;
      }
      const record: EpochRecord = { epoch, loss: lossSum / data.size, accuracy: correct / data.size, seconds: 0 };
      let note = '';
      if (valid) {
        const v = evaluateNetwork(net, valid, forwardBatchOf(opts.batchSize, net));
        record.valLoss = v.loss;
        record.valAccuracy = v.accuracy;
        const { improved, stop } = early.update(epoch, opts.monitor === 'valLoss' ? v.loss : v.accuracy);
        if (improved) bestWeights = net.params.snapshot();
        if (stop) {
          stopped = true;
          note = `early stop: no better ${opts.monitor} since epoch ${early.state.bestEpoch}`;
        }
      }
      record.seconds = (Date.now() - t0) / 1000;
      history.push(record);
      const done = history.slice(resumedAfter ?? 0);
      const mean = done.reduce((s, r) => s + r.seconds, 0) / Math.max(1, done.length);
      const eta = stopped ? 0 : mean * (opts.epochs - epoch);
      if (run.checkpointDir) {
        await writeCheckpoint<CheckpointMeta>(run.checkpointDir, {
          meta: { fingerprint: run.fingerprint, epoch, rngState: rng.state, early: early.state, history, stopped },
          arrays: { weights: net.params.snapshot(), best: bestWeights ?? [], optimizer: optimizer.getState() },
        });
      }
      run.onProgress?.({
        epoch,
        epochs: opts.epochs,
        loss: record.loss,
        accuracy: record.accuracy,
        valLoss: record.valLoss,
        valAccuracy: record.valAccuracy,
        seconds: record.seconds,
        message: formatProgress(record, opts.epochs, eta, note),
      });
    }
  } finally {
    await runner?.close();
    weights.dispose();
    optimizer.dispose();
  }
  const last = history.length ? history[history.length - 1].epoch : 0;
  let bestEpoch = last;
  if (valid && bestWeights && early.state.bestEpoch) {
    net.params.assign(bestWeights);
    bestEpoch = early.state.bestEpoch;
  }
  if (run.checkpointDir) await writeLearningCurves(run.checkpointDir, { history, bestEpoch, backend: run.backend });
  return { history, bestEpoch, stoppedEarly: stopped && last < opts.epochs, resumedAfter, seconds: (Date.now() - started) / 1000 };
}
