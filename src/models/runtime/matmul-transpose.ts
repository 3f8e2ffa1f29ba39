/**
 * tfjs-backend-wasm 4.22 multiplies with a transposed operand about 7x slower than it transposes
 * explicitly and multiplies plainly ([2816x513]^T x [2816x1000]: 876 ms vs 7 + 137 ms), and every
 * matmul gradient asks for a transposed operand. This wraps the wasm BatchMatMul and _FusedMatMul
 * kernels to transpose first. `setTransposeFix(false)` restores the plain behaviour (the bench
 * uses it to measure untuned tfjs).
 */
import * as tf from './tf.js';

let enabled = true;

/** Turn the explicit-transpose path on or off (on by default once registered). */
export function setTransposeFix(on: boolean): void {
  enabled = on;
}

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

function wrap(name: string, a: string, b: string): void {
  const original = tf.getKernel(name, 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose || (original as { wrapped?: boolean }).wrapped) return;
  tf.unregisterKernel(name, 'wasm');
  const config: tf.KernelConfig & { wrapped: boolean } = {
    ...original,
    wrapped: true,
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as MatMulAttrs;
      if (!enabled || (!attrs.transposeA && !attrs.transposeB)) return original.kernelFunc(args);
      const inputs = { ...(args.inputs as Record<string, tf.TensorInfo>) };
      const made: tf.TensorInfo[] = [];
      const flip = (key: string) => {
        const x = inputs[key];
        const perm = [...x.shape.keys()];
        perm.splice(-2, 2, perm.length - 1, perm.length - 2);
        const t = transpose.kernelFunc({ inputs: { x }, backend: args.backend, attrs: { perm } }) as tf.TensorInfo;
        made.push(t);
        inputs[key] = t;
      };
      if (attrs.transposeA) flip(a);
      if (attrs.transposeB) flip(b);
      try {
        return original.kernelFunc({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
      } finally {
        for (const t of made) (args.backend as tf.KernelBackend).disposeData(t.dataId);
      }
    },
  };
  tf.registerKernel(config);
}

/** Wrap the wasm matmul kernels (idempotent). */
export function registerTransposeFix(): void {
  wrap('BatchMatMul', 'a', 'b');
  wrap('_FusedMatMul', 'a', 'b');
}
