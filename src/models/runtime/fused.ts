/** Registers genrekit's own kernels (fused LSTM / IndRNN steps, batch norm and max-pool, Adam update, wasm matmul transpose fix). */
import { registerAdamKernel } from './adam-kernel.js';
import { registerImageKernels } from './image-kernels.js';
import { registerIndRnnKernels } from './ind-rnn-kernels.js';
import { registerLstmKernels } from './lstm-kernels.js';
import { registerTransposeFix } from './matmul-transpose.js';

let fusedOff = false;

/** Register every fused kernel on the backends that can run them (idempotent). */
export function registerFusedKernels(): void {
  registerLstmKernels();
  registerIndRnnKernels();
  registerAdamKernel();
  registerTransposeFix();
  registerImageKernels();
}

/** Use plain tf ops instead of the fused kernels (for tests and the bench comparison). */
export function setFusedKernels(on: boolean): void {
  fusedOff = !on;
}

export function fusedKernelsEnabled(): boolean {
  return !fusedOff;
}
