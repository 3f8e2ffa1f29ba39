/** `genrekit train`: fit a model kind on labelled features and save it as a model folder. */
import { isQuiet } from '../parallel/progress.js';
import { parseArgs } from 'node:util';
import { splitDefaults } from '../data/splits.js';
import { saveTrainedModel, trainDefaults, trainOnSplit } from '../eval/evaluate.js';
import { SPLIT_SPECS, checkInput, resolveSplit } from '../eval/labelled-data.js';
import { getModelKind } from '../models/registry.js';
import { commandLine, kindsHelp, parseSeed, parseSetArgs, pct, reportError, useBackend, dataHelp, dataOptions, loadDataOption } from './model-options.js';

export const summary = 'train a model on a feature table or tensor file and save it';

const help = async () => `Usage: genrekit train --model <kind> --data <features.csv|examples.gkt|dataset> [--recipe <id>] --out <modeldir> [options]

Fits the model on the training side of a split (train + valid for classical models; neural
models use valid for early stopping), tests it on the split's test set, and saves a model folder
whose genrekit.json records this command, the protocol and the test metrics. Without --split it
trains on every example and records no test metrics.

Options:
  --model <kind>     model kind (below)
${dataHelp.replace('extraction worker threads', 'extraction and neural training threads')}
  --split <spec>     ${SPLIT_SPECS}
  --fold <name>      fold of the split to use (default: the first)
  --set NAME=VALUE   model argument, repeatable (e.g. --set C=10)
  --seed <n>         seed of the fit and of seeded splits (default ${trainDefaults.seed}; splits ${splitDefaults.seed})
  --epochs <n>       neural models: epochs (same as --set epochs=N)
  --backend <name>   neural models: auto | tensorflow | wasm | cpu (default auto; env GENREKIT_BACKEND)
  --checkpoint <dir> neural models: write a checkpoint there after every epoch
  --resume           neural models: continue from the checkpoint in --checkpoint
  --out <dir>        model folder to write (replaced atomically)
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
        split: { type: 'string' },
        fold: { type: 'string' },
        set: { type: 'string', multiple: true },
        seed: { type: 'string' },
        out: { type: 'string' },
        epochs: { type: 'string' },
        backend: { type: 'string' },
        checkpoint: { type: 'string' },
        resume: { type: 'boolean', default: false },
        jobs: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (v.help) {
      process.stdout.write(await help());
      return 0;
    }
    if (!v.model || !v.data || !v.out) {
      console.error('genrekit train: --model, --data and --out are required (see --help)');
      return 2;
    }
    const seed = parseSeed(v.seed, trainDefaults.seed);
    const kind = await getModelKind(v.model);
    const data = await loadDataOption('train', v);
    checkInput(kind, data);
    const split = v.split ? resolveSplit(v.split, data, { seed }) : undefined;
    const args = parseSetArgs(v.set);
    if (v.epochs !== undefined) args.epochs = v.epochs;
    if (v.backend !== undefined) await useBackend(v.backend);
    const result = await trainOnSplit(kind, data, split, {
      args,
      seed,
      fold: v.fold,
      checkpointDir: v.checkpoint,
      resume: v.resume,
      jobs: v.jobs === undefined ? undefined : Number(v.jobs),
      onProgress: (p) => isQuiet() || process.stderr.write(`${p.message ?? `epoch ${p.epoch}/${p.epochs}${p.loss !== undefined ? ` loss ${p.loss.toFixed(4)}` : ''}`}\n`),
    });
    const neural = kind.family === 'neural' ? (await import('../models/neural/index.js')).neuralTrainingRecord(result.classifier) : undefined;
    const manifest = await saveTrainedModel(v.out, result, data, { command: commandLine(), seed, ...(neural ? { training: { neural }, backend: String(neural.backend) } : {}) });
    const savedArgs = manifest.model.args;
    const m = result.test?.metrics;
    result.classifier.dispose();
    console.log(`${kind.name} ${JSON.stringify(savedArgs)} trained on ${result.trainExamples} examples in ${result.fitSeconds.toFixed(2)} s -> ${v.out}`);
    console.log(`protocol: ${result.protocol}`);
    if (neural) console.log(`backend: ${neural.backend}`);
    if (m) console.log(`test accuracy ${pct(m.accuracy)}, macro F1 ${pct(m.macroF1)} on ${m.n} examples`);
    return 0;
  } catch (err) {
    return reportError('train', err);
  }
}
