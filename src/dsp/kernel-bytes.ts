/** The compiled kernels' bytes, read from beside this file (Node). The browser build inlines them (kernel-bytes.browser.ts). */
import { readFileSync } from 'node:fs';

/** The bytes of `<name>.wasm`; throws when the build did not make it. */
export function kernelBytes(name: 'median' | 'stft' | 'spectrum' | 'long-fft'): Uint8Array {
  return readFileSync(new URL(`./${name}.wasm`, import.meta.url));
}
