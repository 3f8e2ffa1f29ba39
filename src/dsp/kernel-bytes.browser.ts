/** kernel-bytes.ts for the browser: the kernels inlined in the bundle (esbuild's binary loader, about 28 KB as base64). */
import median from './median.wasm';
import longFft from './long-fft.wasm';
import spectrum from './spectrum.wasm';
import stft from './stft.wasm';

/** The bytes of `<name>.wasm`. */
export function kernelBytes(name: 'median' | 'stft' | 'spectrum' | 'long-fft'): Uint8Array {
  return { median, stft, spectrum, 'long-fft': longFft }[name];
}

// The swap must give every export of kernel-bytes.ts with the same types (checked by tsconfig.browser.json).
const twin: typeof import('./kernel-bytes.js') = { kernelBytes };
void twin;
