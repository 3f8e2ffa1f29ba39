/**
 * `scattering` (system S4): first- and second-order scattering coefficients of 16 kHz audio as a
 * sequence of frames (see `dsp/scattering.ts`): defaults Q1 = 8, Q2 = 1, averaging T = 0.74 s,
 * one frame every 4096 samples (256 ms). By default the second order is renormalised by the
 * first, S2(l1, l2) / (S1(l1) + eps) (Anden & Mallat, to decorrelate the orders), and every
 * coefficient is log-compressed, log(c + eps).
 */
import { ParameterError } from '../errors.js';
import { SCATTERING_DEFAULTS, scatteringFilterBank, scatteringTransform, type ScatteringOptions } from '../dsp/scattering.js';
import { resolveParams } from '../params.js';
import type { FeatureMatrix, Recipe, RecipeFactory } from './recipe.js';

export interface ScatteringParams extends ScatteringOptions {
  /** Divide each second-order coefficient by its first-order parent plus eps. Default true. */
  normalize: boolean;
  /** Replace every coefficient c by log(c + eps). Default true. */
  log: boolean;
  /** eps of `normalize` and `log` (> 0), in the signal's units (samples in [-1, 1]). Default 1e-6. */
  epsilon: number;
}

/** Defaults of the `scattering` recipe. */
export const SCATTERING_RECIPE_DEFAULTS: Readonly<ScatteringParams> = { ...SCATTERING_DEFAULTS, normalize: true, log: true, epsilon: 1e-6 };

function resolve(params: Partial<ScatteringParams> = {}): ScatteringParams {
  const p = resolveParams("recipe 'scattering'", SCATTERING_RECIPE_DEFAULTS, params);
  if (!(p.epsilon > 0)) throw new ParameterError('epsilon', `must be > 0, got ${p.epsilon}`);
  for (const key of ['normalize', 'log'] as const) {
    if (typeof p[key] !== 'boolean') throw new ParameterError(key, `must be true or false, got ${String(p[key])}`);
  }
  return p;
}

/** Hz with one decimal, for coefficient names. */
const hz = (f: number): string => f.toFixed(1);

/**
 * The `scattering` recipe: output [frames, n1 + n2], frames = ceil(samples / hopLength), the n1
 * first-order coefficients (`s1_<xi1 Hz>`, high to low) then the n2 second-order paths
 * (`s2_<xi1 Hz>_<xi2 Hz>`). With the defaults n1 = 71 and n2 = 448 (118 frames per 30 s).
 */
export const scattering: RecipeFactory<ScatteringParams> = {
  id: 'scattering',
  description: 'first- and second-order scattering transform (Morlet, Q1 8, Q2 1, T 0.74 s) at 16 kHz, log, S2/S1 (S4)',
  defaults: SCATTERING_RECIPE_DEFAULTS,
  create(params?: Partial<ScatteringParams>): Recipe<ScatteringParams> {
    const p = resolve(params);
    const bank = scatteringFilterBank(p);
    const n1 = bank.first.length;
    const n2 = bank.paths.length;
    const names = [
      ...bank.first.map((w) => `s1_${hz(w.centerHz)}`),
      ...bank.paths.map(([i1, i2]) => `s2_${hz(bank.first[i1].centerHz)}_${hz(bank.second[i2].centerHz)}`),
    ];
    return {
      id: 'scattering',
      params: p,
      sampleRate: p.sampleRate,
      outputShape: (nSamples: number) => [Math.ceil(nSamples / p.hopLength), n1 + n2],
      compute(samples: Float32Array): FeatureMatrix {
        const r = scatteringTransform(samples, p, bank);
        const width = n1 + n2;
        const data = new Float32Array(r.frames * width);
        const eps = p.epsilon;
        for (let t = 0; t < r.frames; t++) {
          for (let i = 0; i < n1; i++) {
            const v = r.s1[t * n1 + i];
            data[t * width + i] = p.log ? Math.log(v + eps) : v;
          }
          for (let j = 0; j < n2; j++) {
            let v = r.s2[t * n2 + j];
            if (p.normalize) v /= r.s1[t * n1 + bank.paths[j][0]] + eps;
            data[t * width + n1 + j] = p.log ? Math.log(v + eps) : v;
          }
        }
        return { data, shape: [r.frames, width], names };
      },
    };
  },
};
