/** `genrekit extract`: compute a dataset's features into the feature store and export them. */
import { EXIT_RULE } from './exit.js';
import { numberOption } from './flags.js';
import { parseArgs } from 'node:util';
import { openDataset } from '../data/datasets.js';
import { exportGtzanCsv, exportTensorFile, extractDefaults, extractFeatures, featureRows } from '../data/extract.js';
import { ParameterError } from '../errors.js';
import { createProgress } from '../parallel/progress.js';
import { parseParamsJson } from '../params.js';

export const summary = 'compute features of a dataset once into a store; export CSV / tensor file';

const help = () => `Usage: genrekit extract <dataset> --recipe <id> --store <dir> [options]

<dataset> is a GTZAN folder (genres/ or genres_original/), any folder-per-label tree, or a
manifest .csv with columns path,label. Each file is computed once per recipe setting; re-running
skips what is done. Files that cannot be read are skipped and listed.

Options:
  --recipe <id>      feature recipe (gtzan58, melspec, spectrogram, mfcc, ...)  [required]
  --params <json>    recipe parameters, e.g. '{"nMels":192}'  (default: the recipe's defaults)
  --store <dir>      feature store folder, created when missing               [required]
  --piece <s>        cut files into pieces of this many seconds  (default: whole files; frame-based
                     recipes: whole clips of the files' median length, rounded down to 0.1 s)
  --overlap <s>      overlap of consecutive pieces in seconds  (default: ${extractDefaults.overlapSeconds})
  --jobs <n>         worker threads  (default: one per core, ${extractDefaults.jobs} here)
  --strict           fail (exit 1, nothing exported) when any file is skipped
  --csv <file>       export the GTZAN feature CSV (pieces named genre.NNNNN.S.wav)
  --tensor <file>    export a float32 tensor file with ids, labels and groups (.gkt)
  --help             this text

${EXIT_RULE} (--strict: 1 when any file is skipped.)`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      recipe: { type: 'string' },
      params: { type: 'string' },
      store: { type: 'string' },
      piece: { type: 'string' },
      overlap: { type: 'string' },
      jobs: { type: 'string' },
      strict: { type: 'boolean', default: false },
      csv: { type: 'string' },
      tensor: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(help());
    return 0;
  }
  if (positionals.length !== 1 || !values.recipe || !values.store) {
    console.error(`${help()}\n\ngenrekit extract: needs one <dataset>, --recipe and --store`);
    return 2;
  }
  const params = values.params ? parseParamsJson(values.params) : {};
  const dataset = openDataset(positionals[0]);
  const progress = createProgress('extract', dataset.items.length, { unit: 'files' });
  const result = await extractFeatures(dataset, {
    recipe: values.recipe,
    params,
    store: values.store,
    pieceSeconds: numberOption('--piece', values.piece) ?? null,
    overlapSeconds: numberOption('--overlap', values.overlap),
    jobs: numberOption('--jobs', values.jobs),
    onFile: (f) => progress.tick(1, f.ok ? undefined : `failed ${f.item.path}: ${f.reason}`),
  });
  progress.done();

  const rate = result.seconds > 0 ? ` (${(dataset.items.length / result.seconds).toFixed(2)} files/s, ${(result.audioSeconds / result.seconds).toFixed(1)} s of audio/s)` : '';
  const how = result.pieces ? `${result.pieces.seconds} s pieces, overlap ${result.pieces.overlap} s` : 'whole files';
  console.log(`extract ${dataset.kind} dataset ${dataset.root} -> store ${result.store}`);
  console.log(`recipe ${result.recipe.id} (${how}): ${result.computed} computed, ${result.cached} already in the store, ${result.skipped.length} skipped; ${result.audioSeconds.toFixed(1)} s of audio in ${result.seconds.toFixed(1)} s${rate}`);
  if (result.truncated.length > 0) {
    console.log(`truncated (${result.truncated.length}):`);
    for (const s of result.truncated) console.log(`  ${s.path}: ${s.reason}`);
  }
  if (result.skipped.length > 0) {
    console.log('skipped:');
    for (const s of result.skipped) console.log(`  ${s.path}: ${s.reason}`);
  }
  if (result.files.every((f) => !f.ok || f.result.pieces === 0)) {
    console.error(`genrekit extract: no file gave features (${result.skipped.length} skipped)`);
    return 1;
  }
  if (values.strict && result.skipped.length > 0) {
    console.error(`genrekit extract: --strict: ${result.skipped.length} file(s) skipped; nothing exported`);
    return 1;
  }
  if (values.csv) {
    const rows = featureRows(result);
    exportGtzanCsv(values.csv, rows);
    console.log(`wrote ${values.csv} (${rows.length} rows)`);
  }
  if (values.tensor) {
    const header = exportTensorFile(values.tensor, result);
    console.log(`wrote ${values.tensor} (shape ${JSON.stringify(header.shape)})`);
  }
  return 0;
}
