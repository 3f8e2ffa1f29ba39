/**
 * `genrekit/features`: the feature recipes of the five systems (`gtzan58`, `melspec`,
 * `spectrogram`, `mfcc`, `featureSequence`, `scattering`) by id with their parameters and output
 * shapes, and pictures of a feature matrix (PNG / SVG, viridis or magma).
 */
export { recipes, listRecipes, getRecipeFactory, getRecipe } from './registry.js';
export { lengthDependent, type FeatureMatrix, type Recipe, type RecipeFactory } from './recipe.js';
export { MELSPEC_DEFAULTS, type MelspecParams } from './melspec.js';
export { SPECTROGRAM_DEFAULTS, type SpectrogramParams } from './spectrogram.js';
export { MFCC_RECIPE_DEFAULTS, type MfccParams } from './mfcc.js';
export { GTZAN58_DEFAULTS, GTZAN58_NAMES, GTZAN57_NAMES, gtzan58Statistics, type Gtzan58Params } from './gtzan58.js';
export { FEATURE_SEQUENCE_DEFAULTS, type FeatureSequenceParams } from './feature-sequence.js';
export { SCATTERING_RECIPE_DEFAULTS, type ScatteringParams } from './scattering.js';
export { PICTURE_DEFAULTS, encodePng, featureImage, featurePng, featureSvg, type ColorMapName, type PictureOptions, type RgbaImage, type SvgLabels } from './picture.js';
