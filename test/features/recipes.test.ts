import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resample } from '../../src/audio/index.js';
import { powerToDb } from '../../src/dsp/db.js';
import { ParameterError } from '../../src/errors.js';
import { getRecipe, listRecipes, recipes } from '../../src/features/index.js';
import { resolveParams } from '../../src/params.js';
import { sharedData } from '../helpers/shared-data.js';
import { loadReference, relativeErrorTransposed, toMatrix } from '../dsp/reference.js';
import { referenceSignals } from '../dsp/reference-signals.js';
import { loadReferenceClip } from '../dsp/reference-clips.js';

test('recipes match librosa 0.9.2 on the reference signals (max rel. error <= 1e-4)', async (t) => {
  const path = sharedData(t, 'reference', 'signals.json.gz');
  if (!path) return;
  const signals = await referenceSignals(loadReference(path), loadReferenceClip);
  assert.equal(signals.length, 5);
  for (const s of signals) {
    // melspec = power_to_db(melspectrogram(n_mels=192, fmax=8000, hop=256), ref=np.max)
    const mel = toMatrix(s.arrays['melspectrogram[n_mels=192,fmax=8000,hop=256]']);
    const melDb = Array.from(powerToDb(mel.data, { ref: 'max' }), (v) => v);
    const rows = Array.from({ length: mel.rows }, (_, r) => melDb.slice(r * mel.cols, (r + 1) * mel.cols));
    const ours = getRecipe('melspec').compute(s.samples);
    assert.deepEqual(ours.shape, [mel.cols, 192]);
    const melErr = relativeErrorTransposed(ours.data, ours.shape[0], ours.shape[1], rows);
    t.diagnostic(`melspec | ${s.name} | ${melErr.toExponential(2)}`);
    assert.ok(melErr <= 1e-4, `melspec ${s.name}: ${melErr}`);

    // mfcc with hop 551 and C0 = librosa mfcc(n_mfcc=13, n_fft=551, hop_length=551)
    const key = 'mfcc[n_mfcc=13,n_fft=551,hop=551]';
    const withC0 = getRecipe('mfcc', { hopLength: 551, nMfcc: 12, includeC0: true }).compute(s.samples);
    const mfccErr = relativeErrorTransposed(withC0.data, withC0.shape[0], 13, s.arrays[key]);
    t.diagnostic(`mfcc(includeC0) | ${s.name} | ${mfccErr.toExponential(2)}`);
    assert.ok(mfccErr <= 1e-4, `mfcc ${s.name}: ${mfccErr}`);
    const noC0 = getRecipe('mfcc', { hopLength: 551, nMfcc: 12 }).compute(s.samples);
    assert.deepEqual(noC0.names?.slice(0, 2), ['mfcc1', 'mfcc2']);
    for (let f = 0; f < noC0.shape[0]; f += 17) assert.equal(noC0.data[f * 12], withC0.data[f * 13 + 1]);

    // spectrogram (S0) on the first 20000 samples at 4000 Hz, hop 903 as the reference key
    const s0Key = 'spectrogram_s0[resample to 4000,first 20000 samples,n_fft=1024,hop=903,center=False,abs]';
    const y4k = resample(s.samples, s.sr, 4000).subarray(0, 20000);
    const spec = getRecipe('spectrogram').compute(y4k);
    const specErr = relativeErrorTransposed(spec.data, spec.shape[0], spec.shape[1], s.arrays[s0Key]);
    t.diagnostic(`spectrogram | ${s.name} | ${specErr.toExponential(2)}`);
    assert.ok(specErr <= 1e-4, `spectrogram ${s.name}: ${specErr}`);
  }
});

test('output shapes: S0 22 x 513 per 5 s, S1 2584 x 192 per 30 s, S3 1293 x 13 per GTZAN clip', () => {
  assert.deepEqual(getRecipe('spectrogram').outputShape(5 * 4000), [22, 513]);
  assert.deepEqual(getRecipe('melspec').outputShape(30 * 22050), [2584, 192]);
  assert.deepEqual(getRecipe('mfcc').outputShape(661794), [1293, 13]);
  assert.deepEqual(getRecipe('mfcc', { includeC0: true }).outputShape(661794), [1293, 14]);
  const y = Float32Array.from({ length: 22050 }, (_, i) => Math.sin(i / 10));
  for (const id of ['melspec', 'mfcc', 'spectrogram']) {
    const r = getRecipe(id);
    const out = r.compute(y);
    assert.deepEqual(out.shape, r.outputShape(y.length), id);
    assert.equal(out.data.length, out.shape[0] * out.shape[1]);
  }
});

test('melspec is in dB relative to the peak: max 0, floor -80', () => {
  const sr = 22050;
  const y = Float32Array.from({ length: sr }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / sr) * (i < sr / 2 ? 1 : 0));
  const out = getRecipe('melspec').compute(y).data;
  assert.equal(Math.max(...out), 0);
  assert.ok(Math.abs(Math.min(...out) + 80) < 1e-4);
});

test('registry: ids, unknown ids and parameters raise ParameterError naming them', () => {
  for (const id of ['melspec', 'spectrogram', 'mfcc']) {
    assert.ok(listRecipes().includes(id));
    assert.equal(recipes[id].id, id);
    assert.deepEqual(getRecipe(id).params, recipes[id].defaults);
  }
  assert.throws(() => getRecipe('nope'), (e: unknown) => e instanceof ParameterError && /unknown recipe 'nope'; known: .*melspec/.test(e.message));
  assert.throws(() => getRecipe('melspec', { nMel: 128 }), /parameter 'nMel': unknown parameter of recipe 'melspec'; known: sampleRate/);
  assert.throws(() => getRecipe('melspec', { nMels: 'many' }), /parameter 'nMels': recipe 'melspec' expects a finite number or null, got "many"/);
  assert.throws(() => getRecipe('melspec', { nMels: true }), /parameter 'nMels'/);
  assert.throws(() => getRecipe('mfcc', { nFft: 0 }), /parameter 'nFft': must be an integer >= 2/);
  // Text (from --set or a command line) is converted to the default's type by the one validator.
  assert.equal(getRecipe('mfcc', { includeC0: 'true' }).params.includeC0, true);
  assert.equal(getRecipe('melspec', { topDb: 'null' }).params.topDb, null);
  assert.equal(getRecipe('melspec', { nMels: '64' }).params.nMels, 64);
  assert.deepEqual(resolveParams("model 'x'", { units: [64, 64] }, { units: '32,16' }), { units: [32, 16] });
});
