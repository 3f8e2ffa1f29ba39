/**
 * Weights that are numbers: a model whose file holds NaN or an infinity (a diverged training, an
 * edited file) would give NaN probabilities or confident nonsense for every song, so loading
 * refuses it, naming where the first bad value sits.
 */

/**
 * Where in parsed JSON `value` the first non-number sits: an infinite number (`1e999` parses to
 * Infinity) or a `null` inside an array of numbers (JSON.stringify writes NaN as null). The path
 * reads like `core.coef[3][17]`; undefined when every number is finite.
 */
export function firstNonFinite(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '(root)';
  if (Array.isArray(value)) {
    const numeric = value.some((v) => typeof v === 'number');
    for (let i = 0; i < value.length; i++) {
      if (numeric && value[i] === null) return `${path}[${i}]`;
      const bad = firstNonFinite(value[i], `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const bad = firstNonFinite(v, path ? `${path}.${k}` : k);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** Index of the first NaN or infinity in `values`, or -1. */
export function firstNonFiniteIndex(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}
