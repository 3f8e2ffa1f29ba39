/**
 * Turns a network definition (arguments with published defaults + a builder) into a ModelKind:
 * `fit` standardises the inputs, builds the network from a seeded generator and trains it with
 * the shared engine (src/train); `restore` rebuilds it from `weights.bin` + `weights.json`.
 */
import { sha256Hex } from '../../platform/hash.js';
import { ModelFormatError, ParameterError } from '../../errors.js';
import type { Classifier, Example, SerializedModel } from '../model.js';
import type { FitContext, ModelKind, TrainData } from '../registry.js';
import { initTf, tf } from '../runtime/backend.js';
import { learningCurvesFiles } from './train/curves.js';
import { Rng } from '../../random.js';
import { forwardBatchOf, trainNetwork, TRAIN_DEFAULTS, type TrainOptions, type TrainResult } from './train/trainer.js';
import { requireInteger, resolveParams } from '../../params.js';
import { dataParallelRunner, defaultJobs } from './train/data-parallel.js';
import { applyStandardization, exampleShape, packExamples, PackedBatches, standardizationOf, type Standardization } from './batcher.js';
import type { Network, NetworkShape } from './network.js';
import { WEIGHTS_FILE, WEIGHTS_LAYOUT_FILE, type ParamSpec } from './params.js';

/** Arguments every neural model takes besides its own. */
export interface CommonArgs extends TrainOptions {
  /** Standardise each input feature with the training mean / std (stored with the weights). */
  standardize: boolean;
}

export const COMMON_DEFAULTS: Readonly<CommonArgs> = { ...TRAIN_DEFAULTS, standardize: true };

/** What a neural model file provides. */
export interface NetworkDefinition<A extends CommonArgs> {
  name: string;
  description: string;
  input: 'vector' | 'sequence';
  defaults: Readonly<A>;
  /** Check arguments that types alone do not (ranges); throw ParameterError. */
  validate?(args: A): void;
  build(args: A, shape: NetworkShape, rng: Rng): Network;
  /** Set weights after `build` before training (pretrained weights); returns how, for the training record. */
  initialize?(network: Network, args: A): Promise<string>;
  /** Activation shapes after each stage, batch axis left out (for `genrekit models --describe`). */
  stages?(args: A, inputShape: number[], classes: number): Array<{ name: string; shape: number[] }>;
}

/** The layout file written beside `weights.bin`. */
interface WeightsLayout {
  format: 'genrekit-weights';
  version: 1;
  shape: NetworkShape;
  standardization?: Standardization;
  params: ParamSpec[];
}

/** How a network was trained, kept with the model. */
export interface NeuralTrainingInfo {
  backend: string;
  /** Training threads (data-parallel). */
  jobs?: number;
  /** How the weights started, where a definition says (e.g. the pretrained trunk). */
  initialization?: string;
  epochs: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  seconds: number;
  parameters: number;
  history: TrainResult['history'];
}


/** A trained neural network behind the Classifier contract. */
export class NeuralClassifier<A extends CommonArgs = CommonArgs> implements Classifier {
  constructor(
    readonly name: string,
    readonly labels: readonly string[],
    readonly args: A,
    readonly network: Network,
    readonly shape: NetworkShape,
    readonly standardization: Standardization | undefined,
    /** Present on a freshly trained model (and in `training.json` of a saved one). */
    readonly training?: NeuralTrainingInfo,
  ) {}

  /** The standardised inputs of `examples` as a batch x ...shape tensor (the caller disposes it). */
  inputTensor(examples: Example[]): tf.Tensor {
    const packed = packExamples(examples, this.shape.inputShape);
    if (this.standardization) applyStandardization(packed, this.standardization);
    return tf.tensor(packed, [examples.length, ...this.shape.inputShape], 'float32');
  }

  async predictProba(examples: Example[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const C = this.labels.length;
    const size = forwardBatchOf(this.args.batchSize, this.network);
    for (let i = 0; i < examples.length; i += size) {
      const chunk = examples.slice(i, i + size);
      const probs = tf.tidy(() => tf.softmax(this.network.logits(this.inputTensor(chunk), { training: false })));
      const values = (await probs.data()) as Float32Array;
      probs.dispose();
      for (let k = 0; k < chunk.length; k++) out.push(values.slice(k * C, (k + 1) * C));
    }
    return out;
  }

  async serialize(): Promise<SerializedModel> {
    const layout: WeightsLayout = {
      format: 'genrekit-weights',
      version: 1,
      shape: this.shape,
      standardization: this.standardization,
      params: this.network.params.specs(),
    };
    const files: Record<string, Uint8Array> = {
      [WEIGHTS_FILE]: this.network.params.toBytes(),
      [WEIGHTS_LAYOUT_FILE]: new TextEncoder().encode(JSON.stringify(layout) + '\n'),
    };
    if (this.training) {
      files['training.json'] = new TextEncoder().encode(JSON.stringify(this.training, null, 1) + '\n');
      Object.assign(files, learningCurvesFiles({ history: this.training.history, bestEpoch: this.training.bestEpoch, backend: this.training.backend }));
    }
    return { args: { ...this.args } as Record<string, unknown>, files };
  }

  dispose(): void {
    this.network.params.dispose();
  }
}

/** Label indices of `labels` in `labelSet`; a label outside it is a ParameterError. */
export function labelIndices(labels: string[], labelSet: string[], parameter = 'labels'): Int32Array {
  const index = new Map(labelSet.map((l, i) => [l, i]));
  return Int32Array.from(labels, (l) => {
    const i = index.get(l);
    if (i === undefined) throw new ParameterError(parameter, `label '${l}' is not in the label set (${labelSet.join(', ')})`);
    return i;
  });
}

/** The input shape a network of `input` kind takes for these examples. */
export function inputShapeOf(model: string, input: 'vector' | 'sequence', examples: Example[]): number[] {
  if (!examples.length) throw new ParameterError('train', `model '${model}' got no training examples`);
  const s = exampleShape(examples[0]);
  if (input === 'vector') return [s.reduce((a, b) => a * b, 1)];
  if (s.length !== 2) throw new ParameterError('examples', `model '${model}' takes sequences (time x features); got vectors of ${s[0]} values. Use a sequence recipe (e.g. featureSequence)`);
  return s;
}

export interface PreparedData {
  shape: number[];
  train: PackedBatches;
  valid?: PackedBatches;
  standardization?: Standardization;
}

/** Pack and standardise training (and validation) data for a network taking `shape`. */
export function prepareData(shape: number[], train: TrainData, ctx: FitContext, standardize: boolean): PreparedData {
  const packed = packExamples(train.examples, shape);
  const z = standardize ? standardizationOf(packed, shape[shape.length - 1]) : undefined;
  if (z) applyStandardization(packed, z);
  let valid: PackedBatches | undefined;
  if (ctx.valid && ctx.valid.examples.length) {
    const vp = packExamples(ctx.valid.examples, shape);
    if (z) applyStandardization(vp, z);
    valid = new PackedBatches(vp, shape, labelIndices(ctx.valid.labels, ctx.labelSet, 'valid'));
  }
  return { shape, train: new PackedBatches(packed, shape, labelIndices(train.labels, ctx.labelSet)), valid, standardization: z };
}

/** A stable id of a training setup; a checkpoint is only resumed by the same setup. */
export function fingerprintOf(parts: unknown[]): string {
  return sha256Hex(new TextEncoder().encode(JSON.stringify(parts))).slice(0, 16);
}

/**
 * Train a built network with the shared engine, forwarding progress and checkpoints, on
 * `ctx.jobs` threads (data-parallel; `definition` names the NetworkDefinition that built it, so
 * that workers can build replicas).
 */
export async function trainBuilt(name: string, args: CommonArgs, network: Network, data: PreparedData, ctx: FitContext, classes: number, extraFingerprint: unknown[] = [], definition = name): Promise<NeuralTrainingInfo> {
  const backend = await initTf();
  const jobs = ctx.jobs ?? defaultJobs(network.params.size, network.convolutional === true);
  requireInteger('jobs', jobs, 1);
  // A resumed run may ask for more epochs or another patience; anything else must match.
  const { epochs: _epochs, patience: _patience, ...fixed } = args;
  const result = await trainNetwork(network, data.train, data.valid, args, {
    seed: ctx.seed,
    classes,
    onProgress: ctx.onProgress,
    checkpointDir: ctx.checkpointDir,
    resume: ctx.resume,
    backend,
    fingerprint: fingerprintOf([name, fixed, data.shape, data.train.size, ctx.labelSet, ctx.seed, ...extraFingerprint]),
    parallel: (step) => dataParallelRunner(jobs, network, data.train, { definition, args: { ...args }, shape: { inputShape: data.shape, classes }, backend }, step),
  });
  return {
    backend,
    epochs: result.history.length,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    seconds: result.seconds,
    jobs,
    parameters: network.params.size,
    history: result.history,
  };
}

function parseLayout(files: Record<string, Uint8Array>): WeightsLayout {
  const bytes = files[WEIGHTS_LAYOUT_FILE];
  if (!bytes) throw new ModelFormatError(WEIGHTS_LAYOUT_FILE, 'missing from the model folder');
  let layout: WeightsLayout;
  try {
    layout = JSON.parse(new TextDecoder().decode(bytes)) as WeightsLayout;
  } catch {
    throw new ModelFormatError(WEIGHTS_LAYOUT_FILE, 'is not valid JSON');
  }
  if (layout.format !== 'genrekit-weights' || layout.version !== 1) throw new ModelFormatError(WEIGHTS_LAYOUT_FILE, `unsupported weights layout ${layout.format} v${layout.version}`);
  return layout;
}

/** Rebuild a network from its files (`prefix` names a sub-network's files, e.g. `node1/`). */
export function restoreNetwork<A extends CommonArgs>(def: NetworkDefinition<A>, args: A, files: Record<string, Uint8Array>, prefix = ''): { network: Network; layout: WeightsLayout } {
  const sub = Object.fromEntries(Object.entries(files).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  const layout = parseLayout(sub);
  const network = def.build(args, layout.shape, new Rng(0));
  const weights = sub[WEIGHTS_FILE];
  if (!weights) {
    network.params.dispose();
    throw new ModelFormatError(prefix + WEIGHTS_FILE, 'missing from the model folder');
  }
  try {
    network.params.fromBytes(weights, layout.params);
  } catch (err) {
    network.params.dispose();
    throw err;
  }
  return { network, layout };
}

/** The ModelKind of a network definition. */
export function neuralKind<A extends CommonArgs>(def: NetworkDefinition<A>): ModelKind {
  return {
    name: def.name,
    family: 'neural',
    description: def.description,
    input: def.input,
    flattensSequences: def.input === 'vector',
    defaults: def.defaults,
    async fit(train: TrainData, ctx: FitContext): Promise<Classifier> {
      const args = resolveParams(`model '${def.name}'`, def.defaults, ctx.args);
      def.validate?.(args);
      await initTf();
      const shape: NetworkShape = { inputShape: inputShapeOf(def.name, def.input, train.examples), classes: ctx.labelSet.length };
      const data = prepareData(shape.inputShape, train, ctx, args.standardize);
      const network = def.build(args, shape, new Rng(ctx.seed));
      try {
        const initialization = await def.initialize?.(network, args);
        if (initialization) ctx.onProgress?.({ epoch: 0, epochs: args.epochs, message: initialization });
        const info = { ...(await trainBuilt(def.name, args, network, data, ctx, shape.classes)), initialization };
        return new NeuralClassifier(def.name, ctx.labelSet, args, network, shape, data.standardization, info);
      } catch (err) {
        network.params.dispose();
        throw err;
      }
    },
    async restore(rawArgs: Record<string, unknown>, labels: string[], files: Record<string, Uint8Array>): Promise<Classifier> {
      const args = resolveParams(`model '${def.name}'`, def.defaults, rawArgs);
      await initTf();
      const { network, layout } = restoreNetwork(def, args, files);
      if (layout.shape.classes !== labels.length) {
        network.params.dispose();
        throw new ModelFormatError(WEIGHTS_LAYOUT_FILE, `built for ${layout.shape.classes} classes but the manifest lists ${labels.length} labels`);
      }
      return new NeuralClassifier(def.name, labels, args, network, layout.shape, layout.standardization);
    },
  };
}
