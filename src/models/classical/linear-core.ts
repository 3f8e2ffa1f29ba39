/**
 * A linear multi-class model on standardised features: scores = x W^T + b (classes x features
 * weights), turned into probabilities by a softmax over classes or, for one-vs-rest logistic
 * regression, by per-class sigmoids normalised to sum 1 (as scikit-learn's OvR predict_proba).
 */
import { ModelFormatError } from '../../errors.js';
import { type Matrix, type VectorCore, softmaxRows } from './vector-model.js';

export type LinearLink = 'softmax' | 'ovr-sigmoid';

export class LinearCore implements VectorCore {
  /**
   * @param weights classes x features, row-major
   * @param bias one per class
   */
  constructor(
    readonly weights: Float64Array,
    readonly bias: Float64Array,
    readonly link: LinearLink,
  ) {}

  /** Decision values, rows x classes, row-major. */
  decision(x: Matrix): Float64Array {
    const k = this.bias.length;
    const d = x.cols;
    const out = new Float64Array(x.rows * k);
    for (let i = 0; i < x.rows; i++) {
      for (let c = 0; c < k; c++) {
        let s = this.bias[c];
        for (let j = 0; j < d; j++) s += x.data[i * d + j] * this.weights[c * d + j];
        out[i * k + c] = s;
      }
    }
    return out;
  }

  proba(x: Matrix): Float32Array[] {
    const k = this.bias.length;
    const scores = this.decision(x);
    if (this.link === 'softmax') return softmaxRows(scores, x.rows, k);
    const out: Float32Array[] = [];
    for (let i = 0; i < x.rows; i++) {
      const p = new Float32Array(k);
      let sum = 0;
      const s = new Float64Array(k);
      for (let c = 0; c < k; c++) sum += s[c] = 1 / (1 + Math.exp(-scores[i * k + c]));
      for (let c = 0; c < k; c++) p[c] = s[c] / sum;
      out.push(p);
    }
    return out;
  }

  toJSON(): unknown {
    return { weights: Array.from(this.weights), bias: Array.from(this.bias), link: this.link };
  }

  static fromJSON(state: unknown, name: string): LinearCore {
    const s = state as { weights?: number[]; bias?: number[]; link?: LinearLink };
    if (!Array.isArray(s?.weights) || !Array.isArray(s.bias) || (s.link !== 'softmax' && s.link !== 'ovr-sigmoid')) {
      throw new ModelFormatError(name, 'linear model state needs weights, bias and link');
    }
    return new LinearCore(Float64Array.from(s.weights), Float64Array.from(s.bias), s.link);
  }
}
