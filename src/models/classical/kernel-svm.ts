/**
 * Kernel SVM (C-SVC) as libsvm / scikit-learn's SVC: one binary SVM per pair of classes, each
 * solved by SMO with second-order working-set selection (Fan, Chen & Lin 2005, libsvm `Solver`,
 * no shrinking), prediction by one-vs-one voting where a tie goes to the lower class index.
 * Kernels: RBF exp(-gamma |x-y|^2), polynomial (gamma x.y + coef0)^degree, sigmoid
 * tanh(gamma x.y + coef0); gamma 'scale' = 1 / (features * variance of the training matrix).
 *
 * Probabilities, by default: the softmax over classes of scikit-learn's one-vs-rest decision
 * function (votes + summed pairwise confidences squashed into (-1/3, 1/3)). Its argmax is the vote
 * winner; on a tie in votes the lower class index is lifted to the top, so the predicted class is
 * always libsvm's. With `probability: true`, libsvm's estimates instead (as SVC(probability=True)):
 * each pair's decision values from an internal 5-fold cross-validation are Platt-scaled and the
 * pair probabilities coupled into class probabilities; fitting runs five more SMO solves per pair,
 * and, as in scikit-learn, the most probable class can differ from the vote winner on a few examples.
 */
import { ModelFormatError, ParameterError } from '../../errors.js';
import { type PlattSigmoid, couplePairwise, fitSigmoid, sigmoidProbability } from './platt.js';
import { seededRandom, shuffleInPlace } from '../../random.js';
import { type Matrix, type VectorCore, vectorKind } from './vector-model.js';
import { requireInteger, requirePositive } from '../../params.js';

export type KernelName = 'rbf' | 'poly' | 'sigmoid';

export interface KernelSvmArgs {
  /** Penalty of margin violations (> 0). Default 1 (scikit-learn). */
  C: number;
  /** Kernel width: 'scale' (1 / (features * variance)), 'auto' (1 / features) or a number > 0. Default 'scale'. */
  gamma: number | 'scale' | 'auto';
  /** Degree of the polynomial kernel. Default 3. */
  degree: number;
  /** Constant term of the polynomial and sigmoid kernels. Default 0. */
  coef0: number;
  /** Stopping tolerance on the KKT violation (libsvm eps). Default 1e-3. */
  tol: number;
  /** libsvm's Platt-scaled, pairwise-coupled probabilities instead of the vote softmax. Default false. */
  probability: boolean;
}

export const kernelSvmDefaults: Readonly<KernelSvmArgs> = Object.freeze({ C: 1, gamma: 'scale', degree: 3, coef0: 0, tol: 1e-3, probability: false });

/** Folds of libsvm's internal cross-validation for Platt scaling. */
const PLATT_FOLDS = 5;
/** libsvm clips pair probabilities to [1e-7, 1 - 1e-7] before coupling. */
const MIN_PAIR_PROBABILITY = 1e-7;
/** Sigmoid of a pair with an absent class: decision +-1 maps to the clipped probabilities 1 - 1e-7 / 1e-7. */
const ABSENT_CLASS_SIGMOID: PlattSigmoid = Object.freeze({ A: Math.log(MIN_PAIR_PROBABILITY), B: 0 });

interface KernelParams {
  kernel: KernelName;
  gamma: number;
  degree: number;
  coef0: number;
}

/** Kernel value from a dot product and the two squared norms. */
function kernelOf(p: KernelParams, dot: number, sqA: number, sqB: number): number {
  switch (p.kernel) {
    case 'rbf':
      return Math.exp(-p.gamma * Math.max(sqA + sqB - 2 * dot, 0));
    case 'poly':
      return Math.pow(p.gamma * dot + p.coef0, p.degree);
    case 'sigmoid':
      return Math.tanh(p.gamma * dot + p.coef0);
  }
}

function squaredNorms(x: Matrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let j = 0; j < x.cols; j++) s += x.data[i * x.cols + j] ** 2;
    out[i] = s;
  }
  return out;
}

/** Kernel matrix between the rows of `a` and of `b`: a.rows x b.rows. */
function kernelMatrix(p: KernelParams, a: Matrix, b: Matrix, symmetric: boolean): Float64Array {
  const d = a.cols;
  const na = squaredNorms(a);
  const nb = symmetric ? na : squaredNorms(b);
  const out = new Float64Array(a.rows * b.rows);
  for (let i = 0; i < a.rows; i++) kernelRow(p, a, b, i, symmetric ? i : 0, na[i], nb, symmetric, out);
  return out;
}

/**
 * Row i of `kernelMatrix` from column r0 on (and, when symmetric, column i). A function of its
 * own, called per row: V8 optimises it once instead of replacing the nested loops on the stack.
 */
function kernelRow(p: KernelParams, a: Matrix, b: Matrix, i: number, r0: number, nai: number, nb: Float64Array, symmetric: boolean, out: Float64Array): void {
  const d = a.cols;
  const oi = i * d;
  for (let r = r0; r < b.rows; r++) {
    const or = r * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += a.data[oi + j] * b.data[or + j];
    const k = kernelOf(p, s, nai, nb[r]);
    out[i * b.rows + r] = k;
    if (symmetric) out[r * b.rows + i] = k;
  }
}

/** -rho + sum_t coef[t] K(x, sv_t) for one pair, K(x, .) being kx[at ..]. */
function pairDecision(p: { rho: number; coef: ArrayLike<number>; sv: ArrayLike<number> }, kx: Float64Array, at: number): number {
  let s = -p.rho;
  for (let t = 0; t < p.sv.length; t++) s += p.coef[t] * kx[at + p.sv[t]];
  return s;
}

const TAU = 1e-12;

/**
 * SMO for min 0.5 a'Qa - e'a, 0 <= a <= C, y'a = 0 with Q_ij = y_i y_j K_ij (K: l x l).
 * Returns the dual variables and rho (decision = sum a_i y_i K(x_i, x) - rho).
 */
export function solveSmo(kernel: Float64Array, y: Int8Array, C: number, eps: number): { alpha: Float64Array; rho: number } {
  const l = y.length;
  const alpha = new Float64Array(l);
  const grad = new Float64Array(l).fill(-1);
  const qd = new Float64Array(l);
  for (let i = 0; i < l; i++) qd[i] = kernel[i * l + i];
  const q = (i: number, t: number): number => y[i] * y[t] * kernel[i * l + t];
  const maxIter = Math.max(10_000_000, 100 * l);
  for (let iter = 0; iter < maxIter; iter++) {
    // Working set selection 2: i maximises -y G over I_up, j minimises the second-order gain over I_low.
    let gMax = -Infinity;
    let gMax2 = -Infinity;
    let iSel = -1;
    let jSel = -1;
    let objDiffMin = Infinity;
    for (let t = 0; t < l; t++) {
      if (y[t] === 1) {
        if (alpha[t] < C && -grad[t] >= gMax) {
          gMax = -grad[t];
          iSel = t;
        }
      } else if (alpha[t] > 0 && grad[t] >= gMax) {
        gMax = grad[t];
        iSel = t;
      }
    }
    const i = iSel;
    if (i === -1) break;
    const rowI = i * l;
    for (let j = 0; j < l; j++) {
      if (y[j] === 1) {
        if (alpha[j] > 0) {
          const gradDiff = gMax + grad[j];
          if (grad[j] >= gMax2) gMax2 = grad[j];
          if (gradDiff > 0) {
            const quad = qd[i] + qd[j] - 2 * y[i] * kernel[rowI + j];
            const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
            if (objDiff <= objDiffMin) {
              jSel = j;
              objDiffMin = objDiff;
            }
          }
        }
      } else if (alpha[j] < C) {
        const gradDiff = gMax - grad[j];
        if (-grad[j] >= gMax2) gMax2 = -grad[j];
        if (gradDiff > 0) {
          const quad = qd[i] + qd[j] + 2 * y[i] * kernel[rowI + j];
          const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (objDiff <= objDiffMin) {
            jSel = j;
            objDiffMin = objDiff;
          }
        }
      }
    }
    if (gMax + gMax2 < eps || jSel === -1) break;
    const j = jSel;
    const oldI = alpha[i];
    const oldJ = alpha[j];
    const qij = q(i, j);
    if (y[i] !== y[j]) {
      let quad = qd[i] + qd[j] + 2 * qij;
      if (quad <= 0) quad = TAU;
      const delta = (-grad[i] - grad[j]) / quad;
      const diff = alpha[i] - alpha[j];
      alpha[i] += delta;
      alpha[j] += delta;
      if (diff > 0) {
        if (alpha[j] < 0) {
          alpha[j] = 0;
          alpha[i] = diff;
        }
      } else if (alpha[i] < 0) {
        alpha[i] = 0;
        alpha[j] = -diff;
      }
      if (diff > 0) {
        if (alpha[i] > C) {
          alpha[i] = C;
          alpha[j] = C - diff;
        }
      } else if (alpha[j] > C) {
        alpha[j] = C;
        alpha[i] = C + diff;
      }
    } else {
      let quad = qd[i] + qd[j] - 2 * qij;
      if (quad <= 0) quad = TAU;
      const delta = (grad[i] - grad[j]) / quad;
      const sum = alpha[i] + alpha[j];
      alpha[i] -= delta;
      alpha[j] += delta;
      if (sum > C) {
        if (alpha[i] > C) {
          alpha[i] = C;
          alpha[j] = sum - C;
        }
      } else if (alpha[j] < 0) {
        alpha[j] = 0;
        alpha[i] = sum;
      }
      if (sum > C) {
        if (alpha[j] > C) {
          alpha[j] = C;
          alpha[i] = sum - C;
        }
      } else if (alpha[i] < 0) {
        alpha[i] = 0;
        alpha[j] = sum;
      }
    }
    const dI = alpha[i] - oldI;
    const dJ = alpha[j] - oldJ;
    const rowJ = j * l;
    const yi = y[i] * dI;
    const yj = y[j] * dJ;
    for (let t = 0; t < l; t++) grad[t] += y[t] * (yi * kernel[rowI + t] + yj * kernel[rowJ + t]);
  }
  // rho: mean of y G over free variables, else the middle of the feasible interval.
  let nFree = 0;
  let sumFree = 0;
  let ub = Infinity;
  let lb = -Infinity;
  for (let t = 0; t < l; t++) {
    const yg = y[t] * grad[t];
    if (alpha[t] >= C) {
      if (y[t] === -1) ub = Math.min(ub, yg);
      else lb = Math.max(lb, yg);
    } else if (alpha[t] <= 0) {
      if (y[t] === 1) ub = Math.min(ub, yg);
      else lb = Math.max(lb, yg);
    } else {
      nFree++;
      sumFree += yg;
    }
  }
  return { alpha, rho: nFree > 0 ? sumFree / nFree : (ub + lb) / 2 };
}

/** One pairwise machine: support-vector indices into the shared set, their coefficients a_i y_i, rho. */
interface PairMachine {
  sv: Int32Array;
  coef: Float64Array;
  rho: number;
  /** Platt sigmoid of the pair's decision values (with `probability: true`). */
  sigmoid?: PlattSigmoid;
}

export class KernelSvmCore implements VectorCore {
  /**
   * @param supportVectors standardised support vectors of every pair, rows x features
   * @param pairs machines for (0,1), (0,2), ..., (k-2,k-1) in that order
   */
  constructor(
    readonly params: KernelParams,
    readonly supportVectors: Matrix,
    readonly pairs: PairMachine[],
    readonly nClasses: number,
  ) {}

  /** One-vs-one decision values, rows x pairs (positive: the first class of the pair). */
  pairDecisions(x: Matrix): Float64Array {
    const kx = kernelMatrix(this.params, x, this.supportVectors, false);
    const m = this.supportVectors.rows;
    const out = new Float64Array(x.rows * this.pairs.length);
    for (let r = 0; r < x.rows; r++) {
      for (let k = 0; k < this.pairs.length; k++) out[r * this.pairs.length + k] = pairDecision(this.pairs[k], kx, r * m);
    }
    return out;
  }

  proba(x: Matrix): Float32Array[] {
    const k = this.nClasses;
    const np = this.pairs.length;
    const dec = this.pairDecisions(x);
    if (np > 0 && this.pairs.every((p) => p.sigmoid)) return this.plattProba(dec, x.rows);
    const out: Float32Array[] = [];
    for (let r = 0; r < x.rows; r++) {
      const votes = new Float64Array(k);
      const conf = new Float64Array(k);
      let p = 0;
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++, p++) {
          const v = dec[r * np + p];
          if (v > 0) votes[a]++;
          else votes[b]++;
          conf[a] += v;
          conf[b] -= v;
        }
      }
      let winner = 0;
      for (let c = 1; c < k; c++) if (votes[c] > votes[winner]) winner = c;
      const score = new Float64Array(k);
      let best = -Infinity;
      for (let c = 0; c < k; c++) {
        score[c] = votes[c] + conf[c] / (3 * (Math.abs(conf[c]) + 1));
        if (c !== winner) best = Math.max(best, score[c]);
      }
      if (score[winner] <= best) score[winner] = best + 1e-3;
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, score[c]);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(score[c] - max);
      const prob = new Float32Array(k);
      for (let c = 0; c < k; c++) prob[c] = Math.exp(score[c] - max) / sum;
      out.push(prob);
    }
    return out;
  }

  /** libsvm's svm_predict_probability: Platt-scaled pair probabilities, coupled. */
  private plattProba(dec: Float64Array, rows: number): Float32Array[] {
    const k = this.nClasses;
    const np = this.pairs.length;
    const out: Float32Array[] = [];
    for (let row = 0; row < rows; row++) {
      const r = Array.from({ length: k }, () => new Float64Array(k));
      let p = 0;
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++, p++) {
          const v = sigmoidProbability(dec[row * np + p], this.pairs[p].sigmoid as PlattSigmoid);
          r[a][b] = Math.min(Math.max(v, MIN_PAIR_PROBABILITY), 1 - MIN_PAIR_PROBABILITY);
          r[b][a] = 1 - r[a][b];
        }
      }
      out.push(Float32Array.from(couplePairwise(r)));
    }
    return out;
  }

  toJSON(): unknown {
    return {
      params: this.params,
      supportVectors: Array.from(this.supportVectors.data),
      rows: this.supportVectors.rows,
      cols: this.supportVectors.cols,
      pairs: this.pairs.map((p) => ({ sv: Array.from(p.sv), coef: Array.from(p.coef), rho: p.rho, ...(p.sigmoid ? { sigmoid: p.sigmoid } : {}) })),
    };
  }

  static fromJSON(state: unknown, name: string, nClasses: number): KernelSvmCore {
    const s = state as {
      params?: KernelParams;
      supportVectors?: number[];
      rows?: number;
      cols?: number;
      pairs?: Array<{ sv: number[]; coef: number[]; rho: number; sigmoid?: PlattSigmoid }>;
    };
    if (!s?.params || !Array.isArray(s.supportVectors) || typeof s.rows !== 'number' || typeof s.cols !== 'number' || !Array.isArray(s.pairs)) {
      throw new ModelFormatError(name, 'kernel SVM state needs params, supportVectors, rows, cols and pairs');
    }
    if (s.pairs.length !== (nClasses * (nClasses - 1)) / 2) throw new ModelFormatError(name, `${s.pairs.length} pairwise machines for ${nClasses} classes`);
    const pairs = s.pairs.map((p) => ({ sv: Int32Array.from(p.sv), coef: Float64Array.from(p.coef), rho: p.rho, ...(p.sigmoid ? { sigmoid: p.sigmoid } : {}) }));
    return new KernelSvmCore(s.params, { data: Float64Array.from(s.supportVectors), rows: s.rows, cols: s.cols }, pairs, nClasses);
  }
}

/** The number gamma stands for on training matrix `x`. */
export function resolveGamma(gamma: KernelSvmArgs['gamma'], x: Matrix): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / x.cols;
  let mean = 0;
  for (let i = 0; i < x.data.length; i++) mean += x.data[i];
  mean /= x.data.length;
  let v = 0;
  for (let i = 0; i < x.data.length; i++) v += (x.data[i] - mean) ** 2;
  v /= x.data.length;
  return v > 0 ? 1 / (x.cols * v) : 1;
}

/**
 * libsvm's svm_binary_svc_probability: decision values of every example from a 5-fold
 * cross-validation inside the pair (kernel l x l, labels +1 / -1), then the Platt sigmoid fitted to them.
 */
function plattForPair(kernel: Float64Array, y: Int8Array, C: number, eps: number, random: () => number): PlattSigmoid {
  const l = y.length;
  const perm = shuffleInPlace(Int32Array.from({ length: l }, (_, i) => i), random);
  const dec = new Float64Array(l);
  for (let f = 0; f < PLATT_FOLDS; f++) {
    const begin = Math.floor((f * l) / PLATT_FOLDS);
    const end = Math.floor(((f + 1) * l) / PLATT_FOLDS);
    const train = [...perm.subarray(0, begin), ...perm.subarray(end)];
    const pos = train.filter((i) => y[i] > 0).length;
    if (pos === 0 || pos === train.length) {
      for (let j = begin; j < end; j++) dec[perm[j]] = train.length === 0 ? 0 : pos > 0 ? 1 : -1;
      continue;
    }
    const m = train.length;
    const sub = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) sub[a * m + b] = kernel[train[a] * l + train[b]];
    const yy = Int8Array.from(train, (i) => y[i]);
    const { alpha, rho } = solveSmo(sub, yy, C, eps);
    for (let j = begin; j < end; j++) {
      const target = perm[j];
      let v = -rho;
      for (let a = 0; a < m; a++) if (alpha[a] > 0) v += alpha[a] * yy[a] * kernel[train[a] * l + target];
      dec[target] = v;
    }
  }
  return fitSigmoid(dec, y);
}

function trainKernelSvm(kernel: KernelName, x: Matrix, y: Int32Array, k: number, args: KernelSvmArgs, seed: number): KernelSvmCore {
  const random = seededRandom(seed);
  const params: KernelParams = { kernel, gamma: resolveGamma(args.gamma, x), degree: args.degree, coef0: args.coef0 };
  const full = kernelMatrix(params, x, x, true);
  const n = x.rows;
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) byClass[y[i]].push(i);
  const svIndex = new Map<number, number>();
  const raw: Array<{ idx: number[]; coef: number[]; rho: number; sigmoid?: PlattSigmoid }> = [];
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      if (!byClass[a].length || !byClass[b].length) {
        // A class without training examples (a label-set entry absent from this fold) loses every pair.
        raw.push({ idx: [], coef: [], rho: byClass[a].length ? -1 : 1, sigmoid: args.probability ? ABSENT_CLASS_SIGMOID : undefined });
        continue;
      }
      const idx = [...byClass[a], ...byClass[b]];
      const l = idx.length;
      const sub = new Float64Array(l * l);
      for (let r = 0; r < l; r++) for (let t = 0; t < l; t++) sub[r * l + t] = full[idx[r] * n + idx[t]];
      const yy = new Int8Array(l);
      for (let r = 0; r < l; r++) yy[r] = r < byClass[a].length ? 1 : -1;
      const { alpha, rho } = solveSmo(sub, yy, args.C, args.tol);
      const sigmoid = args.probability ? plattForPair(sub, yy, args.C, args.tol, random) : undefined;
      const machine = { idx: [] as number[], coef: [] as number[], rho, sigmoid };
      for (let r = 0; r < l; r++) {
        if (alpha[r] > 0) {
          machine.idx.push(idx[r]);
          machine.coef.push(alpha[r] * yy[r]);
          if (!svIndex.has(idx[r])) svIndex.set(idx[r], svIndex.size);
        }
      }
      raw.push(machine);
    }
  }
  const svRows = [...svIndex.keys()];
  const sv = new Float64Array(svRows.length * x.cols);
  svRows.forEach((row, r) => sv.set(x.data.subarray(row * x.cols, (row + 1) * x.cols), r * x.cols));
  const pairs = raw.map((m) => ({
    sv: Int32Array.from(m.idx.map((i) => svIndex.get(i) as number)),
    coef: Float64Array.from(m.coef),
    rho: m.rho,
    ...(m.sigmoid ? { sigmoid: m.sigmoid } : {}),
  }));
  return new KernelSvmCore(params, { data: sv, rows: svRows.length, cols: x.cols }, pairs, k);
}

function validate(a: KernelSvmArgs): void {
  requirePositive('C', a.C);
  requirePositive('tol', a.tol);
  requireInteger('degree', a.degree, 1);
  if (typeof a.gamma === 'number') requirePositive('gamma', a.gamma);
  else if (a.gamma !== 'scale' && a.gamma !== 'auto') throw new ParameterError('gamma', `must be 'scale', 'auto' or a number > 0, got '${a.gamma}'`);
}

function kernelKind(kernel: KernelName, description: string) {
  const name = `svm-${kernel}`;
  return vectorKind<KernelSvmArgs>({
    name,
    description,
    defaults: kernelSvmDefaults,
    validate,
    train: (x, y, k, args, seed) => trainKernelSvm(kernel, x, y, k, args, seed),
    restore: (state, _args, nClasses) => KernelSvmCore.fromJSON(state, name, nClasses),
  });
}

export const svmRbf = kernelKind('rbf', 'Kernel SVM (C-SVC), RBF kernel, one-vs-one (libsvm SMO)');
export const svmPoly = kernelKind('poly', 'Kernel SVM (C-SVC), polynomial kernel, one-vs-one (libsvm SMO)');
export const svmSigmoid = kernelKind('sigmoid', 'Kernel SVM (C-SVC), sigmoid kernel, one-vs-one (libsvm SMO)');
