/** `genrekit experiment`: run a reproduction config end to end, or write docs/RESULTS.md from reports. */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { isQuiet } from '../parallel/progress.js';
import { PROTOCOL_NAMES, loadExperimentConfig, type ProtocolName } from '../experiment/config.js';
import { runExperiment, type ExperimentEvent } from '../experiment/run.js';
import { writeExperimentReport } from '../experiment/report.js';
import { writeResults } from '../experiment/results.js';
import { ParameterError } from '../errors.js';
import { reportError } from './model-options.js';

export const summary = 'reproduce a published table from a config (experiments/*.json): train, test, report';

const help = () => `Usage: genrekit experiment <config.json|yaml> [--data <dataset>] [--smoke] [--split <protocol>] [--out <dir>] [--new-songs <dir>] [--jobs n]
       genrekit experiment results <runs-dir> [--out docs/RESULTS.md]

Runs the config: data -> features (through the feature store) -> each protocol's split -> every
model on every fold -> report.md + report.json + confusion matrices (SVG) in --out, each model
beside its published number. Rerun after a crash or kill: finished folds are read back, a neural
training resumes from its last epoch's checkpoint, and nothing done is redone.

Options:
  --data <path>      the GTZAN folder (genres/<g>/<g>.NNNNN.au|wav, or genres_original/) for audio
                     configs, or the feature table for table configs (default: ../shared/data's)
  --smoke            end to end on ../shared/data/gtzan/dev-audio in minutes: the configs' smoke
                     arguments (few epochs) and at most smokeFolds folds; the report says so
  --split <name>     run one protocol: ${PROTOCOL_NAMES.join(' | ')} (random: the published,
                     leaky protocol; default: every protocol of the config)
  --out <dir>        experiment folder (default runs/<id>, or runs/<id>-smoke)
  --store <dir>      feature store (default the per-user cache)
  --jobs <n>         threads for extraction and neural training (default one per core)
  --seed <n>         seed of the splits and fits (default 0)
  --new-songs <dir>  labelled songs outside the training data (a folder per genre, or a manifest):
                     cut into the data's pieces and classified by each row's first-fold model
  -h, --help         this help

results: reads <runs-dir>/*/report.json and writes the table of every system and row (published,
ours, protocol, command) to --out.
`;

export async function run(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'results') return results(argv.slice(1));
    const { values: v, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        smoke: { type: 'boolean', default: false },
        split: { type: 'string' },
        out: { type: 'string' },
        store: { type: 'string' },
        jobs: { type: 'string' },
        seed: { type: 'string' },
        'new-songs': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (v.help) {
      process.stdout.write(help());
      return 0;
    }
    if (positionals.length !== 1) {
      console.error('genrekit experiment: give one config file (see --help)');
      return 2;
    }
    if (v.split !== undefined && !(PROTOCOL_NAMES as readonly string[]).includes(v.split)) throw new ParameterError('split', `'${v.split}': expected ${PROTOCOL_NAMES.join(', ')}`);
    const experiment = await loadExperimentConfig(positionals[0]);
    const out = v.out ?? join('runs', experiment.config.id + (v.smoke ? '-smoke' : ''));
    const outcome = await runExperiment(experiment, {
      out,
      smoke: v.smoke,
      ...(v.data ? { data: v.data } : {}),
      ...(v.split ? { protocols: [v.split as ProtocolName] } : {}),
      ...(v.store ? { store: v.store } : {}),
      ...(v.jobs ? { jobs: Number(v.jobs) } : {}),
      ...(v.seed ? { seed: Number(v.seed) } : {}),
      ...(v['new-songs'] ? { newSongs: v['new-songs'] } : {}),
      onEvent: isQuiet() ? undefined : show,
    });
    const [md] = writeExperimentReport(out, outcome);
    for (const p of outcome.protocols) {
      if (p.skipped) console.log(`${p.name}: not run (${p.skipped})`);
      for (const m of p.models) console.log(`${p.name.padEnd(14)} ${m.name.padEnd(28)} ours ${(100 * m.mean).toFixed(1).padStart(5)} %   published ${m.published === null ? '--' : (100 * m.published).toFixed(1)}`);
    }
    console.log(`report: ${md}`);
    return 0;
  } catch (err) {
    return reportError('experiment', err);
  }
}

function show(e: ExperimentEvent): void {
  if (e.type === 'data') process.stderr.write(`${e.message}\n`);
  else if (e.type === 'skipped') process.stderr.write(`${e.protocol}: not run: ${e.reason}\n`);
  else if (e.type === 'unit') {
    const eta = e.etaSeconds === null ? '' : `, about ${Math.ceil(e.etaSeconds / 60)} min left`;
    process.stderr.write(`[${e.index}/${e.units}] ${e.protocol} · ${e.model} · ${e.fold}${e.reused ? ' (done before, read back)' : ''}${eta}\n`);
  } else if (e.progress.epochs > 1) {
    const p = e.progress;
    process.stderr.write(`    ${p.message ?? `epoch ${p.epoch}/${p.epochs}${p.loss !== undefined ? ` loss ${p.loss.toFixed(4)}` : ''}${p.valAccuracy !== undefined ? ` val acc ${(100 * p.valAccuracy).toFixed(1)} %` : ''}`}\n`);
  }
}

async function results(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string', default: join('docs', 'RESULTS.md') } } });
  if (positionals.length < 1) {
    console.error('genrekit experiment results: give the runs folder (see --help)');
    return 2;
  }
  const path = writeResults(positionals, v.out!);
  console.log(`wrote ${path}`);
  return 0;
}
