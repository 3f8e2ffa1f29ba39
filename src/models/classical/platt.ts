/**
 * libsvm's probability estimates for one-vs-one SVMs: Platt scaling of each pair's decision
 * values (Lin, Lin & Weng 2007, libsvm `sigmoid_train` / `sigmoid_predict`) and pairwise coupling
 * of the pair probabilities into class probabilities (Wu, Lin & Weng 2004, method 2, libsvm
 * `multiclass_probability`).
 */

/** Sigmoid P(y = +1 | f) = 1 / (1 + exp(A f + B)). */
export interface PlattSigmoid {
  A: number;
  B: number;
}

/** Fits A and B to decision values `dec` with labels `y` (+1 / -1) by Newton's method with backtracking. */
export function fitSigmoid(dec: ArrayLike<number>, y: ArrayLike<number>): PlattSigmoid {
  const l = dec.length;
  let prior1 = 0;
  for (let i = 0; i < l; i++) if (y[i] > 0) prior1++;
  const prior0 = l - prior1;
  const maxIter = 100;
  const minStep = 1e-10;
  const sigma = 1e-12;
  const eps = 1e-5;
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const t = Float64Array.from({ length: l }, (_, i) => (y[i] > 0 ? hiTarget : loTarget));
  const objective = (A: number, B: number): number => {
    let f = 0;
    for (let i = 0; i < l; i++) {
      const fApB = dec[i] * A + B;
      f += fApB >= 0 ? t[i] * fApB + Math.log1p(Math.exp(-fApB)) : (t[i] - 1) * fApB + Math.log1p(Math.exp(fApB));
    }
    return f;
  };
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  let fval = objective(A, B);
  for (let iter = 0; iter < maxIter; iter++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < l; i++) {
      const fApB = dec[i] * A + B;
      const e = Math.exp(-Math.abs(fApB));
      const p = fApB >= 0 ? e / (1 + e) : 1 / (1 + e);
      const q = 1 - p;
      const d2 = p * q;
      h11 += dec[i] * dec[i] * d2;
      h22 += d2;
      h21 += dec[i] * d2;
      const d1 = t[i] - p;
      g1 += dec[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const newA = A + step * dA;
      const newB = B + step * dB;
      const newF = objective(newA, newB);
      if (newF < fval + 0.0001 * step * gd) {
        A = newA;
        B = newB;
        fval = newF;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break;
  }
  return { A, B };
}

/** P(y = +1 | f) under a fitted sigmoid. */
export function sigmoidProbability(f: number, s: PlattSigmoid): number {
  const fApB = f * s.A + s.B;
  return fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
}

/**
 * Class probabilities from pairwise ones: `r[i][j]` = P(class i | i or j), r[j][i] = 1 - r[i][j].
 * Returns k probabilities summing to 1.
 */
export function couplePairwise(r: readonly Float64Array[]): Float64Array {
  const k = r.length;
  const maxIter = Math.max(100, k);
  const eps = 0.005 / k;
  const q = Array.from({ length: k }, () => new Float64Array(k));
  const p = new Float64Array(k).fill(1 / k);
  const qp = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    for (let j = 0; j < t; j++) {
      q[t][t] += r[j][t] * r[j][t];
      q[t][j] = q[j][t];
    }
    for (let j = t + 1; j < k; j++) {
      q[t][t] += r[j][t] * r[j][t];
      q[t][j] = -r[j][t] * r[t][j];
    }
  }
  for (let iter = 0; iter < maxIter; iter++) {
    let pqp = 0;
    for (let t = 0; t < k; t++) {
      qp[t] = 0;
      for (let j = 0; j < k; j++) qp[t] += q[t][j] * p[j];
      pqp += p[t] * qp[t];
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) maxError = Math.max(maxError, Math.abs(qp[t] - pqp));
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-qp[t] + pqp) / q[t][t];
      p[t] += diff;
      pqp = (pqp + diff * (diff * q[t][t] + 2 * qp[t])) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        qp[j] = (qp[j] + diff * q[t][j]) / (1 + diff);
        p[j] /= 1 + diff;
      }
    }
  }
  return p;
}
