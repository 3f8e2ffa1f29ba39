/**
 * `npm run repro:s1-classical [-- --out <file.md>]`: reproduces S1's classical table on the 30 s
 * GTZAN features and prints it beside the published numbers, with every protocol named:
 *  - S1's own protocol: random 80 / 20 split of clips (not stratified, not song-grouped), test
 *    micro F1 (= accuracy), 10 seeds (mean ± std, and seed 0);
 *  - the scikit-learn reference protocol: 10 folds by clip number mod 10 (with sklearn's numbers);
 *  - the fault-filtered split (train + valid -> train, test -> test; with sklearn's numbers).
 * Then the full parity table of every classical kind against scikit-learn 1.2.1.
 * Writes Markdown (default reports/s1-classical.md) and prints it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/data/atomic-write.js';
import { holdoutSplit } from '../src/data/splits.js';
import { crossValidate, type Fold } from '../src/eval/cross-validation.js';
import { foldsOf, loadLabelledData, resolveSplit, type LabelledData } from '../src/eval/labelled-data.js';
import { meanStd } from '../src/eval/metrics.js';
import { readFaultFilteredReference, readTenFoldReference, referenceModels } from '../src/eval/sklearn-reference.js';
import { getModelKind } from '../src/models/registry.js';
import { packageVersion } from '../src/version.js';

const sharedDir = process.env.GENREKIT_SHARED_DATA ?? resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** S1's classical rows: published test F1 (%) on the 30 s table, and the matching reference key. */
const S1_ROWS = [
  { name: 'SVM default', published: 69.6, key: 'svm_rbf_C1' },
  { name: 'tuned SVM C=10', published: 78.0, key: 'svm_rbf_C10' },
  { name: 'KNN k=1', published: 66.7, key: 'knn_k1' },
  { name: 'KNN k=5', published: 69.4, key: 'knn_k5' },
  { name: 'random forest', published: 68.0, key: 'random_forest_100' },
  { name: 'logistic regression', published: 67.0, key: 'logreg_multinomial' },
];

const S1_SEEDS = 10;

const pct = (v: number | undefined) => (v === undefined ? '--' : (100 * v).toFixed(1));

async function accuracyOn(key: string, data: LabelledData, folds: Fold[]): Promise<{ mean: number; std: number; seconds: number }> {
  const m = referenceModels.find((r) => r.key === key);
  if (!m) throw new Error(`no reference model '${key}'`);
  const r = await crossValidate(await getModelKind(m.kind), data, folds, { args: m.args });
  return { mean: r.mean, std: r.std, seconds: r.fitSeconds };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { out: { type: 'string', default: join(projectRoot, 'reports', 's1-classical.md') } } });
  const csv = join(sharedDir, 'gtzan', 'features_30_sec.csv');
  const tenFoldPath = join(sharedDir, 'reference', 'sklearn-gtzan30-10fold.json');
  const ffPath = join(sharedDir, 'reference', 'sklearn-gtzan30-fault-filtered.json');
  if (![csv, tenFoldPath, ffPath].every(existsSync)) {
    console.log(`skipped: shared data not found (${sharedDir})`);
    return;
  }
  const data = await loadLabelledData(csv);
  const tenRef = await readTenFoldReference(tenFoldPath);
  const ffRef = await readFaultFilteredReference(ffPath);
  const items = data.ids.map((id, i) => ({ id, label: data.labels[i], group: data.groups[i] }));
  const s1Folds = Array.from({ length: S1_SEEDS }, (_, seed) => {
    const split = holdoutSplit(items, { seed, grouped: false, stratified: false, fractions: { train: 0.8, valid: 0, test: 0.2 } });
    return { ...foldsOf(split, data, true)[0], name: `seed ${seed}` };
  });
  const tenFolds = foldsOf(resolveSplit('mod10', data), data, true);
  const ffFolds = foldsOf(resolveSplit('fault-filtered', data), data, true);

  const lines: string[] = [];
  lines.push('# S1 classical table on the GTZAN 30 s features, reproduced', '');
  lines.push(`genrekit ${packageVersion}, ${new Date().toISOString()}; data ${csv} (1000 clips x 57 features, standardised on each training set).`, '');
  lines.push('Protocols:');
  lines.push(`- **S1 80/20**: S1's protocol, a random 80 / 20 split of clips (not stratified, not song-grouped), test micro F1 (= accuracy); mean ± std over ${S1_SEEDS} seeded splits (seeds 0-${S1_SEEDS - 1}), and seed 0 alone.`);
  lines.push('- **10-fold mod 10**: fold = clip number mod 10 (the scikit-learn reference protocol), mean ± population std of fold accuracies.');
  lines.push('- **fault-filtered**: the artist-filtered split, train + valid (640 clips) -> train, test (290 clips) -> test.');
  lines.push('- scikit-learn numbers are scikit-learn 1.2.1 from `reference/sklearn-gtzan30-*.json`; S1 numbers are the published ones (its split is unknown, so only the protocol is reproduced).', '');
  lines.push('| S1 model | genrekit kind | S1 published (80/20) | ours S1 80/20 (10 seeds) | ours seed 0 | ours 10-fold mod 10 | sklearn 10-fold | ours fault-filtered | sklearn fault-filtered |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const row of S1_ROWS) {
    const m = referenceModels.find((r) => r.key === row.key)!;
    const kind = await getModelKind(m.kind);
    const perSeed: number[] = [];
    for (const fold of s1Folds) perSeed.push((await crossValidate(kind, data, [fold], { args: m.args })).mean);
    const s1 = meanStd(perSeed);
    const ten = await accuracyOn(row.key, data, tenFolds);
    const ff = await accuracyOn(row.key, data, ffFolds);
    const ffWant = m.faultFilteredKey ? ffRef.results_accuracy[m.faultFilteredKey] : undefined;
    lines.push(
      `| ${row.name} | \`${m.kind}\` ${JSON.stringify(m.args)} | ${row.published.toFixed(1)} | ${pct(s1.mean)} ± ${pct(s1.std)} | ${pct(perSeed[0])} | ${pct(ten.mean)} ± ${pct(ten.std)} | ${pct(tenRef.results[row.key].mean_acc)} ± ${pct(tenRef.results[row.key].std)} | ${pct(ff.mean)} | ${pct(ffWant)} |`,
    );
    console.error(`  ${row.name} done`);
  }
  lines.push('');
  lines.push('## Every classical kind against scikit-learn 1.2.1', '');
  lines.push('Tolerances of the parity tests: 2 points (10-fold), 3 points (fault-filtered).', '');
  lines.push('| scikit-learn model | genrekit kind | ours 10-fold | sklearn 10-fold | diff | ours fault-filtered | sklearn fault-filtered | diff | ours fit s (10 folds) | sklearn s |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const m of referenceModels) {
    const ten = await accuracyOn(m.key, data, tenFolds);
    const want = tenRef.results[m.key];
    const ff = m.faultFilteredKey ? await accuracyOn(m.key, data, ffFolds) : undefined;
    const ffWant = m.faultFilteredKey ? ffRef.results_accuracy[m.faultFilteredKey] : undefined;
    const diff = (a: number | undefined, b: number | undefined) => {
      if (a === undefined || b === undefined) return '--';
      const d = Math.round(1000 * (a - b)) / 10;
      return `${d > 0 ? '+' : d < 0 ? '-' : '±'}${Math.abs(d).toFixed(1)}`;
    };
    lines.push(
      `| ${m.sklearn} | \`${m.kind}\` ${JSON.stringify(m.args)} | ${pct(ten.mean)} | ${pct(want.mean_acc)} | ${diff(ten.mean, want.mean_acc)} | ${pct(ff?.mean)} | ${pct(ffWant)} | ${diff(ff?.mean, ffWant)} | ${ten.seconds.toFixed(2)} | ${want.seconds_10_folds.toFixed(2)} |`,
    );
    console.error(`  ${m.key} done`);
  }
  lines.push('');
  const md = lines.join('\n');
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileAtomic(values.out, md);
  console.log(md);
  console.error(`written: ${values.out}`);
}

await main();
