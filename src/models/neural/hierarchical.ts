/**
 * `hierarchical`: S3's divide-and-conquer tree of LSTMs. The tree is data (`tree` argument, JSON):
 * each node is an LSTM classifier over its children, trained only on the examples whose genre lies
 * below it; prediction walks from the root. Accuracy is measured end to end on the walked
 * predictions (S3 multiplied node accuracies instead).
 *
 * Probabilities: with `routing: 'greedy'` (S3) each node picks its most likely child; the row
 * returned is the last node's softmax over its leaf children (renormalised), zero elsewhere, so
 * its arg-max is the walked genre. With `routing: 'product'` a genre's probability is the product
 * of the node probabilities on its path (a soft walk over every path).
 */
import { ModelFormatError, ParameterError } from '../../errors.js';
import type { Classifier, Example, SerializedModel } from '../model.js';
import type { FitContext, ModelKind, TrainData } from '../registry.js';
import { initTf, tf } from '../runtime/backend.js';
import { Rng } from '../../random.js';
import { requireInteger, requireFraction, resolveParams } from '../../params.js';
import { applyStandardization, packExamples, PackedBatches, standardizationOf, type Standardization } from './batcher.js';
import { dense, denseParams } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { COMMON_DEFAULTS, inputShapeOf, labelIndices, restoreNetwork, trainBuilt, type CommonArgs, type NetworkDefinition, type NeuralTrainingInfo, type PreparedData } from './neural-kind.js';
import type { Network, NetworkShape } from './network.js';
import { ParamStore, WEIGHTS_FILE, WEIGHTS_LAYOUT_FILE } from './params.js';
import { recurrentStack } from './recurrent-stack.js';

/** A node of the tree: its name (names its files) and its children, genres or sub-nodes. */
export interface TreeNode {
  name: string;
  children: Array<string | TreeNode>;
}

/** S3's tree of seven LSTMs over the ten GTZAN genres. */
export const S3_TREE: TreeNode = {
  name: 'lstm1',
  children: [
    { name: 'lstm2a', children: [{ name: 'lstm3a', children: ['hiphop', 'metal', 'rock'] }, { name: 'lstm3b', children: ['pop', 'reggae'] }] },
    { name: 'lstm2b', children: [{ name: 'lstm3c', children: ['disco', 'country'] }, { name: 'lstm3d', children: ['jazz', 'classical', 'blues'] }] },
  ],
};

export interface HierarchicalArgs extends CommonArgs {
  tree: TreeNode;
  /** LSTM units of each node network (S3: 128 then 32). */
  units: number[];
  dropout: number;
  routing: 'greedy' | 'product';
}

export const HIERARCHICAL_DEFAULTS: Readonly<HierarchicalArgs> = {
  units: [128, 32],
  dropout: 0,
  routing: 'greedy',
  tree: S3_TREE,
  ...COMMON_DEFAULTS,
  optimizer: 'adam',
  learningRate: 1e-3,
  batchSize: 35,
  epochs: 50,
};

/** Every genre below `node`. */
export function leavesOf(node: TreeNode | string): string[] {
  return typeof node === 'string' ? [node] : node.children.flatMap(leavesOf);
}

/** Every node, root first (depth-first). */
export function nodesOf(node: TreeNode): TreeNode[] {
  return [node, ...node.children.flatMap((c) => (typeof c === 'string' ? [] : nodesOf(c)))];
}

/** Throws ParameterError unless the tree is well formed and its leaves are exactly `labels`. */
export function checkTree(tree: TreeNode, labels: readonly string[]): void {
  const names = new Set<string>();
  for (const n of nodesOf(tree)) {
    if (typeof n.name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(n.name)) throw new ParameterError('tree', `node name ${JSON.stringify(n.name)} must be letters, digits, _ or -`);
    if (names.has(n.name)) throw new ParameterError('tree', `node name '${n.name}' is used twice`);
    names.add(n.name);
    if (!Array.isArray(n.children) || n.children.length < 2) throw new ParameterError('tree', `node '${n.name}' needs at least two children`);
  }
  const leaves = leavesOf(tree);
  const dup = leaves.find((l, i) => leaves.indexOf(l) !== i);
  if (dup) throw new ParameterError('tree', `genre '${dup}' appears twice in the tree`);
  const missing = labels.filter((l) => !leaves.includes(l));
  if (missing.length) throw new ParameterError('tree', `the tree has no place for ${missing.join(', ')}`);
  const extra = leaves.filter((l) => !labels.includes(l));
  if (extra.length) throw new ParameterError('tree', `the tree names genres absent from the data: ${extra.join(', ')}`);
}

type NodeArgs = HierarchicalArgs;

export const hierarchicalNodeNetwork: NetworkDefinition<NodeArgs> = {
  name: 'hierarchical-node',
  description: 'one node of the hierarchical tree',
  input: 'sequence',
  defaults: HIERARCHICAL_DEFAULTS,
  build(a: NodeArgs, shape: NetworkShape, rng: Rng): Network {
    const params = new ParamStore();
    const stack = recurrentStack(params, 'lstm', shape.inputShape[1], a.units, rng);
    const out = denseParams(params, 'output', a.units[a.units.length - 1], shape.classes, rng);
    return { params, logits: (x, ctx) => dense(dropout(stack(x as tf.Tensor3D, a.dropout, ctx).lastHidden, a.dropout, ctx), out) };
  },
};

const PREDICT_BATCH = 256;

/** One node's own test accuracy: `correct` of the `total` examples of its `genres` sent to the right child. */
export interface NodeAccuracy {
  node: string;
  genres: string[];
  correct: number;
  total: number;
}

/** A trained tree of node networks. */
export class HierarchicalClassifier implements Classifier {
  readonly name = 'hierarchical';
  constructor(
    readonly labels: readonly string[],
    readonly args: HierarchicalArgs,
    readonly nodes: Map<string, Network>,
    readonly inputShape: number[],
    readonly standardization: Standardization | undefined,
    readonly training?: Record<string, NeuralTrainingInfo>,
  ) {}

  /** Each node's softmax over its children for every example: node name -> examples x children. */
  private nodeProbabilities(examples: Example[]): Map<string, Float32Array[]> {
    const packed = packExamples(examples, this.inputShape);
    if (this.standardization) applyStandardization(packed, this.standardization);
    const out = new Map<string, Float32Array[]>();
    const width = this.inputShape.reduce((a, b) => a * b, 1);
    for (const node of nodesOf(this.args.tree)) {
      const net = this.nodes.get(node.name)!;
      const rows: Float32Array[] = [];
      const k = node.children.length;
      for (let i = 0; i < examples.length; i += PREDICT_BATCH) {
        const n = Math.min(PREDICT_BATCH, examples.length - i);
        const values = tf.tidy(() => {
          const x = tf.tensor(packed.subarray(i * width, (i + n) * width), [n, ...this.inputShape], 'float32');
          return tf.softmax(net.logits(x, { training: false })).dataSync() as Float32Array;
        });
        for (let j = 0; j < n; j++) rows.push(values.slice(j * k, (j + 1) * k));
      }
      out.set(node.name, rows);
    }
    return out;
  }

  async predictProba(examples: Example[]): Promise<Float32Array[]> {
    const probs = this.nodeProbabilities(examples);
    const index = new Map(this.labels.map((l, i) => [l, i]));
    return examples.map((_, e) => {
      const row = new Float32Array(this.labels.length);
      if (this.args.routing === 'product') {
        const walk = (node: TreeNode, mass: number) =>
          node.children.forEach((c, j) => {
            const m = mass * probs.get(node.name)![e][j];
            if (typeof c === 'string') row[index.get(c)!] = m;
            else walk(c, m);
          });
        walk(this.args.tree, 1);
        return row;
      }
      let node = this.args.tree;
      for (;;) {
        const p = probs.get(node.name)![e];
        const best = p.indexOf(Math.max(...p));
        const child = node.children[best];
        if (typeof child !== 'string') {
          node = child;
          continue;
        }
        let total = 0;
        node.children.forEach((c, j) => typeof c === 'string' && (total += p[j]));
        node.children.forEach((c, j) => typeof c === 'string' && (row[index.get(c)!] = p[j] / total));
        return row;
      }
    });
  }

  /**
   * Each node's own accuracy on the examples of its genres (as S3 measured its nodes): the share
   * whose true genre lies under the child the node picks. Node name -> correct and total, root first.
   */
  nodeAccuracies(examples: Example[], truth: readonly string[]): NodeAccuracy[] {
    const probs = this.nodeProbabilities(examples);
    return nodesOf(this.args.tree).map((node) => {
      const under = node.children.map((c) => new Set(leavesOf(c)));
      let correct = 0;
      let total = 0;
      truth.forEach((label, e) => {
        const child = under.findIndex((set) => set.has(label));
        if (child < 0) return;
        const p = probs.get(node.name)![e];
        total++;
        if (p.indexOf(Math.max(...p)) === child) correct++;
      });
      return { node: node.name, genres: leavesOf(node), correct, total };
    });
  }

  async serialize(): Promise<SerializedModel> {
    const files: Record<string, Uint8Array> = {};
    for (const [name, net] of this.nodes) {
      const layout = { format: 'genrekit-weights', version: 1, shape: { inputShape: this.inputShape, classes: net.params.specs().at(-1)!.shape[0] }, standardization: this.standardization, params: net.params.specs() };
      files[`${name}.${WEIGHTS_FILE}`] = net.params.toBytes();
      files[`${name}.${WEIGHTS_LAYOUT_FILE}`] = new TextEncoder().encode(JSON.stringify(layout) + '\n');
    }
    if (this.training) files['training.json'] = new TextEncoder().encode(JSON.stringify(this.training, null, 1) + '\n');
    return { args: { ...this.args } as unknown as Record<string, unknown>, files };
  }

  dispose(): void {
    for (const net of this.nodes.values()) net.params.dispose();
  }
}

function validate(a: HierarchicalArgs): void {
  if (!a.units.length) requireInteger('units', 0, 1);
  a.units.forEach((u) => requireInteger('units', u, 1));
  requireFraction('dropout', a.dropout);
  if (a.routing !== 'greedy' && a.routing !== 'product') throw new ParameterError('routing', `use greedy or product, got '${a.routing}'`);
}

export const hierarchicalKind: ModelKind = {
  name: 'hierarchical',
  family: 'neural',
  description: "S3's tree of 7 LSTMs (128 then 32 units each), trained node by node, prediction walks the tree",
  input: 'sequence',
  defaults: HIERARCHICAL_DEFAULTS,
  async fit(train: TrainData, ctx: FitContext): Promise<Classifier> {
    const args = resolveParams("model 'hierarchical'", HIERARCHICAL_DEFAULTS, ctx.args);
    validate(args);
    checkTree(args.tree, ctx.labelSet);
    await initTf();
    const shape = inputShapeOf('hierarchical', 'sequence', train.examples);
    const packed = packExamples(train.examples, shape);
    const z = args.standardize ? standardizationOf(packed, shape[1]) : undefined;
    if (z) applyStandardization(packed, z);
    const labels = labelIndices(train.labels, ctx.labelSet);
    let validPacked: Float32Array | undefined;
    let validLabels: Int32Array | undefined;
    if (ctx.valid?.examples.length) {
      validPacked = packExamples(ctx.valid.examples, shape);
      if (z) applyStandardization(validPacked, z);
      validLabels = labelIndices(ctx.valid.labels, ctx.labelSet, 'valid');
    }
    const width = shape[0] * shape[1];
    // The examples below `node`, relabelled with the index of the child they fall under.
    const subset = (node: TreeNode, block: Float32Array, y: Int32Array): PackedBatches | undefined => {
      const childOf = new Map<number, number>();
      node.children.forEach((c, j) => leavesOf(c).forEach((g) => childOf.set(ctx.labelSet.indexOf(g), j)));
      const keep = [...y.keys()].filter((i) => childOf.has(y[i]));
      if (!keep.length) return undefined;
      const out = new Float32Array(keep.length * width);
      keep.forEach((i, k) => out.set(block.subarray(i * width, (i + 1) * width), k * width));
      return new PackedBatches(out, shape, Int32Array.from(keep, (i) => childOf.get(y[i])!));
    };
    const nodes = new Map<string, Network>();
    const training: Record<string, NeuralTrainingInfo> = {};
    try {
      for (const [k, node] of nodesOf(args.tree).entries()) {
        const nodeTrain = subset(node, packed, labels);
        if (!nodeTrain) throw new ParameterError('train', `no training examples for tree node '${node.name}'`);
        const data: PreparedData = { shape, train: nodeTrain, valid: validPacked && subset(node, validPacked, validLabels!), standardization: z };
        const net = hierarchicalNodeNetwork.build(args, { inputShape: shape, classes: node.children.length }, new Rng(ctx.seed + k));
        nodes.set(node.name, net);
        const nodeCtx: FitContext = {
          ...ctx,
          seed: ctx.seed + k,
          checkpointDir: ctx.checkpointDir ? `${ctx.checkpointDir}/${node.name}` : undefined,
          onProgress: ctx.onProgress && ((p) => ctx.onProgress!({ ...p, message: `[${node.name}] ${p.message ?? ''}` })),
        };
        training[node.name] = await trainBuilt(hierarchicalNodeNetwork.name, args, net, data, nodeCtx, node.children.length, [node.name]);
      }
    } catch (err) {
      for (const net of nodes.values()) net.params.dispose();
      throw err;
    }
    return new HierarchicalClassifier(ctx.labelSet, args, nodes, shape, z, training);
  },
  async restore(rawArgs: Record<string, unknown>, labels: string[], files: Record<string, Uint8Array>): Promise<Classifier> {
    const args = resolveParams("model 'hierarchical'", HIERARCHICAL_DEFAULTS, rawArgs);
    checkTree(args.tree, labels);
    await initTf();
    const nodes = new Map<string, Network>();
    let inputShape: number[] = [];
    let standardization: Standardization | undefined;
    try {
      for (const node of nodesOf(args.tree)) {
        const { network, layout } = restoreNetwork(hierarchicalNodeNetwork, args, files, `${node.name}.`);
        nodes.set(node.name, network);
        if (layout.shape.classes !== node.children.length) throw new ModelFormatError(`${node.name}.${WEIGHTS_LAYOUT_FILE}`, `node has ${layout.shape.classes} outputs, the tree gives it ${node.children.length} children`);
        inputShape = layout.shape.inputShape;
        standardization = layout.standardization;
      }
    } catch (err) {
      for (const net of nodes.values()) net.params.dispose();
      throw err;
    }
    return new HierarchicalClassifier(labels, args, nodes, inputShape, standardization);
  },
};
