/**
 * Gradient kernels the tfjs wasm backend lacks (tfjs 4.22), registered for `wasm` by running the
 * cpu backend's kernel on copies of the inputs. They are rare in our models (convolution filter
 * gradients, segment sums behind `gather`'s gradient), so the copy costs little; without them
 * training a model that uses them throws "kernel not registered" on wasm.
 */
import * as tf from './tf.js';

/** Kernels registered for cpu but not wasm that training may reach. */
export const WASM_FALLBACK_KERNELS: readonly string[] = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'UnsortedSegmentSum',
  'Einsum',
];

interface HeapBackend extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
}
interface CpuBackend extends tf.KernelBackend {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): tf.TensorInfo;
}

/** Register every missing kernel of `WASM_FALLBACK_KERNELS` for wasm; returns the names registered. */
export function registerWasmFallbackKernels(): string[] {
  const cpu = tf.findBackend('cpu') as CpuBackend | null;
  if (!cpu) return [];
  const registered: string[] = [];
  for (const name of WASM_FALLBACK_KERNELS) {
    if (tf.getKernel(name, 'wasm')) continue;
    const cpuKernel = tf.getKernel(name, 'cpu');
    if (!cpuKernel) continue;
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => {
        const wasm = backend as HeapBackend;
        const cpuInputs: Record<string, tf.TensorInfo> = {};
        const made: tf.TensorInfo[] = [];
        const toCpu = (t: tf.TensorInfo): tf.TensorInfo => {
          const info = cpu.makeTensorInfo(t.shape, t.dtype, wasm.readSync(t.dataId));
          made.push(info);
          return info;
        };
        // Einsum takes an array of inputs; the others a name -> tensor map.
        const cpuInputArg = Array.isArray(inputs)
          ? (inputs as tf.TensorInfo[]).map(toCpu)
          : (Object.entries(inputs).forEach(([k, t]) => (cpuInputs[k] = toCpu(t as tf.TensorInfo))), cpuInputs);
        try {
          const out = cpuKernel.kernelFunc({ inputs: cpuInputArg as tf.NamedTensorInfoMap, attrs, backend: cpu });
          const outs = Array.isArray(out) ? out : [out];
          const results = outs.map((o) => {
            const values = cpu.readSync(o.dataId);
            cpu.disposeData(o.dataId);
            return wasm.makeOutput(o.shape, o.dtype, undefined, values);
          });
          return Array.isArray(out) ? results : results[0];
        } finally {
          for (const info of made) cpu.disposeData(info.dataId);
        }
      },
    });
    registered.push(name);
  }
  return registered;
}
