import type { tf } from '../src/models/runtime/backend.js';

/**
 * Kernel time by kernel name from a tf.profile, largest first, and the total (ms). Kernels that
 * run others (a customGrad's `forward`) are left out, so that no time is counted twice.
 */
export function kernelTimes(info: Awaited<ReturnType<typeof tf.profile>>): { total: number; byName: Array<[string, number]> } {
  const byName = new Map<string, number>();
  let total = 0;
  for (const k of info.kernels) {
    if (k.name === 'forward') continue;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byName.set(k.name, (byName.get(k.name) ?? 0) + ms);
    total += ms;
  }
  return { total, byName: [...byName].sort((a, b) => b[1] - a[1]) };
}
