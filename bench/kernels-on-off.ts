/**
 * Timing with the WebAssembly kernels and without them (their JavaScript twins, or the Float64
 * frame-by-frame paths the SIMD kernels replaced), in alternating runs of the same process: the
 * "after" and "before" columns of the `features` and `gtzan58` bench sections.
 */
import { performance } from 'node:perf_hooks';
import { KERNEL_NAMES, withoutKernels } from '../src/dsp/wasm.js';

/** Median wall and process CPU time, ms. */
export type Times = [wall: number, cpu: number];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall and CPU ms of `fn` with every kernel (`on`) and with none (`off`), alternating, after `warmup` runs of each. */
export function timeBoth(fn: () => unknown, runs = 7, warmup = 1): { on: Times; off: Times } {
  const off = () => withoutKernels(KERNEL_NAMES, fn);
  for (let i = 0; i < warmup; i++) {
    fn();
    off();
  }
  const wall = { on: [] as number[], off: [] as number[] };
  const cpu = { on: [] as number[], off: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const [key, f] of [['on', fn], ['off', off]] as const) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      f();
      wall[key].push(performance.now() - t0);
      const used = process.cpuUsage(c0);
      cpu[key].push((used.user + used.system) / 1000);
    }
  }
  return { on: [median(wall.on), median(cpu.on)], off: [median(wall.off), median(cpu.off)] };
}

/** One line of a kernels on / off table: both times and what the kernels buy. */
export function kernelLine(name: string, t: { on: Times; off: Times }, width = 52): string {
  const ms = ([wall, cpu]: Times) => `${wall.toFixed(1).padStart(7)} ms (cpu ${cpu.toFixed(1)})`;
  return `  ${name.padEnd(width)} ${ms(t.on)}   kernels off ${ms(t.off)}: x${(t.off[0] / t.on[0]).toFixed(2)}`;
}
