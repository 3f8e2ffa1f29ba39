/**
 * `genrekit/dsp`: librosa-exact signal processing on mono Float32 samples: windows, FFTs, STFT
 * and its inverse, mel / chroma filter banks and spectrograms, dB scaling, DCT and MFCCs, spectral
 * shape, zero crossings, RMS, median filters and HPSS, onset strength, tempo, tuning, and the
 * scattering transform. Each function names the librosa call it matches and takes an options
 * object whose defaults are exported beside it (`STFT_DEFAULTS`, ...). Shapes are row-major
 * `[frames, bins]` unless a doc comment says otherwise.
 */
export { WINDOW_NAMES, getWindow, type WindowName } from './window.js';
export { ComplexFft, RealFft } from './fft.js';
export { STFT_DEFAULTS, frameCount, stft, spectrogram, magnitude, istft, istftMasked, type PadMode, type StftOptions, type Spectrum, type Spectrogram, type IstftOptions } from './stft.js';
export { hzToMel, melToHz, melFrequencies, fftFrequencies, MEL_FILTER_DEFAULTS, melFilterBank, MEL_SPECTROGRAM_DEFAULTS, melSpectrogram, melFromSamples, type MelFilterOptions, type MelSpectrogramOptions } from './mel.js';
export { POWER_TO_DB_DEFAULTS, AMPLITUDE_TO_DB_DEFAULTS, powerToDb, amplitudeToDb, type PowerToDbOptions } from './db.js';
export { dctMatrix } from './dct.js';
export { MFCC_DEFAULTS, mfccFromLogMel, mfcc, type MfccOptions } from './mfcc.js';
export { CHROMA_FILTER_DEFAULTS, chromaFilterBank, CHROMA_STFT_DEFAULTS, chromaStft, type ChromaFilterOptions, type ChromaStftOptions } from './chroma.js';
export { SPECTRAL_DEFAULTS, BANDWIDTH_DEFAULTS, ROLLOFF_DEFAULTS, spectralCentroid, spectralBandwidth, spectralRolloff, type SpectralOptions, type BandwidthOptions, type RolloffOptions } from './spectral.js';
export { ZERO_CROSSING_DEFAULTS, zeroCrossingRate, type ZeroCrossingOptions } from './zcr.js';
export { RMS_DEFAULTS, rms, type RmsOptions } from './rms.js';
export { medianFilterDownColumns, medianFilterAlongRows, medianFilter1d } from './median.js';
export { HPSS_DEFAULTS, HPSS_STFT_DEFAULTS, hpssMasks, harmonicMask, hpss, hpssWaveforms, type HpssOptions, type HpssMasks, type HpssWaveformOptions } from './hpss.js';
export { ONSET_STRENGTH_DEFAULTS, onsetStrengthFromSpectrogram, ONSET_STRENGTH_AUDIO_DEFAULTS, onsetStrength, type OnsetStrengthOptions, type OnsetStrengthAudioOptions } from './onset.js';
export { TEMPOGRAM_DEFAULTS, TEMPO_DEFAULTS, tempogram, tempoFrequencies, estimateTempo, tempoOfAudio, type TempogramOptions, type TempoOptions } from './tempo.js';
export { PIPTRACK_DEFAULTS, piptrack, pitchTuning, TUNING_DEFAULTS, estimateTuning, type PiptrackOptions, type Peaks, type TuningOptions } from './tuning.js';
export { phiSigmaHz, phiResponse, waveletResponse, littlewoodPaley, morletBank, type Wavelet } from './scattering-filters.js';
export { prepareKernels } from './wasm.js';
export { SCATTERING_DEFAULTS, scatteringFilterBank, scatteringFrameCount, scatteringTransform, type ScatteringOptions, type ScatteringFilterBank, type ScatteringResult } from './scattering.js';
