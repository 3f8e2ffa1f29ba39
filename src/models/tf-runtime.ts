/** The tensor runtime of the neural models: TensorFlow.js with its backend chosen at run time. */
export * from './runtime/backend.js';
export { registerWasmFallbackKernels, WASM_FALLBACK_KERNELS } from './runtime/wasm-kernels.js';
export { registerFusedKernels, setFusedKernels, fusedKernelsEnabled } from './runtime/fused.js';
export { setTransposeFix } from './runtime/matmul-transpose.js';
