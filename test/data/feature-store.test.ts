import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, entryKey, FeatureStore } from '../../src/data/feature-store.js';
import { readTensorFile, writeTensorFile, type TensorHeader } from '../../src/data/tensor-file.js';
import { DataFormatError } from '../../src/errors.js';

const spec = { sourceSha256: 'ab'.repeat(32), recipe: { id: 'melspec', params: { nMels: 128, fmax: 8000 } }, pieces: { seconds: 3, overlap: 0, tail: 'drop' as const } };

test('entry keys change with content, recipe, params, pieces and version but not with key order', () => {
  const k = entryKey(spec, '0.1.0');
  assert.equal(entryKey({ ...spec, recipe: { id: 'melspec', params: { fmax: 8000, nMels: 128 } } }, '0.1.0'), k);
  assert.equal(canonicalJson({ b: [1, { d: 2, c: 3 }], a: 'x' }), '{"a":"x","b":[1,{"c":3,"d":2}]}');
  const variants = [
    entryKey({ ...spec, sourceSha256: 'cd'.repeat(32) }, '0.1.0'),
    entryKey({ ...spec, recipe: { id: 'mfcc', params: spec.recipe.params } }, '0.1.0'),
    entryKey({ ...spec, recipe: { id: 'melspec', params: { nMels: 192, fmax: 8000 } } }, '0.1.0'),
    entryKey({ ...spec, pieces: null }, '0.1.0'),
    entryKey(spec, '0.2.0'),
  ];
  assert.equal(new Set([k, ...variants]).size, 6);
});

test('store round-trips an entry; truncated or altered entries are refused, never read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-store-'));
  try {
    const store = new FeatureStore(join(dir, 's'));
    const key = entryKey(spec);
    const data = Float32Array.from({ length: 12 }, (_, i) => i / 3);
    const header = { format: 'genrekit-feature-entry' as const, version: 1 as const, key, packageVersion: '0.1.0', ...spec, sampleRate: 22050, nSamples: 132300, segments: [{ index: 0, start: 0, end: 66150, offset: 0, shape: [2, 3] }, { index: 1, start: 66150, end: 132300, offset: 6, shape: [2, 3] }] };
    store.write(header, data);
    const e = store.read(key)!;
    assert.deepEqual([...e.data], [...data]);
    assert.deepEqual(e.header.segments, header.segments);
    assert.deepEqual(store.keys(), [key]);
    assert.equal(store.read(entryKey({ ...spec, pieces: null })), undefined);
    const path = store.entryPath(key);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 5));
    assert.throws(() => store.read(key), (err: unknown) => err instanceof DataFormatError && err.message.includes(path));
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1] ^= 0xff;
    writeFileSync(path, flipped);
    assert.throws(() => store.read(key), /checksum/);
    // An edited header (a segment's end, same length of JSON) is a damaged entry too.
    const edited = Buffer.from(bytes.toString('latin1').replace('"end":66150', '"end":66151'), 'latin1');
    assert.notDeepEqual(edited, bytes);
    writeFileSync(path, edited);
    assert.throws(() => store.read(key), /header checksum mismatch/);
    // A dead writer's temp file is removed; a live one's (this process's) is kept.
    const sub = join(dir, 's', 'entries', key.slice(0, 2));
    writeFileSync(join(sub, `.tmp-${key}.gkf.999999999.deadbeef.tmp`), 'half');
    writeFileSync(join(sub, `.tmp-${key}.gkf.${process.pid}.deadbeef.tmp`), 'half');
    assert.equal(store.cleanTemp(), 1);
    assert.equal(readdirSync(sub).filter((n) => n.startsWith('.tmp-')).length, 1);
    assert.throws(() => new FeatureStore(dir), DataFormatError, 'a non-empty folder is not taken for a store');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tensor file round-trips shape, ids, labels and values', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-tensor-'));
  try {
    const path = join(dir, 'x.gkt');
    const header: TensorHeader = { format: 'genrekit-tensor', version: 1, dtype: 'float32', shape: [2, 3], ids: ['a.00000.0', 'a.00000.1'], labels: ['a', 'a'], groups: ['a.00000', 'a.00000'], ranges: [[0, 3], [3, 6]], recipe: { id: 'x', params: {} }, pieces: { seconds: 3, overlap: 0, tail: 'drop' as const }, packageVersion: '0.1.0' };
    writeTensorFile(path, header, Float32Array.from([1, 2, 3, 4, 5, 6.5]));
    const t = readTensorFile(path);
    assert.deepEqual(t.header, header);
    assert.deepEqual([...t.data], [1, 2, 3, 4, 5, 6.5]);
    assert.throws(() => writeTensorFile(path, header, new Float32Array(5)), DataFormatError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
