/**
 * A model folder cannot be tampered with silently: labels swapped or weights edited fail the
 * checksums; a `files` or SHA256SUMS entry pointing outside the folder is refused; a manifest of
 * `null`, without its recipe, with `pieceSeconds: 1e-9` or with duplicate labels is a
 * ModelFormatError naming the folder and the key (checked by one zod schema); NaN or infinite
 * weights are refused at load, classical (JSON) and neural (float32 bytes) alike. Through the
 * CLI, each is exit code 1 with that message, never a verdict.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFormatError } from '../../src/errors.js';
import { loadModel, saveModel } from '../../src/models/io.js';
import { kinds } from '../../src/models/neural/index.js';
import { initTf } from '../../src/models/runtime/backend.js';
import { defaultModelDir } from '../../src/predict/default-model.js';
import { resealModelFolder } from '../helpers/model-folder.js';
import { projectRoot } from '../helpers/shared-data.js';
import { contourSequences } from './neural/synthetic.js';

const bin = join(projectRoot, 'dist/src/cli/main.js');

async function withCopy(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-hostile-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const folder = join(dir, 'model');
  await cp(defaultModelDir, folder, { recursive: true });
  return folder;
}

/** loadModel(folder) rejects with a ModelFormatError naming the folder whose message matches `pattern`. */
async function refused(folder: string, pattern: RegExp): Promise<void> {
  await assert.rejects(loadModel(folder), (e: unknown) => {
    assert.ok(e instanceof ModelFormatError, String(e));
    assert.ok(e.message.startsWith(`${folder}: `), e.message);
    assert.match(e.message, pattern);
    return true;
  });
}

test('labels swapped or weights edited: checksum mismatch, and the CLI gives no verdict', async (t) => {
  const folder = await withCopy(t);
  const manifestPath = join(folder, 'genrekit.json');
  const original = await readFile(manifestPath, 'utf8');
  const m = JSON.parse(original);
  await writeFile(manifestPath, JSON.stringify({ ...m, labels: [m.labels[1], m.labels[0], ...m.labels.slice(2)] }));
  await refused(folder, /checksum mismatch for 'genrekit\.json'/);
  const cli = spawnSync(process.execPath, [bin, 'classify', '--model', folder, join(projectRoot, 'test/fixtures/audio/chord.opus')], { encoding: 'utf8' });
  assert.equal(cli.status, 1, cli.stdout + cli.stderr);
  assert.match(cli.stderr, /checksum mismatch for 'genrekit\.json'/);
  await writeFile(manifestPath, original);
  const weights = join(folder, 'classical.json');
  await writeFile(weights, (await readFile(weights, 'utf8')).replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10)));
  await refused(folder, /checksum mismatch for 'classical\.json'/);
});

test('a file name pointing outside the folder is refused, in the manifest or in SHA256SUMS', async (t) => {
  const folder = await withCopy(t);
  const manifestPath = join(folder, 'genrekit.json');
  const m = JSON.parse(await readFile(manifestPath, 'utf8'));
  await writeFile(manifestPath, JSON.stringify({ ...m, files: { ...m.files, '../../../etc/hostname': 'a'.repeat(64) } }));
  await resealModelFolder(folder);
  await refused(folder, /lists '\.\.\/\.\.\/\.\.\/etc\/hostname', which is not a file name inside the folder/);
  await writeFile(manifestPath, JSON.stringify(m));
  await resealModelFolder(folder);
  await writeFile(join(folder, 'SHA256SUMS'), (await readFile(join(folder, 'SHA256SUMS'), 'utf8')) + `${'b'.repeat(64)}  ../../etc/hostname\n`);
  await refused(folder, /SHA256SUMS lists '\.\.\/\.\.\/etc\/hostname'/);
});

test('every malformed manifest names the folder and the key', async (t) => {
  const folder = await withCopy(t);
  const manifestPath = join(folder, 'genrekit.json');
  const m = JSON.parse(await readFile(manifestPath, 'utf8'));
  const cases: [string, unknown, RegExp][] = [
    ['null', null, /is not a genrekit model manifest/],
    ['no recipe', { ...m, input: { ...m.input, recipe: undefined } }, /genrekit\.json: input\.recipe: /],
    ['tiny pieces', { ...m, input: { ...m.input, pieceSeconds: 1e-9 } }, /genrekit\.json: input\.pieceSeconds: Too small: expected number to be >=0\.1/],
    ['huge pieces', { ...m, input: { ...m.input, pieceSeconds: 1e9 } }, /input\.pieceSeconds: Too big/],
    ['forged rate', { ...m, input: { ...m.input, sampleRate: 4e9 } }, /input\.sampleRate: Too big/],
    ['label twice', { ...m, labels: [...m.labels.slice(0, -1), m.labels[0]] }, /labels: labels must be distinct/],
    ['no labels', { ...m, labels: 'blues' }, /labels: Invalid input: expected array/],
    ['bad hash', { ...m, files: { 'classical.json': 'xyz' } }, /files\.classical\.json: must be a SHA-256/],
    ['columns vs shape', { ...m, input: { ...m.input, shape: [56] } }, /input\.columns: columns must name as many values/],
    ['no model name', { ...m, model: { args: {} } }, /model\.name: Invalid input: expected string/],
  ];
  for (const [what, manifest, pattern] of cases) {
    await writeFile(manifestPath, JSON.stringify(manifest));
    await resealModelFolder(folder);
    await refused(folder, pattern).catch((err) => assert.fail(`${what}: ${err.message}`));
  }
});

test('NaN or infinite weights are refused at load: classical JSON and neural float32 bytes', async (t) => {
  const folder = await withCopy(t);
  const weightsPath = join(folder, 'classical.json');
  const original = await readFile(weightsPath, 'utf8');
  const state = JSON.parse(original);
  state.scaler.mean[3] = null; // JSON.stringify(NaN)
  await writeFile(weightsPath, JSON.stringify(state));
  const manifestPath = join(folder, 'genrekit.json');
  const m = JSON.parse(await readFile(manifestPath, 'utf8'));
  const { sha256 } = await import('../../src/models/manifest.js');
  const reseal = async () => {
    m.files['classical.json'] = sha256(await readFile(weightsPath));
    await writeFile(manifestPath, JSON.stringify(m));
    await resealModelFolder(folder);
  };
  await reseal();
  await refused(folder, /classical\.json: scaler\.mean\[3\] is not a finite number/);
  await writeFile(weightsPath, original.replace(/"mean":\[[^,\]]+/, '"mean":[1e999'));
  await reseal();
  await refused(folder, /classical\.json: scaler\.mean\[0\] is not a finite number/);

  await initTf();
  const data = contourSequences(32, 4, { classes: 3, time: 6, features: 3 });
  const mlp = kinds.find((k) => k.name === 'mlp')!;
  const model = await mlp.fit(data, { args: { hidden: [4], epochs: 1 }, labelSet: ['down', 'flat', 'up'], seed: 1 });
  const neural = join(folder, '..', 'neural');
  await saveModel(neural, model, { input: { recipe: { id: 'synthetic', params: {} }, sampleRate: 22050, pieceSeconds: 30, columns: null, shape: [4] } });
  model.dispose();
  const bytes = new Uint8Array(await readFile(join(neural, 'weights.bin')));
  new DataView(bytes.buffer).setFloat32(4 * 5, Number.NaN, true);
  await writeFile(join(neural, 'weights.bin'), bytes);
  const nm = JSON.parse(await readFile(join(neural, 'genrekit.json'), 'utf8'));
  nm.files['weights.bin'] = sha256(bytes);
  await writeFile(join(neural, 'genrekit.json'), JSON.stringify(nm));
  await resealModelFolder(neural);
  await refused(neural, /weights\.bin: value 5 \(in '[^']+'\) is NaN: NaN or infinite weights/);
});
