/**
 * Bench section 'classical': for each scikit-learn configuration of the 10-fold reference, the
 * seconds our model spends fitting the 10 folds of features_30_sec.csv (clip number mod 10)
 * beside scikit-learn 1.2.1's seconds from the reference file, and both mean accuracies.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crossValidate } from '../src/eval/cross-validation.js';
import { foldsOf, loadLabelledData, resolveSplit } from '../src/eval/labelled-data.js';
import { readTenFoldReference, referenceModels } from '../src/eval/sklearn-reference.js';
import { getModelKind } from '../src/models/registry.js';

const sharedDir = process.env.GENREKIT_SHARED_DATA ?? resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'shared', 'data');

export async function run(): Promise<void> {
  const csv = join(sharedDir, 'gtzan', 'features_30_sec.csv');
  const refPath = join(sharedDir, 'reference', 'sklearn-gtzan30-10fold.json');
  if (!existsSync(csv) || !existsSync(refPath)) {
    console.log(`skipped: shared data not found (${csv})`);
    return;
  }
  const data = await loadLabelledData(csv);
  const ref = await readTenFoldReference(refPath);
  const folds = foldsOf(resolveSplit('mod10', data), data, true);
  console.log('10-fold fit time on features_30_sec.csv (fold = clip number mod 10), ours vs scikit-learn 1.2.1 (reference file)');
  console.log(`${'model'.padEnd(28)} ${'ours s'.padStart(8)} ${'sklearn s'.padStart(10)} ${'ratio'.padStart(7)}   ${'ours acc'.padStart(8)} ${'sklearn acc'.padStart(11)}`);
  for (const m of referenceModels) {
    const r = await crossValidate(await getModelKind(m.kind), data, folds, { args: m.args });
    const s = ref.results[m.key];
    console.log(
      `${m.key.padEnd(28)} ${r.fitSeconds.toFixed(2).padStart(8)} ${s.seconds_10_folds.toFixed(2).padStart(10)} ${(r.fitSeconds / s.seconds_10_folds).toFixed(1).padStart(6)}x   ${(100 * r.mean).toFixed(1).padStart(7)}% ${(100 * s.mean_acc).toFixed(1).padStart(10)}%`,
    );
  }
}
