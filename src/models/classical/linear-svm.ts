/**
 * Linear SVM, one-vs-rest, squared hinge loss, with an L2 or an L1 penalty: liblinear's solvers
 * as scikit-learn's LinearSVC runs them (intercept as an extra constant feature of value 1 that is
 * regularised like the weights).
 * - L2 (`linear-svm-l2`): dual coordinate descent with shrinking (Hsieh et al. 2008,
 *   liblinear `solve_l2r_l1l2_svc`), LinearSVC(penalty='l2', loss='squared_hinge', dual=True).
 * - L1 (`linear-svm-l1`): primal coordinate descent with a Newton step and line search (Yuan et
 *   al. 2010, liblinear `solve_l1r_l2_svc`), LinearSVC(penalty='l1', dual=False).
 * Probabilities are the softmax of the one-vs-rest decision values (an SVM has no calibrated
 * probabilities; the argmax is the LinearSVC prediction).
 */
import { LinearCore } from './linear-core.js';
import { seededRandom, shuffleInPlace } from '../../random.js';
import { axpy, dot } from './vector-ops.js';
import { type Matrix, type VectorKindSpec, vectorKind } from './vector-model.js';
import { requireInteger, requirePositive } from '../../params.js';

/** Arguments of both linear SVMs. */
export interface LinearSvmArgs {
  /** Inverse regularisation strength (> 0). Default 1 (scikit-learn). */
  C: number;
  /** Stopping tolerance (projected-gradient spread for L2; for L1 scaled by the minority-class share, as scikit-learn). Default 1e-4 (scikit-learn). */
  tol: number;
  /** Most passes over the data per class. Default 1000 (scikit-learn). */
  maxIter: number;
}

export const linearSvmDefaults: Readonly<LinearSvmArgs> = Object.freeze({ C: 1, tol: 1e-4, maxIter: 1000 });

/** Features with the constant bias column appended: rows x (cols + 1). */
function withBias(x: Matrix): Matrix {
  const cols = x.cols + 1;
  const data = new Float64Array(x.rows * cols);
  for (let i = 0; i < x.rows; i++) {
    data.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), i * cols);
    data[i * cols + x.cols] = 1;
  }
  return { data, rows: x.rows, cols };
}

/** Dual coordinate descent for min 0.5|w|^2 + C sum max(0, 1 - y w.x)^2. Returns w (cols). */
export function solveL2SquaredHinge(x: Matrix, y: Int8Array, args: LinearSvmArgs, random: () => number): Float64Array {
  const { data, rows: l, cols: n } = x;
  const diag = 0.5 / args.C;
  const w = new Float64Array(n);
  const alpha = new Float64Array(l);
  const qd = new Float64Array(l);
  const index = new Int32Array(l);
  for (let i = 0; i < l; i++) {
    let s = diag;
    for (let j = 0; j < n; j++) s += data[i * n + j] * data[i * n + j];
    qd[i] = s;
    index[i] = i;
  }
  let activeSize = l;
  let pgMaxOld = Infinity;
  for (let iter = 0; iter < args.maxIter; iter++) {
    let pgMaxNew = -Infinity;
    let pgMinNew = Infinity;
    shuffleInPlace(index.subarray(0, activeSize), random);
    for (let s = 0; s < activeSize; s++) {
      const i = index[s];
      const yi = y[i];
      const off = i * n;
      const g = yi * dot(w, 0, data, off, n) - 1 + alpha[i] * diag;
      let pg = 0;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        } else if (g < 0) pg = g;
      } else pg = g;
      if (pg > pgMaxNew) pgMaxNew = pg;
      if (pg < pgMinNew) pgMinNew = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.max(alpha[i] - g / qd[i], 0);
        axpy((alpha[i] - old) * yi, data, off, w, 0, n);
      }
    }
    if (pgMaxNew - pgMinNew <= args.tol) {
      if (activeSize === l) break;
      activeSize = l;
      pgMaxOld = Infinity;
      continue;
    }
    // Only the lower bound can be shrunk: squared hinge leaves alpha unbounded above.
    pgMaxOld = pgMaxNew <= 0 ? Infinity : pgMaxNew;
  }
  return w;
}

/** Primal coordinate descent (Newton step + line search) for min |w|_1 + C sum max(0, 1 - y w.x)^2. */
export function solveL1SquaredHinge(x: Matrix, y: Int8Array, args: LinearSvmArgs, random: () => number): Float64Array {
  const { data, rows: l, cols: n } = x;
  const C = args.C;
  const sigma = 0.01;
  const maxLineSearch = 20;
  // Columns with the label folded in: xy[j * l + i] = y_i x_ij.
  const xy = new Float64Array(n * l);
  const xjSq = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < l; i++) {
      const v = data[i * n + j] * y[i];
      xy[j * l + i] = v;
      xjSq[j] += C * v * v;
    }
  }
  const w = new Float64Array(n);
  const b = new Float64Array(l).fill(1);
  const index = new Int32Array(n);
  for (let j = 0; j < n; j++) index[j] = j;
  let activeSize = n;
  let gMaxOld = Infinity;
  let gNorm1Init = -1;
  for (let iter = 0; iter < args.maxIter; iter++) {
    let gMaxNew = 0;
    let gNorm1New = 0;
    shuffleInPlace(index.subarray(0, activeSize), random);
    for (let s = 0; s < activeSize; s++) {
      const j = index[s];
      const col = j * l;
      let gLoss = 0;
      let h = 0;
      for (let i = 0; i < l; i++) {
        if (b[i] > 0) {
          const v = xy[col + i];
          gLoss -= C * v * b[i];
          h += C * v * v;
        }
      }
      gLoss *= 2;
      const g = gLoss;
      h = Math.max(h * 2, 1e-12);
      const gp = g + 1;
      const gn = g - 1;
      let violation = 0;
      if (w[j] === 0) {
        if (gp < 0) violation = -gp;
        else if (gn > 0) violation = gn;
        else if (gp > gMaxOld / l && gn < -gMaxOld / l) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = j;
          s--;
          continue;
        }
      } else if (w[j] > 0) violation = Math.abs(gp);
      else violation = Math.abs(gn);
      gMaxNew = Math.max(gMaxNew, violation);
      gNorm1New += violation;

      let d: number;
      if (gp < h * w[j]) d = -gp / h;
      else if (gn > h * w[j]) d = -gn / h;
      else d = -w[j];
      if (Math.abs(d) < 1e-12) continue;

      let delta = Math.abs(w[j] + d) - Math.abs(w[j]) + g * d;
      let dOld = 0;
      let lossOld = 0;
      let step = 0;
      for (; step < maxLineSearch; step++) {
        const dDiff = dOld - d;
        let cond = Math.abs(w[j] + d) - Math.abs(w[j]) - sigma * delta;
        const appxCond = xjSq[j] * d * d + gLoss * d + cond;
        if (appxCond <= 0) {
          for (let i = 0; i < l; i++) b[i] += dDiff * xy[col + i];
          break;
        }
        let lossNew = 0;
        for (let i = 0; i < l; i++) {
          if (step === 0 && b[i] > 0) lossOld += C * b[i] * b[i];
          const bNew = b[i] + dDiff * xy[col + i];
          b[i] = bNew;
          if (bNew > 0) lossNew += C * bNew * bNew;
        }
        cond += lossNew - lossOld;
        if (cond <= 0) break;
        dOld = d;
        d *= 0.5;
        delta *= 0.5;
      }
      w[j] += d;
      if (step >= maxLineSearch) {
        // Too many halvings: recompute the margins from scratch to shed rounding drift.
        b.fill(1);
        for (let k = 0; k < n; k++) {
          if (w[k] === 0) continue;
          for (let i = 0; i < l; i++) b[i] -= w[k] * xy[k * l + i];
        }
      }
    }
    if (iter === 0) gNorm1Init = gNorm1New;
    if (gNorm1New <= args.tol * gNorm1Init) {
      if (activeSize === n) break;
      activeSize = n;
      gMaxOld = Infinity;
      continue;
    }
    gMaxOld = gMaxNew;
  }
  return w;
}

/**
 * One-vs-rest training. `primal` solvers get liblinear's primal tolerance, tol x max(min(#pos,
 * #neg), 1) / #examples, as scikit-learn passes it.
 */
function trainOvr(
  solver: (x: Matrix, y: Int8Array, args: LinearSvmArgs, random: () => number) => Float64Array,
  primal: boolean,
): VectorKindSpec<LinearSvmArgs>['train'] {
  return (x, labels, nClasses, args, seed) => {
    const xb = withBias(x);
    const weights = new Float64Array(nClasses * x.cols);
    const bias = new Float64Array(nClasses);
    const random = seededRandom(seed);
    for (let c = 0; c < nClasses; c++) {
      const y = new Int8Array(x.rows);
      let pos = 0;
      for (let i = 0; i < x.rows; i++) {
        y[i] = labels[i] === c ? 1 : -1;
        if (y[i] === 1) pos++;
      }
      const tol = primal ? (args.tol * Math.max(Math.min(pos, x.rows - pos), 1)) / x.rows : args.tol;
      const w = solver(xb, y, { ...args, tol }, random);
      weights.set(w.subarray(0, x.cols), c * x.cols);
      bias[c] = w[x.cols];
    }
    return new LinearCore(weights, bias, 'softmax');
  };
}

function validate(a: LinearSvmArgs): void {
  requirePositive('C', a.C);
  requirePositive('tol', a.tol);
  requireInteger('maxIter', a.maxIter, 1);
}

const linearSvmL2: VectorKindSpec<LinearSvmArgs> = {
  name: 'linear-svm-l2',
  description: 'Linear SVM, one-vs-rest, L2 penalty, squared hinge (liblinear dual coordinate descent)',
  defaults: linearSvmDefaults,
  validate,
  train: trainOvr(solveL2SquaredHinge, false),
  restore: (state, _args) => LinearCore.fromJSON(state, 'linear-svm-l2'),
};

const linearSvmL1: VectorKindSpec<LinearSvmArgs> = {
  name: 'linear-svm-l1',
  description: 'Linear SVM, one-vs-rest, L1 penalty, squared hinge (liblinear primal coordinate descent)',
  defaults: linearSvmDefaults,
  validate,
  train: trainOvr(solveL1SquaredHinge, true),
  restore: (state, _args) => LinearCore.fromJSON(state, 'linear-svm-l1'),
};

export const linearSvmL2Kind = vectorKind(linearSvmL2);
export const linearSvmL1Kind = vectorKind(linearSvmL1);
