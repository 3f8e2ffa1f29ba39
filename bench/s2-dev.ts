/**
 * `npm run s2:dev`: system S2 for real on the 50 GTZAN dev clips. Each clip becomes a sequence of
 * `featureSequence` rows (the 57 GTZAN statistics of each 3 s piece, 10 per clip); S2's LSTM
 * (`lstm-sequence`, published defaults: 2 x LSTM 64, dense 64 ReLU, dropout, Adam 1e-3, batch 16,
 * 50 epochs) is cross-validated over a song-grouped, stratified 5-fold split (src/data/splits.ts).
 * Prints the backend, accuracy per fold, pooled per-genre precision / recall / F1 and S2's
 * certainty table (mean log10(p_top1 / p_top2) per genre beside its recall).
 *
 * Options: --epochs N (default 50), --seed N (0), --store DIR (feature cache; default
 * $TMPDIR/genrekit-s2-store), --json FILE (write the results). Skips when ../shared/data is absent.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDataset } from '../src/data/datasets.js';
import { extractFeatures, featureRows } from '../src/data/extract.js';
import { kFoldSplit } from '../src/data/splits.js';
import { crossValidate, type Fold } from '../src/eval/cross-validation.js';
import { lstmSequenceKind, LSTM_SEQUENCE_DEFAULTS } from '../src/models/neural/lstm-sequence.js';
import { initTf } from '../src/models/runtime/backend.js';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const sharedData = process.env.GENREKIT_SHARED_DATA ?? resolve(projectRoot, '..', 'shared', 'data');

export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { values: v } = parseArgs({ args: argv, options: { epochs: { type: 'string' }, seed: { type: 'string' }, store: { type: 'string' }, json: { type: 'string' } } });
  const dev = join(sharedData, 'gtzan', 'dev-audio');
  if (!existsSync(dev)) {
    console.log(`s2:dev skipped: shared data not found (${dev})`);
    return;
  }
  const seed = Number(v.seed ?? 0);
  const epochs = Number(v.epochs ?? LSTM_SEQUENCE_DEFAULTS.epochs);
  const backend = await initTf();
  const dataset = openDataset(dev);
  const t0 = performance.now();
  const summary = await extractFeatures(dataset, {
    recipe: 'featureSequence',
    store: v.store ?? join(tmpdir(), 'genrekit-s2-store'),
    jobs: 2,
    onFile: (_o, done, total) => process.stderr.write(`\rfeatureSequence ${done}/${total}`),
  });
  process.stderr.write('\n');
  const rows = featureRows(summary);
  console.log(`featureSequence on ${rows.length} clips: ${summary.computed} computed, ${summary.cached} from the store, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // A clip a few samples short of 30 s gives 9 whole pieces; S2 takes 10: repeat its last piece.
  const steps = Math.max(...rows.map((r) => r.shape[0]));
  const examples = rows.map((r) => {
    const [n, f] = r.shape;
    return Array.from({ length: steps }, (_, t) => r.values.slice(Math.min(t, n - 1) * f, (Math.min(t, n - 1) + 1) * f));
  });
  const padded = rows.filter((r) => r.shape[0] < steps).map((r) => `${r.songId} (${r.shape[0]})`);
  if (padded.length) console.log(`padded to ${steps} pieces by repeating the last: ${padded.join(', ')}`);
  const data = { examples, labels: rows.map((r) => r.label), groups: rows.map((r) => r.group) };
  const split = kFoldSplit(
    rows.map((r) => ({ id: r.id, label: r.label, group: r.group })),
    { k: 5, seed, grouped: true, stratified: true },
  );
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const folds: Fold[] = split.folds.map((f) => ({ name: f.name, train: f.train.map((id) => index.get(id)!), test: f.test.map((id) => index.get(id)!) }));
  const t1 = performance.now();
  const cv = await crossValidate(lstmSequenceKind, data, folds, {
    args: { epochs },
    seed,
    onFold: (r) => console.log(`  ${r.name}: accuracy ${(100 * r.accuracy).toFixed(1)} % (${r.nTrain} train / ${r.nTest} test clips, ${r.fitSeconds.toFixed(1)} s)`),
  });
  const m = cv.pooled;
  console.log(`\nS2 LSTM (lstm-sequence, ${epochs} epochs) on ${rows.length} dev clips x ${steps} pieces x ${rows[0].shape[1]} features, backend ${backend}`);
  console.log(`protocol: song-grouped stratified 5-fold (seed ${seed}); training ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  console.log(`accuracy: mean of folds ${(100 * cv.mean).toFixed(1)} % ± ${(100 * cv.std).toFixed(1)}; pooled ${(100 * m.accuracy).toFixed(1)} %; macro F1 ${(100 * m.macroF1).toFixed(1)} %`);
  console.log('(S2 reports 93 % with random piece-level splits of all 1000 clips; here 40 training clips per fold)\n');
  console.log(`${'genre'.padEnd(10)} precision  recall     F1  support  certainty`);
  for (const c of m.perClass) {
    console.log(`${c.label.padEnd(10)} ${c.precision.toFixed(2).padStart(9)} ${c.recall.toFixed(2).padStart(7)} ${c.f1.toFixed(2).padStart(6)} ${String(c.support).padStart(8)} ${Number.isNaN(c.meanCertainty) ? '      -' : c.meanCertainty.toFixed(3).padStart(10)}`);
  }
  console.log(`${'all'.padEnd(10)} ${''.padStart(9)} ${m.macroRecall.toFixed(2).padStart(7)} ${m.macroF1.toFixed(2).padStart(6)} ${String(m.n).padStart(8)} ${m.meanCertainty.toFixed(3).padStart(10)}`);
  console.log('certainty: mean log10(p_top1 / p_top2) over the clips of each true genre (S2 sets it against recall)');
  if (v.json) await writeFile(v.json, JSON.stringify({ backend, seed, epochs, protocol: 'song-grouped stratified 5-fold', folds: cv.folds, mean: cv.mean, std: cv.std, pooled: m }, null, 1) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await run();
