/**
 * Synthetic "genres" for pipeline tests: `low` (a slow-swelling low chord with a little noise) and
 * `bright` (8 noise bursts a second over a 3 kHz tone). Their spectra differ enough that a
 * classifier on gtzan58 features learns them from a few seconds of examples; seeded, so repeatable.
 */
import { getRecipe } from '../../src/features/index.js';
import { GTZAN57_NAMES } from '../../src/features/gtzan58.js';
import { saveModel } from '../../src/models/io.js';
import { getModelKind } from '../../src/models/registry.js';
import { tailRuleFor, type GenreModel } from '../../src/predict/genre-model.js';

export type SynthGenre = 'low' | 'bright';
export const SYNTH_GENRES: readonly SynthGenre[] = ['bright', 'low'];

/** Mono samples of `genre`, `seconds` long at `sampleRate` Hz; `seed` varies pitch and noise. */
export function synthGenre(genre: SynthGenre, seconds: number, sampleRate: number, seed: number): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  const noise = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 31 - 1;
  };
  const detune = 1 + ((seed % 7) - 3) * 0.01;
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    if (genre === 'low') {
      const swell = 0.6 + 0.4 * Math.sin(2 * Math.PI * 0.5 * t);
      out[i] = swell * 0.25 * (Math.sin(2 * Math.PI * 110 * detune * t) + Math.sin(2 * Math.PI * 165 * detune * t) + Math.sin(2 * Math.PI * 220 * detune * t)) + 0.01 * noise();
    } else {
      const burst = Math.exp(-((t * 8) % 1) * 12);
      out[i] = 0.5 * burst * noise() + 0.2 * Math.sin(2 * Math.PI * 3000 * detune * t);
    }
  }
  return out;
}

/** Concatenate sample arrays. */
export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const SR = 22050;

/**
 * Logistic regression trained on 10 s synthetic clips (6 per genre), on gtzan58 without `length`
 * (as the GTZAN-table models are): a `GenreModel` with 10 s pieces.
 */
export async function trainSynthModel(): Promise<GenreModel> {
  const recipe = getRecipe('gtzan58', {});
  const featureNames = GTZAN57_NAMES;
  const examples: Float32Array[] = [];
  const labels: string[] = [];
  for (const genre of SYNTH_GENRES) {
    for (let seed = 1; seed <= 6; seed++) {
      const f = recipe.compute(synthGenre(genre, 10, SR, seed));
      examples.push(f.data.slice(1)); // all but `length`, the first of gtzan58's outputs
      labels.push(genre);
    }
  }
  const kind = await getModelKind('logreg-multinomial');
  const classifier = await kind.fit({ examples, labels }, { args: {}, labelSet: [...SYNTH_GENRES], seed: 1 });
  const input = { recipe: { id: recipe.id, params: { ...recipe.params } }, sampleRate: recipe.sampleRate, pieceSeconds: 10, columns: [...featureNames], shape: [featureNames.length] };
  return { classifier, recipe, input, takes: 'vector', tail: tailRuleFor(recipe) };
}

/** Save `model` as a model folder at `dir` (feature names recorded, so workers can load it). */
export async function saveSynthModel(model: GenreModel, dir: string): Promise<void> {
  await saveModel(dir, model.classifier, {
    input: model.input,
    training: { command: 'test/predict/synth.ts trainSynthModel' },
    metrics: { note: 'synthetic test model' },
  });
}
