/**
 * k-nearest neighbours with Euclidean distance on standardised features and uniform votes
 * (scikit-learn's KNeighborsClassifier defaults). Probabilities are the class shares among the k
 * neighbours; a tie in votes goes to the lowest class index, as scikit-learn's predict. Among
 * equally distant neighbours the earlier training example is taken first.
 */
import { ModelFormatError } from '../../errors.js';
import { type Matrix, type VectorCore, vectorKind } from './vector-model.js';
import { requireInteger } from '../../params.js';

export interface KnnArgs {
  /** Number of neighbours (integer >= 1). Default 5 (scikit-learn). */
  k: number;
}

export const knnDefaults: Readonly<KnnArgs> = Object.freeze({ k: 5 });

export class KnnCore implements VectorCore {
  constructor(
    readonly train: Matrix,
    readonly labels: Int32Array,
    readonly nClasses: number,
    readonly k: number,
  ) {}

  proba(x: Matrix): Float32Array[] {
    const { data: t, rows: m, cols: d } = this.train;
    const k = Math.min(this.k, m);
    const dist = new Float64Array(m);
    const out: Float32Array[] = [];
    for (let i = 0; i < x.rows; i++) {
      const off = i * d;
      for (let r = 0; r < m; r++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const diff = x.data[off + j] - t[r * d + j];
          s += diff * diff;
        }
        dist[r] = s;
      }
      // Partial selection of the k smallest (k is small): insertion into a sorted prefix.
      const best: number[] = [];
      for (let r = 0; r < m; r++) {
        if (best.length === k && dist[r] >= dist[best[k - 1]]) continue;
        let pos = best.length === k ? k - 1 : best.length;
        if (best.length < k) best.push(r);
        while (pos > 0 && dist[best[pos - 1]] > dist[r]) {
          best[pos] = best[pos - 1];
          pos--;
        }
        best[pos] = r;
      }
      const p = new Float32Array(this.nClasses);
      for (const r of best) p[this.labels[r]] += 1 / k;
      out.push(p);
    }
    return out;
  }

  toJSON(): unknown {
    return { train: Array.from(this.train.data), rows: this.train.rows, cols: this.train.cols, labels: Array.from(this.labels) };
  }

  static fromJSON(state: unknown, k: number, nClasses: number): KnnCore {
    const s = state as { train?: number[]; rows?: number; cols?: number; labels?: number[] };
    if (!Array.isArray(s?.train) || !Array.isArray(s.labels) || typeof s.rows !== 'number' || typeof s.cols !== 'number' || s.train.length !== s.rows * s.cols) {
      throw new ModelFormatError('knn', 'state needs train (rows x cols), rows, cols and labels');
    }
    return new KnnCore({ data: Float64Array.from(s.train), rows: s.rows, cols: s.cols }, Int32Array.from(s.labels), nClasses, k);
  }
}

export const knn = vectorKind<KnnArgs>({
  name: 'knn',
  description: 'k-nearest neighbours, Euclidean distance on standardised features, uniform votes',
  defaults: knnDefaults,
  validate: (a) => requireInteger('k', a.k, 1),
  train: (x, y, nClasses, args) => new KnnCore(x, y, nClasses, args.k),
  restore: (state, args, nClasses) => KnnCore.fromJSON(state, args.k, nClasses),
});
