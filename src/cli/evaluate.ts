/** `genrekit evaluate`: score a saved model on labelled features, optionally writing a report. */
import { parseArgs } from 'node:util';
import { evaluateClassifier } from '../eval/evaluate.js';
import { SPLIT_SPECS, checkCompatible, foldsOf, protocolOf, resolveSplit } from '../eval/labelled-data.js';
import { makeReport, writeReport } from '../eval/report.js';
import { loadModel } from '../models/io.js';
import { getModelKind } from '../models/registry.js';
import { parseSeed, pct, reportError, useBackend, dataHelp, dataOptions, loadDataOption } from './model-options.js';

export const summary = 'evaluate a saved model on a feature table or tensor file (metrics, report, plots)';

const help = () => `Usage: genrekit evaluate --model <modeldir> --data <features.csv|examples.gkt|dataset> [--recipe <id>] [options]

Scores the model on every example of the data, or on the test set of one fold of --split, and
prints accuracy, macro F1, top-k accuracy and per-genre precision / recall / F1 / certainty.

Options:
  --model <dir>      model folder (from genrekit train)
${dataHelp}
  --split <spec>     ${SPLIT_SPECS}
  --fold <name>      fold whose test set to use (default: the first)
  --seed <n>         seed of seeded splits (default 0)
  --report <dir>     write report.json, report.md, confusion.svg, precision-recall.svg there
  --png              also write PNG pictures (needs the optional @resvg/resvg-js)
  --json             print the metrics as JSON
  --backend <name>   neural models: auto | tensorflow | wasm | cpu (default auto; env GENREKIT_BACKEND)
  -h, --help         this help
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
      process.stdout.write(help());
      return 0;
    }
    if (!v.model || !v.data) {
      console.error('genrekit evaluate: --model and --data are required (see --help)');
      return 2;
    }
    const { classifier, manifest } = await loadModel(v.model);
    const data = await loadDataOption('evaluate', v, manifest.input);
    for (const warning of checkCompatible(manifest.input, data)) console.error(`genrekit evaluate: warning: ${warning}`);
    let indices: number[] | undefined;
    let protocol = `all ${data.examples.length} examples of ${data.source}`;
    if (v.split) {
      const split = resolveSplit(v.split, data, { seed: parseSeed(v.seed) });
      const merge = (await getModelKind(manifest.model.name)).family === 'classical';
      const folds = foldsOf(split, data, merge);
      const fold = v.fold === undefined ? folds[0] : folds.find((f) => f.name === v.fold);
      if (!fold) {
        console.error(`genrekit evaluate: no fold '${v.fold}' (folds: ${folds.map((f) => f.name).join(', ')})`);
        return 2;
      }
      indices = fold.test;
      protocol = `test set of ${protocolOf(split, data, merge)}; fold '${fold.name}'`;
    }
    const { metrics: m, predictions } = await evaluateClassifier(classifier, data, indices);
    const backend = (await getModelKind(manifest.model.name)).family === 'neural' ? (await import('../models/runtime/backend.js')).currentBackend() : undefined;
    if (backend) console.error(`backend: ${backend}`);
    classifier.dispose();
    if (v.report) {
      const report = makeReport({ title: `Evaluation: ${manifest.model.name}`, model: { name: manifest.model.name, args: manifest.model.args, dir: v.model }, data: data.source, protocol, metrics: m, predictions, ...(backend ? { backend } : {}) });
      const files = await writeReport(v.report, report, { png: v.png });
      console.error(`report: ${files.join(', ')}`);
    }
    if (v.json) {
      process.stdout.write(JSON.stringify({ model: v.model, protocol, metrics: m }, null, 1) + '\n');
      return 0;
    }
    console.log(`${manifest.model.name} on ${protocol}`);
    console.log(`accuracy ${pct(m.accuracy)}  macro F1 ${pct(m.macroF1)}  ${Object.entries(m.topK).map(([k, a]) => `top-${k} ${pct(a)}`).join('  ')}  mean certainty ${m.meanCertainty.toFixed(2)}`);
    console.log('genre        precision  recall     F1  support  certainty');
    for (const c of m.perClass) {
      console.log(`${c.label.padEnd(12)} ${pct(c.precision).padStart(9)} ${pct(c.recall).padStart(7)} ${pct(c.f1).padStart(7)} ${String(c.support).padStart(8)} ${c.meanCertainty.toFixed(2).padStart(10)}`);
    }
    return 0;
  } catch (err) {
    return reportError('evaluate', err);
  }
}
