/** Option parsing shared by `train`, `evaluate`, `cv` and `grid`. */
import { existsSync, statSync } from 'node:fs';
import { GenreKitError, ParameterError } from '../errors.js';
import { datasetFeaturesDefaults, loadDatasetFeatures, loadLabelledData, type LabelledData } from '../eval/labelled-data.js';
import { createProgress, type Progress } from '../parallel/progress.js';
import { parseKeyValues, parseParamsJson } from '../params.js';
import { listModelKinds, type ModelKind } from '../models/registry.js';
import type { ModelInput } from '../models/manifest.js';
import { lengthDependent } from '../features/recipe.js';
import { getRecipe } from '../features/registry.js';

/** `--set NAME=VALUE` items as model arguments (text, converted to each default's type by the model). */
export function parseSetArgs(items: readonly string[] = []): Record<string, unknown> {
  return parseKeyValues(items, 'set');
}

/** The command line as typed (arguments with spaces quoted), for the model's record. */
export function commandLine(): string {
  return ['genrekit', ...process.argv.slice(2)].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Help lines listing every model kind with its arguments and defaults. */
export async function kindsHelp(): Promise<string> {
  const kinds: ModelKind[] = await listModelKinds().catch(async () => (await import('../models/classical/index.js')).kinds);
  return kinds
    .map((k) => `  ${k.name.padEnd(20)} ${Object.entries(k.defaults).map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(' ')}`)
    .join('\n');
}

/** Prints a GenreKitError's message (exit 1) or a usage problem (exit 2); rethrows anything else. */
export function reportError(command: string, err: unknown): number {
  if (err instanceof GenreKitError) {
    console.error(`genrekit ${command}: ${err.message}`);
    return 1;
  }
  if (err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`genrekit ${command}: ${err.message}`);
    return 2;
  }
  throw err;
}

/** Percent with one decimal. */
export function pct(v: number): string {
  return `${(100 * v).toFixed(1)} %`;
}

/** `--seed` as an integer in [0, 2^32), default 0; ParameterError otherwise. */
export function parseSeed(raw: string | undefined, fallback = 0): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new ParameterError('seed', `must be an integer in [0, 2^32), got '${raw}'`);
  return n;
}

/** parseArgs options naming where labelled data comes from (`train`, `evaluate`, `cv`, `grid`). */
export const dataOptions = {
  data: { type: 'string' },
  recipe: { type: 'string' },
  params: { type: 'string' },
  piece: { type: 'string' },
  store: { type: 'string' },
  jobs: { type: 'string' },
} as const;

/** Help lines for {@link dataOptions}. */
export const dataHelp = `  --data <path>      GTZAN feature table (.csv, 30 s or 3 s), tensor file (.gkt), or an audio
                     dataset (GTZAN folder, folder-per-label tree, or manifest .csv with --recipe)
  --recipe <id>      compute this feature recipe from the audio dataset of --data (once: the
                     feature store keeps it); evaluate uses the model's recipe for a folder
  --params <json>    recipe parameters (default: the recipe's defaults)
  --piece <s>        cut the dataset's files into pieces of s seconds (default: whole files)
  --store <dir>      feature store (default ${datasetFeaturesDefaults.store})
  --jobs <n>         extraction worker threads (default: one per core)`;

/** What {@link dataOptions} parsed to. */
type DataValues = { [K in keyof typeof dataOptions]?: string };

/**
 * Loads the labelled data the options name: a feature table or tensor file, or an audio dataset
 * whose features are computed through the feature store (with `recipe`, or for a folder the input
 * contract of `model`: its recipe, and its piece length when the recipe's shape depends on the
 * length, else whole files). Skipped files are listed on stderr.
 */
export async function loadDataOption(command: string, v: DataValues, model?: ModelInput): Promise<LabelledData> {
  const path = v.data!;
  const isFolder = existsSync(path) && statSync(path).isDirectory();
  const fallbackRecipe = isFolder && !v.recipe && model ? { ...model.recipe, pieceSeconds: lengthDependent(getRecipe(model.recipe.id, model.recipe.params)) ? model.pieceSeconds : null } : undefined;
  const recipe = v.recipe ?? (isFolder ? fallbackRecipe?.id : undefined);
  if (!recipe) {
    if (isFolder) throw new ParameterError('recipe', `'${path}' is an audio dataset folder: give --recipe <id> to compute its features`);
    return loadLabelledData(path);
  }
  const params = v.params !== undefined ? parseParamsJson(v.params) : v.recipe ? {} : (fallbackRecipe?.params ?? {});
  const pieceSeconds = v.piece !== undefined ? Number(v.piece) : v.recipe ? null : (fallbackRecipe?.pieceSeconds ?? null);
  if (pieceSeconds !== null && !(pieceSeconds > 0)) throw new ParameterError('piece', `must be a number of seconds > 0, got '${v.piece}'`);
  const jobs = v.jobs !== undefined ? Number(v.jobs) : undefined;
  let progress: Progress | undefined;
  const data = await loadDatasetFeatures(path, {
    recipe,
    params,
    pieceSeconds,
    ...(v.store ? { store: v.store } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    onFile: (_outcome, _done, total) => (progress ??= createProgress(`${command}: ${recipe} features`, total, { unit: 'files' })).tick(),
  });
  progress?.done();
  for (const s of data.skipped) console.error(`genrekit ${command}: skipped ${s.path}: ${s.reason}`);
  return data;
}

/** Apply `--backend <name>` (neural models): loads the TensorFlow.js runtime only when given. */
export async function useBackend(name: string): Promise<void> {
  const { parseBackendChoice, setBackendPreference } = await import('../models/runtime/backend.js');
  setBackendPreference(parseBackendChoice(name, '--backend'));
}
