/**
 * The orthonormal DCT-II (scipy.fftpack.dct(type=2, norm='ortho')), as a matrix: the lengths
 * here (<= a few hundred bands, a few dozen outputs) make a direct product faster than an FFT.
 */
import { ParameterError } from '../errors.js';

/**
 * nOut x n matrix M with M[k][j] = s_k cos(pi k (2j + 1) / (2n)), s_0 = sqrt(1/n), s_k = sqrt(2/n):
 * row k of M times x is coefficient k of the orthonormal DCT-II of x.
 */
export function dctMatrix(n: number, nOut = n): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new ParameterError('n', `must be a positive integer, got ${n}`);
  if (!Number.isInteger(nOut) || nOut < 1 || nOut > n) throw new ParameterError('nOut', `must be an integer in 1..${n}, got ${nOut}`);
  const m = new Float64Array(nOut * n);
  for (let k = 0; k < nOut; k++) {
    const s = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    for (let j = 0; j < n; j++) m[k * n + j] = s * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
  }
  return m;
}
