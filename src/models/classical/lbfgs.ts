/**
 * Limited-memory BFGS (Nocedal & Wright, algorithm 7.5) with a backtracking line search that
 * enforces the Armijo condition; curvature pairs with s.y <= 0 are skipped. Used to reach the
 * optimum of smooth convex objectives (logistic regression), not for speed records.
 */

/** Objective: writes the gradient at `x` into `grad` and returns the value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when max |gradient| <= gtol. */
  gtol: number;
  /** Most iterations. */
  maxIter: number;
  /** Number of correction pairs kept. */
  memory: number;
}

export const lbfgsDefaults: Readonly<LbfgsOptions> = Object.freeze({ gtol: 1e-6, maxIter: 1000, memory: 10 });

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Minimises `f` from `x0` (not modified). Returns the minimiser and the iterations used. */
export function lbfgs(f: Objective, x0: Float64Array, options: Partial<LbfgsOptions> = {}): { x: Float64Array; iterations: number; value: number } {
  const { gtol, maxIter, memory } = { ...lbfgsDefaults, ...options };
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = f(x, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let iter = 0;
  for (; iter < maxIter && maxAbs(g) > gtol; iter++) {
    // Two-loop recursion: dir = -H g.
    dir.set(g);
    const alpha = new Float64Array(sList.length);
    for (let k = sList.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(sList[k], dir);
      for (let i = 0; i < n; i++) dir[i] -= alpha[k] * yList[k][i];
    }
    if (sList.length) {
      const last = sList.length - 1;
      const gamma = dot(sList[last], yList[last]) / dot(yList[last], yList[last]);
      for (let i = 0; i < n; i++) dir[i] *= gamma;
    } else {
      const scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let i = 0; i < n; i++) dir[i] *= scale;
    }
    for (let k = 0; k < sList.length; k++) {
      const beta = rho[k] * dot(yList[k], dir);
      for (let i = 0; i < n; i++) dir[i] += sList[k][i] * (alpha[k] - beta);
    }
    for (let i = 0; i < n; i++) dir[i] = -dir[i];
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sList.length = yList.length = rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -g[i];
      slope = dot(g, dir);
    }
    let step = 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 50; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * dir[i];
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= fx)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      sList.push(s);
      yList.push(y);
      rho.push(1 / sy);
      if (sList.length > memory) {
        sList.shift();
        yList.shift();
        rho.shift();
      }
    }
    const converged = Math.abs(fx - fNew) <= 1e-14 * Math.max(1, Math.abs(fx));
    x = Float64Array.from(xNew);
    g = Float64Array.from(gNew);
    fx = fNew;
    if (converged) break;
  }
  return { x, iterations: iter, value: fx };
}
