/**
 * Filter banks of the time scattering transform (Anden & Mallat, "Deep scattering spectrum",
 * 2014), defined by their frequency responses in Hz:
 *
 * - the averaging low-pass phi: a Gaussian, phi^(f) = exp(-f^2 / (2 sigma_phi^2)), whose time
 *   response is a Gaussian of standard deviation T / 4 seconds (so that +-2 standard deviations,
 *   95 % of its weight, span the averaging window T);
 * - analytic Morlet wavelets psi^(f) = c (g(f - xi) - g(xi) g(f)) for f > 0 and 0 for f <= 0, with
 *   g(f) = exp(-f^2 / (2 sigma^2)): a Gaussian bump at xi with the Morlet correction that makes the
 *   response exactly 0 at f = 0.
 *
 * Centres start at the Nyquist frequency (so the band is covered up to it; that top wavelet is
 * half a Gaussian, cut at the Nyquist frequency, and rings longer in time) and fall by 2^(-1/Q) (Q wavelets per octave, constant
 * relative bandwidth sigma = 0.7 xi (1 - 2^(-1/Q)), so neighbours overlap evenly). Where that
 * would make a wavelet narrower in frequency (longer in time) than phi, the bank switches to
 * constant bandwidth sigma_phi with linear spacing, as in the paper. The bank stops with the first
 * centre below `lowHz`. Each bank is scaled so that its Littlewood-Paley sum
 * LP(f) = |phi^(f)|^2 + 1/2 sum |psi^(f)|^2 (the fraction of a real signal's energy at f that the
 * filters keep) peaks at 1.
 */
import { ParameterError } from '../errors.js';

/** One analytic Morlet wavelet: centre and Gaussian standard deviation, Hz, and its scale factor. */
export interface Wavelet {
  centerHz: number;
  sigmaHz: number;
  /** Amplitude factor c making the bank's Littlewood-Paley sum peak at 1. */
  scale: number;
}

/** Gaussian width of the wavelets relative to the spacing of their centres. */
const RELATIVE_WIDTH = 0.7;

/** Frequency standard deviation (Hz) of phi for an averaging window of T seconds (time std T / 4). */
export function phiSigmaHz(averagingSeconds: number): number {
  if (!(averagingSeconds > 0)) throw new ParameterError('averagingSeconds', `must be > 0, got ${averagingSeconds}`);
  return 1 / (2 * Math.PI * (averagingSeconds / 4));
}

/** phi^(f): 1 at f = 0. */
export function phiResponse(fHz: number, sigmaPhiHz: number): number {
  return Math.exp(-(fHz * fHz) / (2 * sigmaPhiHz * sigmaPhiHz));
}

/** psi^(f) of one wavelet (0 for f <= 0). */
export function waveletResponse(fHz: number, w: Wavelet): number {
  if (fHz <= 0) return 0;
  const s2 = 2 * w.sigmaHz * w.sigmaHz;
  const d = fHz - w.centerHz;
  return w.scale * (Math.exp(-(d * d) / s2) - Math.exp(-(w.centerHz * w.centerHz) / s2) * Math.exp(-(fHz * fHz) / s2));
}

/** 1/2 sum over the bank of |psi^(f)|^2. */
function halfSquaredSum(fHz: number, bank: readonly Wavelet[]): number {
  let s = 0;
  for (const w of bank) {
    const v = waveletResponse(fHz, w);
    s += v * v;
  }
  return s / 2;
}

/**
 * Littlewood-Paley sum of a bank with phi at fHz: |phi^(f)|^2 + 1/2 sum |psi^(f)|^2. Between
 * 0.5 and 1 over the band the bank covers means every frequency keeps 50-100 % of its energy.
 */
export function littlewoodPaley(fHz: number, bank: readonly Wavelet[], sigmaPhiHz: number): number {
  const p = phiResponse(fHz, sigmaPhiHz);
  return p * p + halfSquaredSum(fHz, bank);
}

/**
 * A Morlet bank over (lowHz, sampleRate / 2]: Q per octave from the Nyquist frequency down,
 * constant bandwidth `sigmaMinHz` where constant-Q wavelets would be narrower, until a centre
 * falls below lowHz (that one included). Ordered from high to low frequency.
 */
export function morletBank(sampleRate: number, q: number, lowHz: number, sigmaMinHz: number): Wavelet[] {
  if (!(sampleRate > 0)) throw new ParameterError('sampleRate', `must be > 0, got ${sampleRate}`);
  if (!(Number.isFinite(q) && q > 0)) throw new ParameterError('q', `wavelets per octave must be > 0, got ${q}`);
  if (!(lowHz > 0 && lowHz < sampleRate / 2)) throw new ParameterError('fMinHz', `must be in (0, ${sampleRate / 2}) Hz, got ${lowHz}`);
  const ratio = 2 ** (-1 / q);
  const raw: { centerHz: number; sigmaHz: number }[] = [];
  let xi = sampleRate / 2;
  let linear = false;
  for (;;) {
    let sigma = RELATIVE_WIDTH * xi * (1 - ratio);
    if (sigma < sigmaMinHz) {
      linear = true;
      sigma = sigmaMinHz;
    }
    raw.push({ centerHz: xi, sigmaHz: sigma });
    if (xi < lowHz) break;
    const next = linear ? xi - sigmaMinHz / RELATIVE_WIDTH : xi * ratio;
    if (next <= 0) break;
    xi = next;
  }
  const unit = raw.map((w) => ({ ...w, scale: 1 }));
  // Peak of the half squared sum: on a log grid over the band plus every centre.
  let peak = 0;
  const lo = Math.max(raw[raw.length - 1].centerHz / 2, 1e-3);
  const steps = 4096;
  for (let i = 0; i <= steps; i++) peak = Math.max(peak, halfSquaredSum(lo * (sampleRate / 2 / lo) ** (i / steps), unit));
  for (const w of unit) peak = Math.max(peak, halfSquaredSum(w.centerHz, unit));
  const scale = 1 / Math.sqrt(peak);
  return raw.map((w) => ({ ...w, scale }));
}
