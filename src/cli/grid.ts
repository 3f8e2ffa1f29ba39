/** `genrekit grid`: hyperparameter grid search on validation folds inside the training data. */
import { parseArgs } from 'node:util';
import { parseKeyValues, resolveParams } from '../params.js';
import { ParameterError } from '../errors.js';
import { type Grid, gridSearch, gridSearchDefaults } from '../eval/grid-search.js';
import { checkInput, foldsOf, protocolOf, resolveSplit } from '../eval/labelled-data.js';
import { getModelKind } from '../models/registry.js';
import { kindsHelp, parseSeed, parseSetArgs, pct, reportError, dataHelp, dataOptions, loadDataOption } from './model-options.js';

export const summary = 'grid search of model arguments, validated inside each training fold only';

/** The outer split used when --split is not given. */
export const DEFAULT_GRID_SPLIT = 'mod10';

const help = async () => `Usage: genrekit grid --model <kind> --data <features.csv|examples.gkt|dataset> [--recipe <id>] --grid NAME=V1,V2,... [options]

For each outer fold, scores every combination on validation data taken from that fold's
training side only (its valid set when the split has one, e.g. fault-filtered; else an inner
song-grouped stratified ${gridSearchDefaults.innerK}-fold), refits the best on train + valid and scores it once on
the test fold. The test folds never take part in the choice.

Options:
  --model <kind>        model kind (below)
${dataHelp}
  --grid NAME=V1,V2     values to try, repeatable (e.g. --grid C=0.1,1,10 --grid gamma=scale,0.01)
  --split <spec>        outer split: mod10 | modK | fault-filtered | kfold[K] | holdout | <split.json> (default ${DEFAULT_GRID_SPLIT})
  --inner-k <k>         inner folds when a fold has no valid set (default ${gridSearchDefaults.innerK})
  --set NAME=VALUE      fixed model argument, repeatable
  --seed <n>            seed (default ${gridSearchDefaults.seed})
  --json                print the result as JSON
  -h, --help            this help

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
        grid: { type: 'string', multiple: true },
        split: { type: 'string' },
        'inner-k': { type: 'string' },
        set: { type: 'string', multiple: true },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (v.help) {
      process.stdout.write(await help());
      return 0;
    }
    if (!v.model || !v.data || !v.grid?.length) {
      console.error('genrekit grid: --model, --data and --grid are required (see --help)');
      return 2;
    }
    const kind = await getModelKind(v.model);
    const grid: Grid = {};
    for (const [name, list] of Object.entries(parseKeyValues(v.grid, 'grid'))) {
      // Each candidate value converted to the argument's type by the one validator.
      grid[name] = list.split(',').map((text) => resolveParams(`model '${kind.name}'`, kind.defaults, { [name]: text })[name as keyof typeof kind.defaults]);
    }
    const innerK = v['inner-k'] === undefined ? gridSearchDefaults.innerK : Number(v['inner-k']);
    if (!Number.isInteger(innerK) || innerK < 2) throw new ParameterError('inner-k', `must be an integer >= 2, got '${v['inner-k']}'`);
    const seed = parseSeed(v.seed, gridSearchDefaults.seed);
    const data = await loadDataOption('grid', v);
    checkInput(kind, data);
    const split = resolveSplit(v.split ?? DEFAULT_GRID_SPLIT, data, { seed });
    const protocol = protocolOf(split, data, false);
    if (!v.json) console.log(`${kind.name} grid ${JSON.stringify(grid)} on ${protocol}`);
    const result = await gridSearch(kind, data, foldsOf(split, data, false), grid, {
      baseArgs: parseSetArgs(v.set),
      seed,
      innerK,
      onFold: (f) => {
        if (v.json) return;
        const scores = f.candidates.map((c) => `${JSON.stringify(c.args)} ${pct(c.mean)}`).join('; ');
        console.log(`  ${f.fold}: best ${JSON.stringify(f.best)} -> test ${pct(f.testAccuracy)}   [${f.validation}: ${scores}]`);
      },
    });
    if (v.json) {
      process.stdout.write(JSON.stringify({ protocol, ...result }, null, 1) + '\n');
      return 0;
    }
    console.log(`mean test accuracy ${pct(result.mean)} ± ${pct(result.std)} over ${result.folds.length} outer folds`);
    return 0;
  } catch (err) {
    return reportError('grid', err);
  }
}
