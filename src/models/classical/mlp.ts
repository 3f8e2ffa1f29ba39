/**
 * A one-hidden-layer perceptron in plain JavaScript, trained like scikit-learn's MLPClassifier
 * defaults: ReLU hidden layer, softmax output, cross-entropy + alpha/2 |W|^2 (weights only) per
 * batch, Adam (beta1 0.9, beta2 0.999, eps 1e-8), shuffled minibatches of min(200, n), Glorot
 * uniform initialisation (bound sqrt(6 / (fan_in + fan_out))), stop after maxIter epochs or when
 * the epoch loss has not improved by tol for 10 epochs running. Early stopping on a validation set
 * is off, as in scikit-learn.
 */
import { ModelFormatError } from '../../errors.js';
import { seededRandom, shuffleInPlace } from '../../random.js';
import { axpy, dot } from './vector-ops.js';
import { type Matrix, type VectorCore, softmaxRows, vectorKind } from './vector-model.js';
import { requireInteger, requirePositive } from '../../params.js';

export interface MlpArgs {
  /** Hidden units. Default 125 (S0's MLP baseline). */
  hidden: number;
  /** L2 penalty on the weights. Default 1e-4. */
  alpha: number;
  /** Adam learning rate. Default 1e-3. */
  learningRate: number;
  /** Minibatch size; 0 means min(200, examples). Default 0. */
  batchSize: number;
  /** Most epochs. Default 200. */
  maxIter: number;
  /** Improvement of the epoch loss that counts as progress. Default 1e-4. */
  tol: number;
  /** Epochs without progress before stopping. Default 10. */
  patience: number;
}

export const mlpDefaults: Readonly<MlpArgs> = Object.freeze({ hidden: 125, alpha: 1e-4, learningRate: 1e-3, batchSize: 0, maxIter: 200, tol: 1e-4, patience: 10 });

export class MlpCore implements VectorCore {
  /**
   * @param w1 hidden x features, row-major (one row of input weights per hidden unit)
   * @param w2 hidden x classes, row-major
   */
  constructor(
    readonly w1: Float64Array,
    readonly b1: Float64Array,
    readonly w2: Float64Array,
    readonly b2: Float64Array,
  ) {}

  /** Output scores (before softmax), rows x classes; writes the hidden activations into `hiddenOut` when given. */
  scores(x: Matrix, hiddenOut?: Float64Array): Float64Array {
    const d = x.cols;
    const h = this.b1.length;
    const k = this.b2.length;
    const hidden = hiddenOut ?? new Float64Array(x.rows * h);
    const out = new Float64Array(x.rows * k);
    for (let r = 0; r < x.rows; r++) {
      const ho = r * h;
      const xo = r * d;
      for (let u = 0; u < h; u++) {
        const wo = u * d;
        hidden[ho + u] = this.b1[u] + dot(x.data, xo, this.w1, wo, d);
      }
      for (let u = 0; u < h; u++) if (hidden[ho + u] < 0) hidden[ho + u] = 0;
      const oo = r * k;
      out.set(this.b2, oo);
      for (let u = 0; u < h; u++) {
        const a = hidden[ho + u];
        if (a === 0) continue;
        for (let c = 0; c < k; c++) out[oo + c] += a * this.w2[u * k + c];
      }
    }
    return out;
  }

  proba(x: Matrix): Float32Array[] {
    return softmaxRows(this.scores(x), x.rows, this.b2.length);
  }

  toJSON(): unknown {
    return { w1: Array.from(this.w1), b1: Array.from(this.b1), w2: Array.from(this.w2), b2: Array.from(this.b2) };
  }

  static fromJSON(state: unknown, cols: number | undefined): MlpCore {
    const s = state as Record<string, number[]>;
    for (const key of ['w1', 'b1', 'w2', 'b2']) if (!Array.isArray(s?.[key])) throw new ModelFormatError('mlp-classical', `state lacks '${key}'`);
    if (cols !== undefined && s.w1.length !== cols * s.b1.length) throw new ModelFormatError('mlp-classical', 'w1 does not match the hidden size');
    return new MlpCore(Float64Array.from(s.w1), Float64Array.from(s.b1), Float64Array.from(s.w2), Float64Array.from(s.b2));
  }
}

/** Adam state for one parameter array (scikit-learn's AdamOptimizer). */
class Adam {
  private m: Float64Array;
  private v: Float64Array;
  constructor(size: number) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  step(param: Float64Array, grad: Float64Array, lrT: number): void {
    const { m, v } = this;
    for (let i = 0; i < param.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * grad[i];
      v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
      param[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + 1e-8);
    }
  }
}

function trainMlp(x: Matrix, y: Int32Array, k: number, args: MlpArgs, seed: number): MlpCore {
  const { rows: n, cols: d } = x;
  const h = args.hidden;
  const random = seededRandom(seed);
  const uniform = (size: number, bound: number) => Float64Array.from({ length: size }, () => (2 * random() - 1) * bound);
  const bound1 = Math.sqrt(6 / (d + h));
  const bound2 = Math.sqrt(6 / (h + k));
  const w1 = uniform(d * h, bound1);
  const b1 = uniform(h, bound1);
  const w2 = uniform(h * k, bound2);
  const b2 = uniform(k, bound2);
  const core = new MlpCore(w1, b1, w2, b2);
  const adam = [new Adam(w1.length), new Adam(b1.length), new Adam(w2.length), new Adam(b2.length)];
  const batch = args.batchSize > 0 ? Math.min(args.batchSize, n) : Math.min(200, n);
  const gW1 = new Float64Array(w1.length);
  const gB1 = new Float64Array(h);
  const gW2 = new Float64Array(w2.length);
  const gB2 = new Float64Array(k);
  const xb = new Float64Array(batch * d);
  const hidden = new Float64Array(batch * h);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let bestLoss = Infinity;
  let stale = 0;
  let t = 0;
  for (let epoch = 0; epoch < args.maxIter; epoch++) {
    shuffleInPlace(order, random);
    let epochLoss = 0;
    for (let start = 0; start < n; start += batch) {
      const bs = Math.min(batch, n - start);
      for (let b = 0; b < bs; b++) xb.set(x.data.subarray(order[start + b] * d, (order[start + b] + 1) * d), b * d);
      const scores = core.scores({ data: xb, rows: bs, cols: d }, hidden);
      gW1.fill(0);
      gB1.fill(0);
      gW2.fill(0);
      gB2.fill(0);
      let loss = 0;
      for (let b = 0; b < bs; b++) {
        const so = b * k;
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, scores[so + c]);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(scores[so + c] - max);
        const target = y[order[start + b]];
        // scikit-learn clips probabilities to [1e-10, 1 - 1e-10] in the log loss.
        const pTarget = Math.exp(scores[so + target] - max) / sum;
        loss -= Math.log(Math.min(Math.max(pTarget, 1e-10), 1 - 1e-10));
        for (let c = 0; c < k; c++) scores[so + c] = Math.exp(scores[so + c] - max) / sum - (c === target ? 1 : 0);
        const ho = b * h;
        const xo = b * d;
        for (let u = 0; u < h; u++) {
          const a = hidden[ho + u];
          if (a === 0) continue;
          let back = 0;
          for (let c = 0; c < k; c++) {
            gW2[u * k + c] += a * scores[so + c];
            back += scores[so + c] * w2[u * k + c];
          }
          gB1[u] += back;
          // ReLU passes the gradient only through active units, so inactive rows of gW1 are skipped.
          axpy(back, xb, xo, gW1, u * d, d);
        }
        for (let c = 0; c < k; c++) gB2[c] += scores[so + c];
      }
      let sq = 0;
      for (let i = 0; i < w1.length; i++) sq += w1[i] * w1[i];
      for (let i = 0; i < w2.length; i++) sq += w2[i] * w2[i];
      loss = loss / bs + (0.5 * args.alpha * sq) / bs;
      epochLoss += loss * bs;
      for (let i = 0; i < w1.length; i++) gW1[i] = (gW1[i] + args.alpha * w1[i]) / bs;
      for (let i = 0; i < w2.length; i++) gW2[i] = (gW2[i] + args.alpha * w2[i]) / bs;
      for (let u = 0; u < h; u++) gB1[u] /= bs;
      for (let c = 0; c < k; c++) gB2[c] /= bs;
      t++;
      const lrT = (args.learningRate * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      adam[0].step(w1, gW1, lrT);
      adam[1].step(b1, gB1, lrT);
      adam[2].step(w2, gW2, lrT);
      adam[3].step(b2, gB2, lrT);
    }
    epochLoss /= n;
    if (epochLoss > bestLoss - args.tol) stale++;
    else stale = 0;
    if (epochLoss < bestLoss) bestLoss = epochLoss;
    if (stale > args.patience) break;
  }
  return core;
}

export const mlpClassical = vectorKind<MlpArgs>({
  name: 'mlp-classical',
  description: 'One-hidden-layer ReLU perceptron in plain JS (scikit-learn MLPClassifier defaults, Adam)',
  defaults: mlpDefaults,
  validate: (a) => {
    requireInteger('hidden', a.hidden, 1);
    requirePositive('alpha', a.alpha, true);
    requirePositive('learningRate', a.learningRate);
    requireInteger('batchSize', a.batchSize, 0);
    requireInteger('maxIter', a.maxIter, 1);
    requirePositive('tol', a.tol, true);
    requireInteger('patience', a.patience, 1);
  },
  train: trainMlp,
  restore: (state) => MlpCore.fromJSON(state, undefined),
});
