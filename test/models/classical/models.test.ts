/**
 * Every classical kind on synthetic tasks: learns separable blobs, gives rows of probabilities
 * summing to 1, survives save / load through the registry unchanged, is repeatable from its seed,
 * and rejects unknown or out-of-range arguments. Solver checks against closed-form optima.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resealModelFolder } from '../../helpers/model-folder.js';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelFormatError, ParameterError } from '../../../src/errors.js';
import { kinds } from '../../../src/models/classical/index.js';
import { KernelSvmCore, solveSmo } from '../../../src/models/classical/kernel-svm.js';
import { lbfgs } from '../../../src/models/classical/lbfgs.js';
import { couplePairwise, fitSigmoid, sigmoidProbability } from '../../../src/models/classical/platt.js';
import { StandardizedClassifier } from '../../../src/models/classical/vector-model.js';
import { loadModel, saveModel } from '../../../src/models/io.js';
import type { TrainData } from '../../../src/models/registry.js';

/** An input contract for models saved by these tests (never classified from audio). */
const TEST_INPUT = { recipe: { id: 'test', params: {} }, sampleRate: 22050, pieceSeconds: 30, columns: null, shape: [4] };

/** Seeded normal samples (Box-Muller over a mulberry32 stream). */
function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Three Gaussian blobs in 6-D with centres 4 apart, features on very different scales. */
function blobs(perClass: number, seed: number): TrainData {
  const g = gaussian(seed);
  const labels = ['a', 'b', 'c'];
  const scale = [1, 100, 0.01, 5, 1, 1000];
  const examples: Float32Array[] = [];
  const out: string[] = [];
  for (let i = 0; i < perClass * 3; i++) {
    const c = i % 3;
    examples.push(Float32Array.from({ length: 6 }, (_, j) => ((j % 3 === c ? 4 : 0) + g()) * scale[j]));
    out.push(labels[c]);
  }
  return { examples, labels: out };
}

const labelSet = ['a', 'b', 'c'];
const train = blobs(40, 1);
const held = blobs(30, 2);

function accuracy(proba: Float32Array[], truth: string[]): number {
  let ok = 0;
  proba.forEach((p, i) => {
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    if (labelSet[best] === truth[i]) ok++;
  });
  return ok / truth.length;
}

for (const kind of kinds) {
  test(`${kind.name}: learns blobs, probabilities sum to 1, save/load round trip, seed repeatable`, async () => {
    const model = await kind.fit(train, { args: {}, labelSet, seed: 7 });
    assert.equal(model.name, kind.name);
    assert.deepEqual([...model.labels], labelSet);
    const proba = await model.predictProba(held.examples);
    assert.equal(proba.length, held.examples.length);
    for (const p of proba) {
      assert.equal(p.length, 3);
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
      assert.ok(p.every((v) => v >= 0 && v <= 1));
    }
    const acc = accuracy(proba, held.labels);
    assert.ok(acc >= 0.95, `held-out accuracy ${acc}`);

    const dir = await mkdtemp(join(tmpdir(), 'genrekit-classical-'));
    try {
      await saveModel(join(dir, 'm'), model, { input: TEST_INPUT });
      const { classifier, manifest } = await loadModel(join(dir, 'm'));
      assert.equal(manifest.model.name, kind.name);
      assert.deepEqual(await classifier.predictProba(held.examples), proba);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const again = await kind.fit(train, { args: {}, labelSet, seed: 7 });
    assert.deepEqual(await again.predictProba(held.examples), proba);
  });
}

test('standardisation is fitted on the training data and stored in the model', async () => {
  const kind = kinds.find((k) => k.name === 'knn')!;
  const model = (await kind.fit(train, { args: { k: 1 }, labelSet, seed: 0 })) as StandardizedClassifier;
  const col5 = (train.examples as Float32Array[]).map((x) => x[5]);
  const mean = col5.reduce((a, b) => a + b, 0) / col5.length;
  const std = Math.sqrt(col5.reduce((a, b) => a + (b - mean) ** 2, 0) / col5.length);
  assert.ok(Math.abs(model.scaler.mean[5] - mean) < 1e-6 * Math.abs(mean) + 1e-9);
  assert.ok(Math.abs(model.scaler.scale[5] - std) < 1e-6 * std);
});

test('unknown or out-of-range arguments are ParameterErrors naming the argument', async () => {
  const svm = kinds.find((k) => k.name === 'svm-rbf')!;
  await assert.rejects(svm.fit(train, { args: { Cee: 1 }, labelSet, seed: 0 }), (e: unknown) => e instanceof ParameterError && e.parameter === 'Cee');
  await assert.rejects(svm.fit(train, { args: { C: -1 }, labelSet, seed: 0 }), (e: unknown) => e instanceof ParameterError && e.parameter === 'C');
  await assert.rejects(svm.fit(train, { args: { gamma: 'wide' }, labelSet, seed: 0 }), (e: unknown) => e instanceof ParameterError && e.parameter === 'gamma');
  const knn = kinds.find((k) => k.name === 'knn')!;
  await assert.rejects(knn.fit(train, { args: { k: 1.5 }, labelSet, seed: 0 }), (e: unknown) => e instanceof ParameterError && e.parameter === 'k');
  // Sequences are flattened time-major; a ragged one is refused by name.
  await assert.rejects(knn.fit({ examples: [[new Float32Array(2), new Float32Array(3)]], labels: ['a'] }, { args: {}, labelSet, seed: 0 }), /example 0 step 1 has 3 features, expected 2/);
});

test('SMO reaches the hard-margin optimum of a separable problem (w = (0.5, 0.5), b = 0)', () => {
  const pts = [[1, 1], [2, 2], [-1, -1], [-2, -2]];
  const y = Int8Array.from([1, 1, -1, -1]);
  const kernel = new Float64Array(16);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) kernel[i * 4 + j] = pts[i][0] * pts[j][0] + pts[i][1] * pts[j][1];
  const { alpha, rho } = solveSmo(kernel, y, 1000, 1e-6);
  // Only the two margin points are support vectors, alpha = |w|^2 / 2 = 0.25 each.
  assert.ok(Math.abs(alpha[0] - 0.25) < 1e-6 && Math.abs(alpha[2] - 0.25) < 1e-6, `alpha ${Array.from(alpha)}`);
  assert.equal(alpha[1], 0);
  assert.equal(alpha[3], 0);
  assert.ok(Math.abs(rho) < 1e-6);
});

test('kernel SVM predictions follow libsvm one-vs-one voting, ties to the lower class index', () => {
  // Three classes, pair decisions (0,1)=+1 -> 0, (0,2)=-1 -> 2, (1,2)=+1 -> 1: a three-way tie in votes.
  const core = new KernelSvmCore({ kernel: 'rbf', gamma: 1, degree: 3, coef0: 0 }, { data: new Float64Array([0]), rows: 1, cols: 1 }, [
    { sv: Int32Array.from([0]), coef: Float64Array.from([0]), rho: -1 },
    { sv: Int32Array.from([0]), coef: Float64Array.from([0]), rho: 5 },
    { sv: Int32Array.from([0]), coef: Float64Array.from([0]), rho: -0.5 },
  ], 3);
  const [p] = core.proba({ data: new Float64Array([0]), rows: 1, cols: 1 });
  // Confidences alone would pick class 2 (sum +5 - 0.5); libsvm picks the first of the tied classes.
  assert.ok(p[0] > p[1] && p[0] > p[2], `probabilities ${Array.from(p)}`);
});

test('L-BFGS finds the minimum of a badly scaled quadratic', () => {
  const scales = [1, 100, 0.01];
  const target = [3, -2, 5];
  const { x } = lbfgs((v, g) => {
    let f = 0;
    for (let i = 0; i < 3; i++) {
      const d = v[i] - target[i];
      f += 0.5 * scales[i] * d * d;
      g[i] = scales[i] * d;
    }
    return f;
  }, new Float64Array(3), { gtol: 1e-10, maxIter: 500 });
  x.forEach((v, i) => assert.ok(Math.abs(v - target[i]) < 1e-6, `x[${i}] = ${v}`));
});

test('RBF SVM separates rings that no linear model can', async () => {
  const g = gaussian(3);
  const examples: Float32Array[] = [];
  const labels: string[] = [];
  for (let i = 0; i < 300; i++) {
    const r = i % 2 ? 1 : 3;
    const t = 2 * Math.PI * (i / 300) * 7;
    examples.push(Float32Array.from([r * Math.cos(t) + 0.2 * g(), r * Math.sin(t) + 0.2 * g()]));
    labels.push(i % 2 ? 'inner' : 'outer');
  }
  const set = ['inner', 'outer'];
  const tr = { examples: examples.filter((_, i) => i % 3), labels: labels.filter((_, i) => i % 3) };
  const te = { examples: examples.filter((_, i) => !(i % 3)), labels: labels.filter((_, i) => !(i % 3)) };
  const score = async (name: string) => {
    const model = await kinds.find((k) => k.name === name)!.fit(tr, { args: {}, labelSet: set, seed: 0 });
    const proba = await model.predictProba(te.examples);
    return proba.filter((p, i) => set[p[0] >= p[1] ? 0 : 1] === te.labels[i]).length / te.labels.length;
  };
  assert.ok((await score('svm-rbf')) > 0.97);
  assert.ok((await score('linear-svm-l2')) < 0.75);
});

test('loadModel: an unknown kind or a damaged weight file is a ModelFormatError naming the folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-io-'));
  try {
    const model = await kinds.find((k) => k.name === 'logreg-ovr')!.fit(train, { args: {}, labelSet, seed: 0 });
    const folder = join(dir, 'm');
    await saveModel(folder, model, { input: TEST_INPUT }, { 'REPORT.md': new TextEncoder().encode('# report\n') });
    const manifestPath = join(folder, 'genrekit.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    assert.ok(manifest.files['REPORT.md'] && manifest.files['classical.json']);
    await writeFile(manifestPath, JSON.stringify({ ...manifest, model: { ...manifest.model, name: 'no-such-kind' } }));
    await assert.rejects(loadModel(folder), (e: unknown) => e instanceof ModelFormatError && e.path === folder && /checksum mismatch for 'genrekit\.json'/.test(e.message), 'SHA256SUMS covers the manifest');
    await resealModelFolder(folder);
    await assert.rejects(loadModel(folder), (e: unknown) => e instanceof ModelFormatError && e.path === folder && /no-such-kind/.test(e.message));
    await writeFile(manifestPath, JSON.stringify(manifest));
    await writeFile(join(folder, 'classical.json'), '{}');
    await resealModelFolder(folder);
    await assert.rejects(loadModel(folder), (e: unknown) => e instanceof ModelFormatError && /checksum mismatch/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('Platt scaling recovers a known sigmoid; pairwise coupling recovers consistent class probabilities', () => {
  const g = gaussian(11);
  const dec: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const f = 6 * (i / 20000) - 3 + 0.01 * g();
    const p = 1 / (1 + Math.exp(-2 * f + 0.5));
    // Deterministic thinning instead of coin flips: label +1 for the first p share of each 100-block.
    y.push((i % 100) / 100 < p ? 1 : -1);
    dec.push(f);
  }
  const s = fitSigmoid(dec, y);
  assert.ok(Math.abs(s.A + 2) < 0.1 && Math.abs(s.B - 0.5) < 0.1, `A ${s.A}, B ${s.B}`);
  assert.ok(Math.abs(sigmoidProbability(0, s) - 1 / (1 + Math.exp(s.B))) < 1e-12);

  const truth = [0.5, 0.3, 0.2];
  const r = truth.map((pi, i) => Float64Array.from(truth, (pj, j) => (i === j ? 0 : pi / (pi + pj))));
  const p = couplePairwise(r);
  p.forEach((v, i) => assert.ok(Math.abs(v - truth[i]) < 0.005, `p ${Array.from(p)}`));
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  const two = couplePairwise([Float64Array.from([0, 0.8]), Float64Array.from([0.2, 0])]);
  assert.ok(Math.abs(two[0] - 0.8) < 0.005 && Math.abs(two[1] - 0.2) < 0.005);
});

test("svm-rbf with probability: true gives libsvm's calibrated probabilities that survive save / load", async () => {
  const kind = kinds.find((k) => k.name === 'svm-rbf')!;
  const model = await kind.fit(train, { args: { probability: true }, labelSet, seed: 3 });
  const proba = await model.predictProba(held.examples);
  assert.ok(accuracy(proba, held.labels) >= 0.95);
  for (const p of proba) assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  // Confident, well-separated blobs: the top class gets most of the mass, unlike the vote softmax's fixed ratios.
  const top = proba.map((p) => Math.max(...p));
  assert.ok(top.reduce((a, b) => a + b, 0) / top.length > 0.8);
  const { args, files } = await model.serialize();
  const back = await kind.restore(args, labelSet, files);
  assert.deepEqual(await back.predictProba(held.examples), proba);
});

test('a label with no training examples never wins and leaves every probability finite', async () => {
  const wider = ['a', 'b', 'c', 'zzz'];
  for (const kind of kinds) {
    for (const args of kind.name === 'svm-rbf' ? [{}, { probability: true }] : [{}]) {
      const model = await kind.fit(train, { args, labelSet: wider, seed: 1 });
      const proba = await model.predictProba(held.examples.slice(0, 30));
      for (const p of proba) {
        assert.ok(p.every((v) => Number.isFinite(v)), `${kind.name}: ${Array.from(p)}`);
        assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-5);
        assert.ok(p[3] < Math.max(p[0], p[1], p[2]), `${kind.name} ${JSON.stringify(args)} predicts the absent class`);
      }
    }
  }
});
