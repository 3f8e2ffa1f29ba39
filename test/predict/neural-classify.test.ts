/**
 * Every neural kind classifies whole songs: trained through the library alone on a small
 * synthetic audio task (two "genres" of `synth.ts`, S0's `spectrogram` recipe on 5 s pieces:
 * examples of shape [22, 513]), saved with `saveTrainedModel`, then a 4 s, a 32 s and a 61 s song
 * go through `classify()` and through `genrekit classify --model`. Every piece must reach the
 * model at its exact shape (classify refuses any other), the pieces must be 5 s each, ending at
 * the song's end, and the verdicts must be right and equal on both paths.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeWav } from '../../src/audio/wav-writer.js';
import { saveTrainedModel, trainOnSplit } from '../../src/eval/evaluate.js';
import { loadDatasetFeatures } from '../../src/eval/labelled-data.js';
import { getModelKind } from '../../src/models/registry.js';
import { classify } from '../../src/predict/classify.js';
import { projectRoot } from '../helpers/shared-data.js';
import { concat, synthGenre, type SynthGenre } from './synth.js';

const bin = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const SR = 8000; // the files' rate; the recipe resamples to 4000 Hz
const fast = { epochs: 25, batchSize: 8, optimizer: 'adam', learningRate: 0.01, dropout: 0 };
const testArgs: Record<string, Record<string, unknown>> = {
  mlp: { ...fast, hidden: [8] },
  'simple-rnn': { ...fast, layers: 1, units: 8, clipNorm: 5 },
  lstm: { ...fast, layers: 1, units: 8 },
  'lstm-attention': { ...fast, layers: 1, units: 8 },
  'lstm-sequence': { ...fast, units: [8], denseUnits: 8 },
  hierarchical: { ...fast, units: [8], tree: { name: 'root', children: ['bright', 'low'] } },
  'ind-rnn': { ...fast, layers: 2, units: 8, learningRate: 0.003, clipNorm: 1 },
};

/** The songs classified, with their true genre. */
const songs: Array<{ name: string; seconds: number; genre: SynthGenre }> = [
  { name: 'song4.wav', seconds: 4, genre: 'low' },
  { name: 'song32.wav', seconds: 32, genre: 'bright' },
  { name: 'song61.wav', seconds: 61, genre: 'low' },
];

test('every neural kind trained through the library classifies 4 s, 32 s and 61 s songs with pieces of its exact shape', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-neural-songs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // A folder-per-label dataset: 5 files of 10.5 s per genre -> 2 pieces of 5 s each.
  for (const genre of ['bright', 'low'] as const) {
    await mkdir(join(dir, 'data', genre), { recursive: true });
    for (let seed = 1; seed <= 5; seed++) await writeWav(join(dir, 'data', genre, `${genre}${seed}.wav`), synthGenre(genre, 10.5, SR, seed), SR);
  }
  for (const s of songs) {
    // The 61 s song changes its seed halfway, so its pieces are not all alike.
    const samples = s.seconds > 60 ? concat(synthGenre(s.genre, 30, SR, 11), synthGenre(s.genre, s.seconds - 30, SR, 12)) : synthGenre(s.genre, s.seconds, SR, 10);
    await writeWav(join(dir, s.name), samples, SR);
  }
  const data = await loadDatasetFeatures(join(dir, 'data'), { recipe: 'spectrogram', pieceSeconds: 5, store: join(dir, 'store'), jobs: 1 });
  assert.equal(data.examples.length, 20);
  assert.equal(data.input, 'sequence');

  const kinds = Object.keys(testArgs);
  for (const name of kinds) {
    const kind = await getModelKind(name);
    const result = await trainOnSplit(kind, data, undefined, { args: testArgs[name], seed: 1 });
    const modelDir = join(dir, `model-${name}`);
    const manifest = await saveTrainedModel(modelDir, result, data);
    result.classifier.dispose();
    assert.deepEqual(manifest.input.shape, [22, 513], name);
    assert.equal(manifest.input.pieceSeconds, 5);

    const verdicts = [];
    for (const s of songs) {
      const r = await classify(join(dir, s.name), { model: modelDir });
      assert.equal(r.genres[0].label, s.genre, `${name} on ${s.name}: ${JSON.stringify(r.genres)}`);
      const lengths = r.pieces.map((p) => +(p.endSeconds - p.startSeconds).toFixed(6));
      if (s.seconds < 5) {
        assert.equal(r.short, true);
        assert.deepEqual(lengths, [4], 'one piece: the song repeated to fill 5 s');
        assert.match(r.warnings.join(' '), /repeated to fill one piece/);
      } else {
        assert.equal(r.pieces.length, Math.ceil(s.seconds / 5), `${name} on ${s.name}`);
        assert.ok(lengths.every((l) => l === 5), `${name} on ${s.name}: piece lengths ${lengths}`);
        assert.equal(r.pieces.at(-1)!.endSeconds, s.seconds, 'the last piece ends at the song end');
      }
      verdicts.push(r.genres.map((g) => g.label));
    }
    const cli = spawnSync(process.execPath, [bin, 'classify', '--model', modelDir, '--json', '--jobs', '1', ...songs.map((s) => join(dir, s.name))], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    const out = JSON.parse(cli.stdout) as Array<{ genres: Array<{ label: string }>; pieces: unknown[] }>;
    assert.deepEqual(out.map((v) => v.genres.map((g) => g.label)), verdicts, `${name}: the CLI gives the library's verdicts`);
  }
});

test("S2's lstm-sequence on featureSequence (whole 30 s clips, no piece length given) classifies a 3:40 song: eight pieces of [10, 57]", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-s2-song-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const genre of ['bright', 'low'] as const) {
    await mkdir(join(dir, 'data', genre), { recursive: true });
    for (let seed = 1; seed <= 3; seed++) await writeWav(join(dir, 'data', genre, `${genre}${seed}.wav`), synthGenre(genre, 30.013, 22050, seed), 22050);
  }
  await writeWav(join(dir, 'song220.wav'), synthGenre('low', 220, 22050, 9), 22050);
  const data = await loadDatasetFeatures(join(dir, 'data'), { recipe: 'featureSequence', store: join(dir, 'store'), jobs: 1 });
  assert.equal(data.recipe.pieceSeconds, 30, "the clips' length, 30.013 s rounded down to 0.1 s");
  const result = await trainOnSplit(await getModelKind('lstm-sequence'), data, undefined, { args: { ...fast, units: [8], denseUnits: 8 }, seed: 1 });
  const manifest = await saveTrainedModel(join(dir, 'model'), result, data);
  result.classifier.dispose();
  assert.deepEqual(manifest.input.shape, [10, 57]);
  const r = await classify(join(dir, 'song220.wav'), { model: join(dir, 'model') });
  assert.deepEqual(r.pieces.map((p) => [p.startSeconds, p.endSeconds]), [[0, 30], [30, 60], [60, 90], [90, 120], [120, 150], [150, 180], [180, 210], [190, 220]]);
  assert.equal(r.genres[0].label, 'low');
});
