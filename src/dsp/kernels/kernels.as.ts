// AssemblyScript, compiled to dist/src/dsp/stft.wasm by `npm run build:kernels` (not by tsc: see
// the `exclude` of tsconfig.json). Each export is the JavaScript it names, statement for
// statement, with V8's own Math functions imported for the transcendentals, so the results are
// the same bit for bit. Compiled once per thread in about a millisecond, where V8 spent some
// 0.27 s of every worker optimising the JavaScript (and recompiling the loops that call it, clip
// after clip). The kernels, one file each:
// - fft.as.ts: the power-of-two real FFTs (fft.ts);
// - gtzan58.as.ts: gtzan58's frame pass and mel statistics (features/gtzan58-frames.ts);
// - filter-bank.as.ts: a filter bank over a spectrogram's frames (frame-matrix.ts, the chromagram);
// - tempo.as.ts: the tempo's energy-weighted sum of window power spectra (tempo.ts);
// - median.as.ts, a module of its own (median.wasm): the HPSS rank median (median.ts).
// The hosts reserve their arrays once per thread in the fixed memory (wasm.ts `wasmReserve`) and
// pass byte offsets; a transform plan and gtzan58's tables are records of i32 offsets.
export { forwardWindowed, forwardWindowedPair, inverseWindowedAdd, inverse } from './fft.as';
export { gtzanFrames, melStatistics } from './gtzan58.as';
export { applyGroups } from './filter-bank.as';
export { energyWeightedPowerSum } from './tempo.as';

/** First byte the host may use (after the kernel's static data), 16-aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Bytes of the memory (fixed: it never grows). */
export function memoryBytes(): usize {
  return <usize>memory.size() << 16;
}
