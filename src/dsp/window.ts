/**
 * Analysis windows with `scipy.signal.get_window` semantics (what librosa uses).
 */
import { ParameterError } from '../errors.js';

/** Window names genrekit knows. */
export type WindowName = 'hann' | 'hamming' | 'blackman' | 'rectangular';

/** Cosine-sum coefficients a_k of w[n] = sum_k a_k cos(k * x_n), x_n from -pi to pi (scipy general_cosine). */
const COSINE_TERMS: Record<Exclude<WindowName, 'rectangular'>, number[]> = {
  hann: [0.5, 0.5],
  hamming: [0.54, 0.46],
  blackman: [0.42, 0.5, 0.08],
};

/** The known window names, for help texts and validation. */
export const WINDOW_NAMES: readonly WindowName[] = ['hann', 'hamming', 'blackman', 'rectangular'];

/**
 * A window of `length` samples. `periodic` (scipy `fftbins=True`, the default) gives the
 * DFT-even window used for spectral analysis: the symmetric window of length + 1 without its
 * last sample. Lengths 0 and 1 give [] and [1] as scipy does.
 */
export function getWindow(name: WindowName, length: number, periodic = true): Float64Array {
  if (!Number.isInteger(length) || length < 0) throw new ParameterError('window length', `must be a non-negative integer, got ${length}`);
  if (!WINDOW_NAMES.includes(name)) throw new ParameterError('window', `unknown window '${name}'; known: ${WINDOW_NAMES.join(', ')}`);
  const out = new Float64Array(length);
  if (length <= 1 || name === 'rectangular') return out.fill(1);
  const m = periodic ? length + 1 : length;
  const terms = COSINE_TERMS[name];
  // numpy.linspace(-pi, pi, m): start + i * step, last point exactly pi.
  const step = (2 * Math.PI) / (m - 1);
  for (let i = 0; i < length; i++) {
    const x = i === m - 1 ? Math.PI : -Math.PI + i * step;
    let w = 0;
    for (let k = 0; k < terms.length; k++) w += terms[k] * Math.cos(k * x);
    out[i] = w;
  }
  return out;
}
