/**
 * Direct float32 access to tensor memory inside a kernel, on the two backends whose memory
 * JavaScript can reach: `wasm` (views of the WebAssembly heap) and `cpu` (its typed arrays).
 * The fused kernels (lstm-kernels.ts, ind-rnn-kernels.ts, adam-kernel.ts) are built on it.
 */
import * as tf from './tf.js';

export const HEAP_BACKENDS = ['wasm', 'cpu'] as const;
export type HeapBackendName = (typeof HEAP_BACKENDS)[number];

interface WasmLike extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
}
interface CpuLike extends tf.KernelBackend {
  data: { get(dataId: tf.DataId): { values: tf.backend_util.BackendValues } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): tf.TensorInfo;
}

export interface KernelIO {
  /** Input views, in the order given (undefined stays undefined). */
  ins: Array<Float32Array | undefined>;
  /** Output views to fill completely (wasm memory is not zeroed). */
  outs: Float32Array[];
  infos: tf.TensorInfo[];
}

function isWasm(backend: tf.KernelBackend): backend is WasmLike {
  return typeof (backend as Partial<WasmLike>).typedArrayFromHeap === 'function';
}

/**
 * Allocate float32 outputs of `outShapes`, then view the inputs. On wasm the views are taken after
 * every allocation, since an allocation can grow (and so detach) the heap.
 */
export function kernelIO(backendArg: unknown, inputs: Array<tf.TensorInfo | undefined>, outShapes: number[][]): KernelIO {
  const backend = backendArg as tf.KernelBackend;
  if (isWasm(backend)) {
    const infos = outShapes.map((s) => backend.makeOutput(s, 'float32'));
    const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    return { ins: inputs.map((t) => (t ? view(t) : undefined)), outs: infos.map(view), infos };
  }
  const cpu = backend as CpuLike;
  const outs = outShapes.map((s) => new Float32Array(s.reduce((a, b) => a * b, 1)));
  const infos = outShapes.map((s, i) => cpu.makeTensorInfo(s, 'float32', outs[i]));
  return { ins: inputs.map((t) => (t ? (cpu.data.get(t.dataId).values as Float32Array) : undefined)), outs, infos };
}

/** Register `kernelFunc` as kernel `name` on every heap backend that is registered. */
export function registerHeapKernel(name: string, kernelFunc: tf.KernelFunc): void {
  for (const backendName of HEAP_BACKENDS) {
    if (!tf.findBackendFactory(backendName) || tf.getKernel(name, backendName)) continue;
    tf.registerKernel({ kernelName: name, backendName, kernelFunc });
  }
}

/** Whether kernel `name` runs on the active backend. */
export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
