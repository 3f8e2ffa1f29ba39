// `npm run check:kinds`: every model kind, end to end on the 50 dev clips, from the command line.
// Each kind is trained with `genrekit train` (its system's recipe; song-grouped 5-fold, fold 1:
// 40 clips to train, 10 to test), its first and last training loss (neural kinds) and test
// accuracy are printed (chance: 10 %), and the saved model classifies a 4 s, a 32 s and a 61 s
// song made from dev clips through `genrekit classify --model`, every piece checked at the
// model's length. Small networks and few epochs: this checks that each kind learns real music
// and classifies real songs, not the published accuracy. About 6 minutes on 2 cores; needs
// ../shared/data. Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAudio, writeWav } from '../dist/src/index.js';

const root = resolve(new URL('..', import.meta.url).pathname);
const dev = process.env.GENREKIT_SHARED_DATA ? join(process.env.GENREKIT_SHARED_DATA, 'gtzan', 'dev-audio') : resolve(root, '..', 'shared', 'data', 'gtzan', 'dev-audio');
if (!existsSync(dev)) {
  console.error(`check-kinds: the dev clips are not at ${dev}`);
  process.exit(1);
}
const bin = join(root, 'dist', 'src', 'cli', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'genrekit-kinds-'));
const store = process.env.GENREKIT_STORE ?? join(work, 'store');
const adam = ['optimizer=adam', 'learningRate=0.001'];
const cases = [
  ...['linear-svm-l2', 'linear-svm-l1', 'svm-rbf', 'svm-poly', 'svm-sigmoid', 'logreg-ovr', 'logreg-multinomial', 'knn', 'random-forest', 'mlp-classical'].map((model) => ({ model, recipe: 'gtzan58', set: [] })),
  { model: 'mlp', recipe: 'spectrogram', piece: 5, set: ['hidden=64', 'epochs=20', ...adam] },
  { model: 'simple-rnn', recipe: 'spectrogram', piece: 5, set: ['layers=1', 'units=64', 'epochs=20', 'clipNorm=5', ...adam] },
  { model: 'lstm', recipe: 'spectrogram', piece: 5, set: ['layers=1', 'units=64', 'epochs=20', ...adam] },
  { model: 'lstm-attention', recipe: 'spectrogram', piece: 5, set: ['layers=1', 'units=32', 'epochs=20', ...adam] },
  { model: 'lstm-sequence', recipe: 'featureSequence', set: ['epochs=40'] },
  { model: 'hierarchical', recipe: 'mfcc', set: ['units=32,16', 'epochs=10'] },
  { model: 'ind-rnn', recipe: 'scattering', set: ['learningRate=0.001', 'epochs=40'] },
  // S1's CRNNs at a quarter of their widths (the full ones: the smoke run in docs/neural.md).
  { model: 'crnn', recipe: 'melspec', piece: 3, set: ['filters=16,32,32,32', 'epochs=6', 'learningRate=0.001'] },
  { model: 'crnn-extended', recipe: 'melspec', piece: 3, set: ['filters=16,32,64,64,64', 'epochs=6', 'learningRate=0.001'] },
  { model: 'resnet-crnn', recipe: 'melspec', piece: 3, set: ['widths=8,16,32,64', 'epochs=6', 'learningRate=0.001'] },
];

// Songs of odd lengths from dev clips: 4 s of jazz, 32 s of metal, 61 s of metal then rock.
const clip = async (genre, n) => (await loadAudio(join(dev, genre, `${genre}.0000${n}.wav`))).samples;
const [jazz, metal, rock] = [await clip('jazz', 1), await clip('metal', 2), await clip('rock', 3)];
const cat = (parts) => {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};
const sr = 22050;
const songs = { 4: jazz.subarray(0, 4 * sr), 32: cat([metal.subarray(0, 30 * sr), metal.subarray(0, 2 * sr)]), 61: cat([metal.subarray(0, 30 * sr), rock.subarray(0, 30 * sr), rock.subarray(0, sr)]) };
for (const [s, y] of Object.entries(songs)) await writeWav(join(work, `song${s}.wav`), y, sr);

const run = (args) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
let failed = 0;
console.log('kind                 recipe            loss first -> last   test acc   pieces of 4 s / 32 s / 61 s  song verdicts (4, 32, 61 s)');
// `npm run check:kinds -- crnn resnet-crnn` checks only the kinds named.
const only = process.argv.slice(2);
for (const c of cases.filter((k) => !only.length || only.includes(k.model))) {
  const out = join(work, c.model);
  const t0 = performance.now();
  const train = run(['train', '--model', c.model, '--data', dev, '--recipe', c.recipe, ...(c.piece ? ['--piece', String(c.piece)] : []), '--store', store, '--split', 'kfold5', '--out', out, ...c.set.flatMap((s) => ['--set', s])]);
  if (train.status !== 0) {
    failed++;
    console.log(`${c.model.padEnd(20)} train failed: ${train.stderr.trim().split('\n').pop()}`);
    continue;
  }
  const metrics = JSON.parse(readFileSync(join(out, 'genrekit.json'), 'utf8')).metrics;
  // The training losses of the epoch lines (the hierarchical tree: its root, the first node).
  const losses = [...train.stderr.matchAll(/^(\[(\w+)\] )?epoch \d+\/\d+\s+loss ([\d.]+)/gm)].filter((m, _, all) => m[2] === all[0][2]).map((m) => Number(m[3]));
  const loss = losses.length ? `${losses[0].toFixed(3)} -> ${losses.at(-1).toFixed(3)}` : '(not iterative)';
  const cls = run(['classify', '--model', out, '--json', '--jobs', '1', ...['4', '32', '61'].map((s) => join(work, `song${s}.wav`))]);
  let pieces = 'classify failed';
  let verdicts = cls.stderr.trim().split('\n').pop();
  if (cls.status === 0) {
    const v = JSON.parse(cls.stdout);
    const errors = v.filter((x) => x.error);
    pieces = v.map((x) => (x.error ? 'error' : x.pieces.map((p) => `${p.startSeconds.toFixed(0)}-${p.endSeconds.toFixed(0)}`).join(','))).join(' / ');
    verdicts = v.map((x) => (x.error ? x.error.message : x.genres[0].label)).join(', ');
    if (errors.length) failed++;
  } else failed++;
  if (!(metrics.accuracy > 0.1)) failed++;
  console.log(`${c.model.padEnd(20)} ${(c.recipe + (c.piece ? ` ${c.piece} s` : '')).padEnd(17)} ${loss.padEnd(20)} ${(100 * metrics.accuracy).toFixed(1).padStart(5)} %   ${pieces.padEnd(28)} ${verdicts}  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
rmSync(work, { recursive: true, force: true });
console.log(failed ? `${failed} problem(s)` : 'every kind trained, beat chance on its test fold and classified the three songs');
process.exit(failed ? 1 : 0);
