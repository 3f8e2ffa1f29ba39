/**
 * L2-regularised logistic regression, solved to its optimum with L-BFGS (scikit-learn's
 * LogisticRegression(solver='lbfgs'), whose default max_iter=100 may stop a little short of it).
 * The intercept is not penalised.
 * - `logreg-multinomial`: one softmax over classes, minimises sum_i -log p(y_i | x_i) + |W|^2 / (2C).
 * - `logreg-ovr`: one binary logistic model per class; probabilities are the per-class sigmoids
 *   normalised to sum 1 (as scikit-learn's one-vs-rest predict_proba).
 */
import { LinearCore } from './linear-core.js';
import { lbfgs } from './lbfgs.js';
import { axpy, dot } from './vector-ops.js';
import { type Matrix, vectorKind } from './vector-model.js';
import { requireInteger, requirePositive } from '../../params.js';

export interface LogisticRegressionArgs {
  /** Inverse regularisation strength (> 0). Default 1 (scikit-learn). */
  C: number;
  /** Stop when the largest gradient entry of the per-example mean objective is below this. Default 1e-6. */
  tol: number;
  /** Most L-BFGS iterations. Default 1000. */
  maxIter: number;
}

export const logisticRegressionDefaults: Readonly<LogisticRegressionArgs> = Object.freeze({ C: 1, tol: 1e-6, maxIter: 1000 });

/** Multinomial: parameters are classes x (features + 1), the intercept last in each row. */
function trainMultinomial(x: Matrix, y: Int32Array, k: number, args: LogisticRegressionArgs): LinearCore {
  const { data, rows: n, cols: d } = x;
  const stride = d + 1;
  const lambda = 1 / args.C;
  const scores = new Float64Array(k);
  const objective = (p: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        const s = p[c * stride + d] + dot(p, c * stride, data, off, d);
        scores[c] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      const target = scores[y[i]];
      for (let c = 0; c < k; c++) sum += scores[c] = Math.exp(scores[c] - max);
      loss += max + Math.log(sum) - target;
      for (let c = 0; c < k; c++) {
        const r = scores[c] / sum - (c === y[i] ? 1 : 0);
        axpy(r, data, off, grad, c * stride, d);
        grad[c * stride + d] += r;
      }
    }
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const w = p[c * stride + j];
        loss += 0.5 * lambda * w * w;
        grad[c * stride + j] += lambda * w;
      }
    }
    for (let i = 0; i < grad.length; i++) grad[i] /= n;
    return loss / n;
  };
  const { x: p } = lbfgs(objective, new Float64Array(k * stride), { gtol: args.tol, maxIter: args.maxIter });
  const weights = new Float64Array(k * d);
  const bias = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    weights.set(p.subarray(c * stride, c * stride + d), c * d);
    bias[c] = p[c * stride + d];
  }
  return new LinearCore(weights, bias, 'softmax');
}

/** One binary model (features + intercept) for labels +1 / -1. */
function trainBinary(x: Matrix, y: Int8Array, args: LogisticRegressionArgs): Float64Array {
  const { data, rows: n, cols: d } = x;
  const lambda = 1 / args.C;
  const objective = (p: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      const z = p[d] + dot(p, 0, data, off, d);
      const m = y[i] * z;
      // log(1 + exp(-m)) and its derivative, stable for large |m|.
      loss += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
      const r = -y[i] / (1 + Math.exp(m));
      axpy(r, data, off, grad, 0, d);
      grad[d] += r;
    }
    for (let j = 0; j < d; j++) {
      loss += 0.5 * lambda * p[j] * p[j];
      grad[j] += lambda * p[j];
    }
    for (let i = 0; i <= d; i++) grad[i] /= n;
    return loss / n;
  };
  return lbfgs(objective, new Float64Array(d + 1), { gtol: args.tol, maxIter: args.maxIter }).x;
}

function trainOvr(x: Matrix, labels: Int32Array, k: number, args: LogisticRegressionArgs): LinearCore {
  const weights = new Float64Array(k * x.cols);
  const bias = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const y = new Int8Array(x.rows);
    for (let i = 0; i < x.rows; i++) y[i] = labels[i] === c ? 1 : -1;
    const p = trainBinary(x, y, args);
    weights.set(p.subarray(0, x.cols), c * x.cols);
    bias[c] = p[x.cols];
  }
  return new LinearCore(weights, bias, 'ovr-sigmoid');
}

function validate(a: LogisticRegressionArgs): void {
  requirePositive('C', a.C);
  requirePositive('tol', a.tol);
  requireInteger('maxIter', a.maxIter, 1);
}

export const logisticRegressionMultinomial = vectorKind<LogisticRegressionArgs>({
  name: 'logreg-multinomial',
  description: 'Multinomial logistic regression, L2 penalty (L-BFGS to the optimum)',
  defaults: logisticRegressionDefaults,
  validate,
  train: (x, y, k, args) => trainMultinomial(x, y, k, args),
  restore: (state) => LinearCore.fromJSON(state, 'logreg-multinomial'),
});

export const logisticRegressionOvr = vectorKind<LogisticRegressionArgs>({
  name: 'logreg-ovr',
  description: 'One-vs-rest logistic regression, L2 penalty (L-BFGS to the optimum)',
  defaults: logisticRegressionDefaults,
  validate,
  train: (x, y, k, args) => trainOvr(x, y, k, args),
  restore: (state) => LinearCore.fromJSON(state, 'logreg-ovr'),
});
