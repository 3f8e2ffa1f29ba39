/**
 * Random forest (Breiman 2001) as scikit-learn's RandomForestClassifier defaults: 100 CART trees
 * grown to purity on bootstrap samples (drawn counts act as sample weights), Gini impurity,
 * floor(sqrt(features)) candidate features per split (constant ones do not use up the draw),
 * thresholds halfway between neighbouring values. Probabilities are the mean over trees of the
 * class shares in the leaf reached.
 */
import { ModelFormatError } from '../../errors.js';
import { randomInt, seededRandom } from '../../random.js';
import { type Matrix, type VectorCore, vectorKind } from './vector-model.js';
import { requireInteger } from '../../params.js';

export interface RandomForestArgs {
  /** Number of trees (>= 1). Default 100. */
  trees: number;
  /** Candidate features per split; 0 means floor(sqrt(features)). Default 0. */
  maxFeatures: number;
  /** Deepest tree level; 0 means unlimited. Default 0. */
  maxDepth: number;
}

export const randomForestDefaults: Readonly<RandomForestArgs> = Object.freeze({ trees: 100, maxFeatures: 0, maxDepth: 0 });

/**
 * One tree in flat arrays. Node n splits on `feature[n]` at `threshold[n]` (x <= t goes to
 * `left[n]`) or, when `feature[n]` is -1, is a leaf whose weighted class counts start at
 * `leafCounts[left[n] * classes]`.
 */
interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  leafCounts: Float64Array;
}

const FEATURE_THRESHOLD = 1e-7;

function growTree(x: Matrix, y: Int32Array, k: number, weight: Float64Array, maxFeatures: number, maxDepth: number, random: () => number): Tree {
  const { data, cols: d } = x;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const leafCounts: number[] = [];
  const samples: number[] = [];
  for (let i = 0; i < x.rows; i++) if (weight[i] > 0) samples.push(i);
  const features = Int32Array.from({ length: d }, (_, j) => j);
  const countsL = new Float64Array(k);
  const countsR = new Float64Array(k);

  const grow = (idx: Int32Array, depth: number): number => {
    const node = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    const total = new Float64Array(k);
    let wTotal = 0;
    for (const i of idx) {
      total[y[i]] += weight[i];
      wTotal += weight[i];
    }
    let pure = false;
    for (let c = 0; c < k; c++) if (total[c] === wTotal) pure = true;
    let bestScore = -Infinity;
    let bestFeature = -1;
    let bestThreshold = 0;
    if (!pure && idx.length >= 2 && (maxDepth === 0 || depth < maxDepth)) {
      const order = Int32Array.from(idx);
      let visited = 0;
      let found = 0;
      for (let f = d; f > 0 && (visited < maxFeatures || found === 0); f--) {
        const pick = randomInt(random, f);
        const j = features[pick];
        features[pick] = features[f - 1];
        features[f - 1] = j;
        visited++;
        order.sort((a, b) => data[a * d + j] - data[b * d + j]);
        if (data[order[order.length - 1] * d + j] <= data[order[0] * d + j] + FEATURE_THRESHOLD) continue;
        found++;
        countsL.fill(0);
        countsR.set(total);
        let wL = 0;
        for (let p = 0; p < order.length - 1; p++) {
          const i = order[p];
          const w = weight[i];
          countsL[y[i]] += w;
          countsR[y[i]] -= w;
          wL += w;
          const v = data[i * d + j];
          const next = data[order[p + 1] * d + j];
          if (next <= v + FEATURE_THRESHOLD) continue;
          const wR = wTotal - wL;
          let sL = 0;
          let sR = 0;
          for (let c = 0; c < k; c++) {
            sL += countsL[c] * countsL[c];
            sR += countsR[c] * countsR[c];
          }
          const score = sL / wL + sR / wR;
          if (score > bestScore) {
            bestScore = score;
            bestFeature = j;
            bestThreshold = v / 2 + next / 2;
            if (bestThreshold === next) bestThreshold = v;
          }
        }
      }
    }
    if (bestFeature < 0) {
      left[node] = leafCounts.length / k;
      for (let c = 0; c < k; c++) leafCounts.push(total[c]);
      return node;
    }
    const goLeft: number[] = [];
    const goRight: number[] = [];
    for (const i of idx) (data[i * d + bestFeature] <= bestThreshold ? goLeft : goRight).push(i);
    feature[node] = bestFeature;
    threshold[node] = bestThreshold;
    const l = grow(Int32Array.from(goLeft), depth + 1);
    const r = grow(Int32Array.from(goRight), depth + 1);
    left[node] = l;
    right[node] = r;
    return node;
  };
  grow(Int32Array.from(samples), 0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leafCounts: Float64Array.from(leafCounts),
  };
}

export class RandomForestCore implements VectorCore {
  constructor(
    readonly trees: Tree[],
    readonly nClasses: number,
  ) {}

  proba(x: Matrix): Float32Array[] {
    const k = this.nClasses;
    const out: Float32Array[] = [];
    const acc = new Float64Array(k);
    for (let r = 0; r < x.rows; r++) {
      acc.fill(0);
      for (const t of this.trees) {
        let n = 0;
        while (t.feature[n] >= 0) n = x.data[r * x.cols + t.feature[n]] <= t.threshold[n] ? t.left[n] : t.right[n];
        const off = t.left[n] * k;
        let sum = 0;
        for (let c = 0; c < k; c++) sum += t.leafCounts[off + c];
        for (let c = 0; c < k; c++) acc[c] += t.leafCounts[off + c] / sum;
      }
      const p = new Float32Array(k);
      for (let c = 0; c < k; c++) p[c] = acc[c] / this.trees.length;
      out.push(p);
    }
    return out;
  }

  toJSON(): unknown {
    return this.trees.map((t) => ({
      feature: Array.from(t.feature),
      threshold: Array.from(t.threshold),
      left: Array.from(t.left),
      right: Array.from(t.right),
      leafCounts: Array.from(t.leafCounts),
    }));
  }

  static fromJSON(state: unknown, nClasses: number): RandomForestCore {
    if (!Array.isArray(state)) throw new ModelFormatError('random-forest', 'state must be a list of trees');
    const trees = state.map((t: Record<string, number[]>, i) => {
      for (const key of ['feature', 'threshold', 'left', 'right', 'leafCounts']) {
        if (!Array.isArray(t?.[key])) throw new ModelFormatError('random-forest', `tree ${i} lacks '${key}'`);
      }
      return {
        feature: Int32Array.from(t.feature),
        threshold: Float64Array.from(t.threshold),
        left: Int32Array.from(t.left),
        right: Int32Array.from(t.right),
        leafCounts: Float64Array.from(t.leafCounts),
      };
    });
    return new RandomForestCore(trees, nClasses);
  }
}

function trainForest(x: Matrix, y: Int32Array, k: number, args: RandomForestArgs, seed: number): RandomForestCore {
  const maxFeatures = args.maxFeatures > 0 ? Math.min(args.maxFeatures, x.cols) : Math.max(1, Math.floor(Math.sqrt(x.cols)));
  const random = seededRandom(seed);
  const trees: Tree[] = [];
  for (let t = 0; t < args.trees; t++) {
    const weight = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) weight[randomInt(random, x.rows)]++;
    trees.push(growTree(x, y, k, weight, maxFeatures, args.maxDepth, random));
  }
  return new RandomForestCore(trees, k);
}

export const randomForest = vectorKind<RandomForestArgs>({
  name: 'random-forest',
  description: 'Random forest: bootstrap CART trees, Gini, sqrt(features) per split',
  defaults: randomForestDefaults,
  validate: (a) => {
    requireInteger('trees', a.trees, 1);
    requireInteger('maxFeatures', a.maxFeatures, 0);
    requireInteger('maxDepth', a.maxDepth, 0);
  },
  train: trainForest,
  restore: (state, _args, nClasses) => RandomForestCore.fromJSON(state, nClasses),
});
