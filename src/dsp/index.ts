/** Public DSP API: transforms, windows, spectrograms and librosa-exact spectral features. */
export * from './fft.js';
export * from './window.js';
export * from './stft.js';
export * from './frame-matrix.js';
export * from './mel.js';
export * from './db.js';
export * from './dct.js';
export * from './mfcc.js';
export * from './tuning.js';
export * from './chroma.js';
export * from './spectral.js';
export * from './zcr.js';
export * from './rms.js';
