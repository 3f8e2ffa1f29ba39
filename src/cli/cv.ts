/** `genrekit cv`: cross-validate a model kind on labelled features (mean and spread of accuracy). */
import { parseArgs } from 'node:util';
import { crossValidate, crossValidationDefaults } from '../eval/cross-validation.js';
import { checkInput, foldsOf, protocolOf, resolveSplit } from '../eval/labelled-data.js';
import { makeReport, writeReport } from '../eval/report.js';
import { getModelKind } from '../models/registry.js';
import { kindsHelp, parseSeed, parseSetArgs, pct, reportError, useBackend, dataHelp, dataOptions, loadDataOption } from './model-options.js';

export const summary = 'cross-validate a model kind: accuracy per fold, mean and std';

/** The folds used when neither --folds nor --split is given. */
export const DEFAULT_FOLDS = 'mod10';

const help = async () => `Usage: genrekit cv --model <kind> --data <features.csv|examples.gkt|dataset> [--recipe <id>] [options]

Fits the model once per fold (standardisation fitted on that fold's training side only) and
prints each fold's test accuracy, their mean and population std, and the pooled metrics.

Options:
  --model <kind>     model kind (below)
${dataHelp}
  --folds <spec>     mod10 (clip number mod 10, the scikit-learn reference protocol) | modK |
                     K (stratified song-grouped K-fold) (default ${DEFAULT_FOLDS})
  --split <spec>     instead of --folds: fault-filtered | kfold[K] | holdout | <split.json>
  --set NAME=VALUE   model argument, repeatable (e.g. --set k=1)
  --seed <n>         seed of the fits and of seeded splits (default ${crossValidationDefaults.seed})
  --report <dir>     write report.json / report.md / confusion.svg / precision-recall.svg
  --png              also write PNG pictures (needs the optional @resvg/resvg-js)
  --json             print the result as JSON
  --backend <name>   neural models: auto | tensorflow | wasm | cpu (default auto; env GENREKIT_BACKEND)
  -h, --help         this help

Model kinds and their arguments (defaults):
${await kindsHelp()}
`;

export async function run(argv: string[]): Promise<number> {
  try {
    const { values: v } = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        ...dataOptions,
        folds: { type: 'string' },
        split: { type: 'string' },
        set: { type: 'string', multiple: true },
        seed: { type: 'string' },
        report: { type: 'string' },
        png: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        backend: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (v.backend !== undefined) await useBackend(v.backend);
    if (v.help) {
      process.stdout.write(await help());
      return 0;
    }
    if (!v.model || !v.data) {
      console.error('genrekit cv: --model and --data are required (see --help)');
      return 2;
    }
    if (v.folds && v.split) {
      console.error('genrekit cv: give --folds or --split, not both');
      return 2;
    }
    const seed = parseSeed(v.seed, crossValidationDefaults.seed);
    const kind = await getModelKind(v.model);
    const data = await loadDataOption('cv', v);
    checkInput(kind, data);
    const spec = v.split ?? (/^\d+$/.test(v.folds ?? '') ? `kfold${v.folds}` : (v.folds ?? DEFAULT_FOLDS));
    const split = resolveSplit(spec, data, { seed });
    const merge = kind.family === 'classical';
    const protocol = protocolOf(split, data, merge);
    const args = parseSetArgs(v.set);
    if (!v.json) console.log(`${kind.name} ${JSON.stringify(args)} on ${protocol}`);
    const result = await crossValidate(kind, data, foldsOf(split, data, merge), {
      args,
      seed,
      labelSet: data.labelSet,
      onFold: (f) => {
        if (!v.json) console.log(`  ${f.name.padEnd(16)} ${pct(f.accuracy).padStart(8)}  (${f.nTrain} train / ${f.nTest} test, fit ${f.fitSeconds.toFixed(2)} s)`);
      },
    });
    const backend = kind.family === 'neural' ? (await import('../models/runtime/backend.js')).currentBackend() : undefined;
    if (backend) console.error(`backend: ${backend}`);
    if (v.report) {
      const report = makeReport({
        title: `Cross-validation: ${kind.name}`,
        model: { name: kind.name, args },
        data: data.source,
        protocol,
        metrics: result.pooled,
        crossValidation: { folds: result.folds, mean: result.mean, std: result.std },
        ...(backend ? { backend } : {}),
      });
      const files = await writeReport(v.report, report, { png: v.png });
      console.error(`report: ${files.join(', ')}`);
    }
    if (v.json) {
      process.stdout.write(JSON.stringify({ model: kind.name, args, protocol, mean: result.mean, std: result.std, folds: result.folds, fitSeconds: result.fitSeconds, pooled: result.pooled }, null, 1) + '\n');
      return 0;
    }
    console.log(`mean accuracy ${pct(result.mean)} ± ${pct(result.std)} (population std over ${result.folds.length} folds); pooled macro F1 ${pct(result.pooled.macroF1)}; fit ${result.fitSeconds.toFixed(2)} s in all`);
    return 0;
  } catch (err) {
    return reportError('cv', err);
  }
}
