/**
 * The WebAssembly kernels (`kernels/*.as.ts`, compiled by AssemblyScript to `median.wasm` and
 * `stft.wasm` beside this file by `npm run build`): `median` (the HPSS rank median) and `stft`
 * (the FFTs and gtzan58's frame pass and mel statistics, see kernels/kernels.as.ts). Each is instantiated once per thread, on first use,
 * with its own fixed memory and V8's own Math functions as imports (so a kernel's transcendentals
 * give the JavaScript's values bit for bit). The point is less their speed than that V8 compiles
 * them in a millisecond, where it optimised the same JavaScript for some 0.27 s in every worker.
 * A kernel's memory never grows: growing it would detach its old ArrayBuffer, and one detached
 * ArrayBuffer makes V8 check every typed-array access of the thread for good (the gtzan58 recipe
 * ran 20 % slower). Users reserve their buffers once per thread (`wasmReserve`); callers fall back
 * to their JavaScript when `wasmKernel` returns null (not built) or their data does not fit.
 * A browser's main thread may not compile a module over 4 KB synchronously: `prepareKernels`
 * instantiates them asynchronously first (`classify` calls it), and until it has, the kernels'
 * JavaScript twins run (the same numbers, bit for bit).
 */
import { kernelBytes } from './kernel-bytes.js';

/** What this file uses of the WebAssembly global (the ES2022 lib this package compiles with does not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
};

type KernelFile = 'median' | 'stft' | 'spectrum' | 'long-fft';
const KERNEL_FILES: readonly KernelFile[] = ['median', 'stft', 'spectrum', 'long-fft'];

function importsFor(name: KernelFile): object {
  const abort = (): never => {
    throw new Error(`${name}.wasm aborted`);
  };
  // V8's own Math functions, for kernels whose results must equal the JavaScript's bit for bit.
  return { env: { abort, exp: Math.exp, pow: Math.pow, log: Math.log, log1p: Math.log1p, log2: Math.log2 } };
}

/** The memory every kernel exports. */
export interface KernelMemory {
  memory: { buffer: ArrayBuffer };
}

const instances = new Map<string, unknown>();

/** This thread's instance of `<name>.wasm`, or null when it is not there (the build did not make it). */
export function wasmKernel<T extends KernelMemory>(name: KernelFile): T | null {
  if (!instances.has(name)) {
    if (!syncCompile) return null; // a browser page before prepareKernels: the JavaScript runs
    let instance: unknown = null;
    try {
      instance = new WebAssembly.Instance(new WebAssembly.Module(kernelBytes(name)), importsFor(name)).exports;
    } catch {
      instance = null;
    }
    instances.set(name, instance);
  }
  return instances.get(name) as T | null;
}

/** Whether this thread may compile a kernel synchronously: in Node, or in a browser's worker (a page's main thread may not, over 4 KB). */
const syncCompile = typeof (globalThis as { document?: unknown }).document === 'undefined';

/** Instantiate every kernel of this thread asynchronously, once (a no-op after the first call); one that fails stays off. */
export async function prepareKernels(): Promise<void> {
  for (const name of KERNEL_FILES) {
    if (instances.has(name)) continue;
    let instance: unknown = null;
    try {
      instance = (await WebAssembly.instantiate(kernelBytes(name), importsFor(name))).instance.exports;
    } catch {
      instance = null;
    }
    if (!instances.has(name)) instances.set(name, instance);
  }
}

/** A kernel that exports where its free memory starts (`heapBase`) and how large the memory is (`memoryBytes`). */
export interface ArenaKernel extends KernelMemory {
  heapBase(): number;
  memoryBytes(): number;
}

const arenaNext = new WeakMap<ArenaKernel, number>();

/**
 * Reserves a block of `kernel`'s fixed memory for each entry of `sizes` (bytes; each block starts
 * 16-aligned) for the life of the thread and returns their byte offsets by the same names, or
 * null when they no longer fit (the caller then runs its JavaScript).
 *
 * @example
 *   const at = wasmReserve(kernel, { data: 4 * n, out: 8 * rows }); // { data: 65536, out: 69632 } or null
 */
export function wasmReserve<K extends string>(kernel: ArenaKernel, sizes: Record<K, number>): Record<K, number> | null {
  let next = arenaNext.get(kernel) ?? kernel.heapBase();
  const at = {} as Record<K, number>;
  for (const name of Object.keys(sizes) as K[]) {
    at[name] = next;
    next += (sizes[name] + 15) & ~15;
  }
  if (next > kernel.memoryBytes()) return null;
  arenaNext.set(kernel, next);
  return at;
}

/**
 * The WebAssembly kernels, each with a JavaScript twin: `median` (median.ts, the HPSS rank
 * median), `fft` (fft.ts, the power-of-two real FFTs), `frames` and `melStats` (gtzan58's frame
 * pass and mel statistics, features/gtzan58-frames.ts). Sources in kernels/*.as.ts; what each
 * buys is in docs/kernels.md (`npm run bench -- entry`).
 */
export type KernelName = 'median' | 'fft' | 'frames' | 'melStats' | 'spectrum' | 'filterBank' | 'longFft';
export const KERNEL_NAMES: readonly KernelName[] = ['median', 'fft', 'frames', 'melStats', 'spectrum', 'filterBank', 'longFft'];

/**
 * Kernels switched off in this thread. `GENREKIT_KERNELS_OFF` (a comma list, or `all`) sets the
 * starting set of every thread, worker threads included: for the kernel bench, which measures
 * what each kernel buys in fresh processes.
 */
const disabled = new Set<KernelName>(kernelsFromEnv((globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.GENREKIT_KERNELS_OFF));

function kernelsFromEnv(text: string | undefined): KernelName[] {
  if (!text) return [];
  const names = text.split(',').map((s) => s.trim());
  return names.includes('all') ? [...KERNEL_NAMES] : KERNEL_NAMES.filter((k) => names.includes(k));
}

/** Whether kernel `name` may run in this thread (every kernel may, unless switched off). */
export function kernelEnabled(name: KernelName): boolean {
  return !disabled.has(name);
}

/**
 * The one switch between a kernel and its JavaScript twin, for the bitwise tests and the kernel
 * bench: runs `fn` with the kernels `names` switched off in this thread, then on again.
 */
export function withoutKernels<T>(names: readonly KernelName[], fn: () => T): T {
  const was = names.filter((n) => !disabled.has(n));
  for (const n of names) disabled.add(n);
  try {
    return fn();
  } finally {
    for (const n of was) disabled.delete(n);
  }
}
