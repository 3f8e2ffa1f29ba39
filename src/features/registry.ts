/**
 * The recipe registry: every feature recipe by id. To add a recipe, import its factory and add
 * one entry to `recipes` (the key must equal the factory's id). Kept apart from `index.ts`, which
 * also exports the pictures (and with them the PNG writer), so the workers that compute features load
 * only the recipes.
 */
import { ParameterError } from '../errors.js';
import { featureSequence } from './feature-sequence.js';
import { gtzan58 } from './gtzan58.js';
import { melspec } from './melspec.js';
import { mfcc } from './mfcc.js';
import type { Recipe, RecipeFactory } from './recipe.js';
import { scattering } from './scattering.js';
import { spectrogram } from './spectrogram.js';

/** Recipe id -> factory. */
export const recipes: Readonly<Record<string, RecipeFactory<object>>> = {
  gtzan58,
  melspec,
  spectrogram,
  mfcc,
  featureSequence,
  scattering,
};

/** The registered recipe ids, sorted. */
export function listRecipes(): string[] {
  return Object.keys(recipes).sort();
}

/** The factory of `id`; ParameterError listing the known ids when there is none. */
export function getRecipeFactory(id: string): RecipeFactory<object> {
  const factory = Object.hasOwn(recipes, id) ? recipes[id] : undefined;
  if (!factory) throw new ParameterError('recipe', `unknown recipe '${id}'; known: ${listRecipes().join(', ')}`);
  return factory;
}

/** Recipe `id` with `params` resolved against its defaults (ParameterError for unknown ids or bad params). */
export function getRecipe(id: string, params: Record<string, unknown> = {}): Recipe {
  return getRecipeFactory(id).create(params) as unknown as Recipe;
}
