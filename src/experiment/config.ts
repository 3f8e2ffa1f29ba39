/**
 * An experiment's config (JSON or YAML, `experiments/*.json`): which system and published table it
 * reproduces, the data (the GTZAN feature table, or a recipe computed from audio), the split
 * protocols, and the models with their published numbers. `loadExperimentConfig` checks all of
 * it before any work starts: every problem is a ParameterError naming the config key.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ParameterError } from '../errors.js';
import { getRecipe } from '../features/registry.js';
import { getModelKind, type ModelKind } from '../models/registry.js';
import { resolveParams } from '../params.js';

/** The split protocols an experiment may name: the published (leaky) one, song-grouped, the GTZAN fault-filtered split. */
export const PROTOCOL_NAMES = ['random', 'song', 'fault-filtered'] as const;
export type ProtocolName = (typeof PROTOCOL_NAMES)[number];

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" and "-"').max(80);
const args = z.record(z.string(), z.unknown());

const protocolSchema = z.strictObject({
  /** A split spec (`resolveSplit`): `random:80/10/10`, `song:80/10/10`, `kfold10`, `fault-filtered`, ... */
  split: z.string().min(1),
  /** The split of smoke runs where `split` cannot reach every genre with 50 clips (S4's 10 x 10-fold: `rkfold5x1`). Default `split`. */
  smokeSplit: z.string().min(1).optional(),
  /** Folds to run (the first n); default every fold of the split. */
  folds: z.number().int().min(1).optional(),
  /** How the paper dealt its examples, in words (for protocols that only approximate it). */
  note: z.string().optional(),
});

const modelSchema = z.strictObject({
  /** The row's name in the published table, e.g. "LSTM 2 x 250". */
  name: z.string().min(1).max(100),
  kind: z.string().min(1),
  args: args.optional(),
  /** Arguments that replace `args` in smoke runs (fewer epochs, smaller networks). */
  smokeArgs: args.optional(),
  /** The published number (a fraction, 0.79 for 79 %), or null where the paper gives none. */
  published: z.number().min(0).max(1).nullable(),
  /** What the published number is, where it is not the experiment's `metric` or needs a word. */
  publishedNote: z.string().optional(),
});

/** The schema of an experiment config. */
export const experimentConfigSchema = z.strictObject({
  id,
  system: z.enum(['S0', 'S1', 'S2', 'S3', 'S4']),
  title: z.string().min(1),
  /** Where the published numbers come from (report, table). */
  source: z.string().min(1),
  /** The metric the published numbers are: test accuracy, or micro / macro F1. */
  metric: z.enum(['accuracy', 'microF1', 'macroF1']),
  /** The data: the GTZAN feature table (a CSV), or features computed from audio by a recipe. */
  data: z.union([
    z.strictObject({ table: z.string().min(1) }),
    z.strictObject({ recipe: z.string().min(1), params: args.optional(), piece: z.number().positive().nullable().optional() }),
  ]),
  /** Keep only these genres (S3's six). Default: every label of the data. */
  labels: z.array(z.string().min(1)).min(2).optional(),
  /** The protocols to run, by name; `published` names the one the paper used. */
  protocols: z.partialRecord(z.enum(PROTOCOL_NAMES), protocolSchema),
  published: z.enum(PROTOCOL_NAMES),
  models: z.array(modelSchema).min(1),
  /** Smoke runs (`--smoke`, the 50 dev clips): at most this many folds per protocol. Default 1. */
  smokeFolds: z.number().int().min(1).optional(),
  notes: z.array(z.string()).optional(),
});

export type ExperimentConfig = z.infer<typeof experimentConfigSchema>;
export type ExperimentModel = z.infer<typeof modelSchema>;
export type ExperimentProtocol = z.infer<typeof protocolSchema>;

/** A checked config with its model kinds resolved. */
export interface LoadedExperiment {
  config: ExperimentConfig;
  /** The config file it came from. */
  path: string;
  kinds: ModelKind[];
}

/** Reads a config (`.json`, `.yaml` or `.yml`) and checks it (`checkExperimentConfig`). */
export async function loadExperimentConfig(path: string): Promise<LoadedExperiment> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ParameterError('config', `cannot read '${path}': ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ParameterError('config', `'${basename(path)}' is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
  return { ...(await checkExperimentConfig(raw, path)), path };
}

/**
 * Checks a parsed config: its shape (zod), that every model kind exists and takes what the data
 * gives (a sequence model on a vector recipe is refused), that the recipe exists, and that the
 * published protocol is one of those listed. Throws ParameterError naming `<file>: <key>`.
 */
export async function checkExperimentConfig(raw: unknown, source = 'config'): Promise<{ config: ExperimentConfig; kinds: ModelKind[] }> {
  const parsed = experimentConfigSchema.safeParse(raw);
  const where = basename(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new ParameterError(`${where}: ${key}`, issue.message);
  }
  const config = parsed.data;
  if (!config.protocols[config.published]) throw new ParameterError(`${where}: published`, `names protocol '${config.published}', which 'protocols' does not list`);
  const input = dataInput(config, where);
  const kinds: ModelKind[] = [];
  const names = new Set<string>();
  for (const [i, m] of config.models.entries()) {
    const key = `${where}: models.${i}`;
    if (names.has(m.name)) throw new ParameterError(`${key}.name`, `'${m.name}' is used by two rows`);
    names.add(m.name);
    let kind: ModelKind;
    try {
      kind = await getModelKind(m.kind);
    } catch (err) {
      throw new ParameterError(`${key}.kind`, (err as Error).message);
    }
    if (input && kind.input !== input && !(input === 'sequence' && kind.flattensSequences)) {
      throw new ParameterError(`${key}.kind`, `'${m.kind}' takes ${kind.input} examples, but the data (${describeData(config)}) gives ${input}s`);
    }
    // The kind's own check of names and types (`resolveParams`), before any work.
    for (const [field, values] of [['args', m.args], ['smokeArgs', m.smokeArgs]] as const) {
      try {
        resolveParams(`model '${m.kind}'`, kind.defaults, values ?? {});
      } catch (err) {
        if (!(err instanceof ParameterError)) throw err;
        throw new ParameterError(`${key}.${field}.${err.parameter}`, err.message);
      }
    }
    kinds.push(kind);
  }
  return { config, kinds };
}

/** Whether the data gives vectors (a table; a summary recipe) or sequences (a frame-based recipe). */
function dataInput(config: ExperimentConfig, where: string): 'vector' | 'sequence' {
  if ('table' in config.data) return 'vector';
  let shape: number[];
  try {
    const recipe = getRecipe(config.data.recipe, config.data.params ?? {});
    shape = recipe.outputShape(Math.round((config.data.piece ?? 30) * recipe.sampleRate));
  } catch (err) {
    throw new ParameterError(`${where}: data.recipe`, (err as Error).message);
  }
  return shape.length === 1 ? 'vector' : 'sequence';
}

/** The data in words: "the table features_30_sec.csv" or "melspec features of 3 s pieces". */
export function describeData(config: ExperimentConfig): string {
  if ('table' in config.data) return `the feature table ${config.data.table}`;
  const piece = config.data.piece ? ` of ${config.data.piece} s pieces` : ' of whole clips';
  return `${config.data.recipe} features${piece}`;
}
