/**
 * Features survive the trip from audio: a model of the bundled model's kind and arguments is
 * trained on the CSV rows of every GTZAN clip except the 50 dev clips, then classifies the 50 dev
 * audio files end to end (decode -> gtzan58 -> model, in worker threads). Its accuracy must equal
 * its accuracy on those clips' CSV rows within 4 points; clips whose verdicts differ are printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readFeatureTable } from '../../src/data/feature-table.js';
import type { ModelManifest } from '../../src/models/manifest.js';
import { saveModel } from '../../src/models/io.js';
import { modelInputOf } from '../../src/eval/evaluate.js';
import { loadLabelledData } from '../../src/eval/labelled-data.js';
import { getModelKind } from '../../src/models/registry.js';
import { classifyFiles } from '../../src/predict/batch.js';
import { defaultModelDir } from '../../src/predict/default-model.js';
import { expandInputs } from '../../src/predict/inputs.js';
import { sharedData } from '../helpers/shared-data.js';

/** Kind and arguments of the bundled model (RBF SVM with defaults before it exists). */
async function bundledKind(): Promise<{ name: string; args: Record<string, unknown> }> {
  const path = join(defaultModelDir, 'genrekit.json');
  if (!existsSync(path)) return { name: 'svm-rbf', args: {} };
  const m = JSON.parse(await readFile(path, 'utf8')) as ModelManifest;
  return { name: m.model.name, args: m.model.args };
}

const argmax = (p: Float32Array) => p.indexOf(Math.max(...p));

test('dev clips classified from audio agree with their CSV rows within 4 points', async (t) => {
  const csv = sharedData(t, 'gtzan', 'features_30_sec.csv');
  const devDir = sharedData(t, 'gtzan', 'dev-audio');
  if (!csv || !devDir) return;
  const table = await readFeatureTable(csv);
  const devFiles = await expandInputs([devDir]);
  assert.equal(devFiles.length, 50);
  const devNames = new Set(devFiles.map((f) => basename(f)));
  const train = { examples: [] as Float32Array[], labels: [] as string[] };
  const devRows = new Map<string, { x: Float32Array; label: string }>();
  table.filenames.forEach((name, i) => {
    if (devNames.has(name)) devRows.set(name, { x: table.features[i], label: table.labels[i] });
    else {
      train.examples.push(table.features[i]);
      train.labels.push(table.labels[i]);
    }
  });
  assert.equal(train.examples.length, 950);
  const { name, args } = await bundledKind();
  const kind = await getModelKind(name);
  const labelSet = [...new Set(train.labels)].sort();
  const classifier = await kind.fit(train, { args, labelSet, seed: 1 });

  const dir = await mkdtemp(join(tmpdir(), 'genrekit-trip-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const modelDir = join(dir, 'model');
  // Saved through the library alone: the input contract comes from the table (57 of gtzan58's 58 outputs).
  await saveModel(modelDir, classifier, { input: modelInputOf(await loadLabelledData(csv)) });

  const verdicts = await classifyFiles(devFiles, { model: modelDir, jobs: 2 });
  const csvProba = await classifier.predictProba(devFiles.map((f) => devRows.get(basename(f))!.x));
  let audioRight = 0;
  let csvRight = 0;
  const differ: string[] = [];
  verdicts.forEach((v, i) => {
    assert.ok(v.result, `${v.file}: ${v.error?.message}`);
    const truth = devRows.get(basename(v.file))!.label;
    const fromAudio = v.result.genres[0].label;
    const fromCsv = labelSet[argmax(csvProba[i])];
    audioRight += +(fromAudio === truth);
    csvRight += +(fromCsv === truth);
    if (fromAudio !== fromCsv) differ.push(`${basename(v.file)}: audio ${fromAudio}, csv ${fromCsv}, truth ${truth}`);
  });
  const audioAcc = (100 * audioRight) / 50;
  const csvAcc = (100 * csvRight) / 50;
  console.log(`${name}: accuracy on the 50 dev clips from audio ${audioAcc.toFixed(0)} %, from CSV rows ${csvAcc.toFixed(0)} %`);
  console.log(`verdicts that differ (${differ.length}): ${differ.length ? '\n  ' + differ.join('\n  ') : 'none'}`);
  assert.ok(Math.abs(audioAcc - csvAcc) <= 4, `audio ${audioAcc} % vs CSV ${csvAcc} %`);
});
