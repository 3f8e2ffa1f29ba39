/** The feature recipes, their registry (registry.ts), and feature pictures. */
export { recipes, listRecipes, getRecipeFactory, getRecipe } from './registry.js';
export type { FeatureMatrix, Recipe, RecipeFactory } from './recipe.js';
export { MELSPEC_DEFAULTS, type MelspecParams } from './melspec.js';
export { SPECTROGRAM_DEFAULTS, type SpectrogramParams } from './spectrogram.js';
export { MFCC_RECIPE_DEFAULTS, type MfccParams } from './mfcc.js';
export { parseParam, resolveParams, type ParamValue } from './params.js';
export { GTZAN58_DEFAULTS, GTZAN58_NAMES, GTZAN57_NAMES, gtzan58Statistics, type Gtzan58Params } from './gtzan58.js';
export { FEATURE_SEQUENCE_DEFAULTS, type FeatureSequenceParams } from './feature-sequence.js';
export { SCATTERING_RECIPE_DEFAULTS, type ScatteringParams } from './scattering.js';
export { PICTURE_DEFAULTS, encodePng, featureImage, featurePng, featureSvg, type ColorMapName, type PictureOptions, type RgbaImage, type SvgLabels } from './picture.js';
