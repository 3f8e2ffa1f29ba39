/** `genrekit features`: the feature values of one audio file for one recipe, and optionally a picture. */
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAudio } from '../audio/load.js';
import { parseKeyValues } from '../params.js';
import { writeFileAtomic } from '../data/atomic-write.js';
import { ParameterError } from '../errors.js';
import { PICTURE_DEFAULTS, featurePng, featureSvg, getRecipeFactory, listRecipes, type ColorMapName, type FeatureMatrix } from '../features/index.js';

export const summary = 'print the features of one audio file (JSON or CSV) and draw spectrogram-like ones';

const help = () => {
  const lines = [
    'Usage: genrekit features <file> --recipe <id> [--json|--csv] [--png out.png|--svg out.svg] [--set key=value ...]',
    '',
    'Loads <file> at the recipe\'s sample rate (mono) and prints its feature matrix: JSON (default)',
    'or CSV with one row per frame. --png / --svg draw a [frames, bins] recipe as an image: time',
    'left to right, low bins at the bottom; non-negative values (magnitudes) in dB.',
    '',
    'Options:',
    `  --recipe <id>        one of: ${listRecipes().join(', ')}  [required]`,
    '  --set key=value      recipe parameter (repeatable), e.g. --set nMels=128',
    '  --json | --csv       output format (default JSON; nothing when only a picture is asked for)',
    '  --png <file>         write a PNG picture',
    '  --svg <file>         write an SVG picture with axes',
    `  --colormap <name>    viridis or magma (default ${PICTURE_DEFAULTS.colorMap})`,
    '  --offset <s>         start this many seconds into the file (default 0)',
    '  --duration <s>       only this many seconds (default: to the end)',
    '  --help               this text',
    '',
    'Recipes and their parameters (defaults):',
  ];
  for (const id of listRecipes()) {
    const f = getRecipeFactory(id);
    lines.push(`  ${id}: ${f.description}`);
    lines.push(`    ${Object.entries(f.defaults).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`);
  }
  return lines.join('\n');
};

function seconds(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new ParameterError(name, `expects seconds, got '${raw}'`);
  return v;
}

/** Rounds float32 values to their 7 significant digits for printing. */
const short = (v: number) => Number(v.toPrecision(7));

function columnNames(m: FeatureMatrix): string[] {
  const width = m.shape.length > 1 ? m.shape[m.shape.length - 1] : m.shape[0] ?? m.data.length;
  return m.names ?? Array.from({ length: width }, (_, i) => `v${i}`);
}

function toCsv(m: FeatureMatrix): string {
  const names = columnNames(m);
  const width = names.length;
  const rows = [m.shape.length > 1 ? ['frame', ...names].join(',') : names.join(',')];
  for (let r = 0; r * width < m.data.length; r++) {
    const values = Array.from(m.data.subarray(r * width, (r + 1) * width), short);
    rows.push(m.shape.length > 1 ? [r, ...values].join(',') : values.join(','));
  }
  return rows.join('\n') + '\n';
}

function toJson(file: string, recipe: { id: string; params: object; sampleRate: number }, m: FeatureMatrix): string {
  const width = columnNames(m).length;
  const values =
    m.shape.length > 1
      ? Array.from({ length: m.data.length / width }, (_, r) => Array.from(m.data.subarray(r * width, (r + 1) * width), short))
      : Array.from(m.data, short);
  return JSON.stringify({ file, recipe: { id: recipe.id, params: recipe.params }, sampleRate: recipe.sampleRate, shape: m.shape, names: m.names, values }) + '\n';
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      recipe: { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      png: { type: 'string' },
      svg: { type: 'string' },
      colormap: { type: 'string', default: PICTURE_DEFAULTS.colorMap },
      offset: { type: 'string' },
      duration: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(help());
    return 0;
  }
  if (positionals.length !== 1 || !values.recipe) {
    console.error(`${help()}\n\ngenrekit features: needs one <file> and --recipe`);
    return 2;
  }
  if (values.json && values.csv) {
    console.error('genrekit features: choose one of --json and --csv');
    return 2;
  }
  const factory = getRecipeFactory(values.recipe);
  const params = parseKeyValues(values.set, 'set');
  const recipe = factory.create(params);
  const file = positionals[0];
  const audio = await loadAudio(file, {
    sampleRate: recipe.sampleRate,
    offset: seconds('offset', values.offset) ?? 0,
    duration: seconds('duration', values.duration) ?? null,
  });
  const features = recipe.compute(audio.samples);

  const colorMap = values.colormap as ColorMapName;
  if (values.png) {
    if (extname(values.png).toLowerCase() !== '.png') throw new ParameterError('png', `expects a .png file name, got '${values.png}'`);
    writeFileAtomic(values.png, featurePng(features, { colorMap }));
  }
  if (values.svg) {
    const p = recipe.params as Record<string, unknown>;
    const secondsPerFrame = typeof p.hopLength === 'number' ? p.hopLength / recipe.sampleRate : undefined;
    const svg = featureSvg(features, { colorMap }, { title: `${file} - ${recipe.id}`, secondsPerFrame, binLabel: recipe.id === 'mfcc' ? 'coefficient' : 'bin' });
    writeFileAtomic(values.svg, svg);
  }
  const picture = values.png !== undefined || values.svg !== undefined;
  if (values.csv) process.stdout.write(toCsv(features));
  else if (values.json || !picture) process.stdout.write(toJson(file, recipe, features));
  else console.error(`${recipe.id}: shape [${features.shape.join(', ')}] drawn to ${[values.png, values.svg].filter(Boolean).join(' and ')}`);
  return 0;
}
