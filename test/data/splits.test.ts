import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  expandSplit,
  faultFilteredSplit,
  groupLeaks,
  gtzanItem,
  holdoutSplit,
  kFoldSplit,
  loadSplit,
  modFolds,
  repeatedKFoldSplit,
  saveSplit,
  type Split,
  type SplitItem,
} from '../../src/data/index.js';
import { DataFormatError, ParameterError } from '../../src/errors.js';
import { sharedData } from '../helpers/shared-data.js';

const genres = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];
const pad = (n: number) => String(n).padStart(5, '0');
/** GTZAN-like songs: `perGenre` clips per genre, each cut into `pieces` 3 s pieces (`blues.00012.3`). */
function pieceItems(perGenre: number, pieces: number): SplitItem[] {
  const items: SplitItem[] = [];
  for (const g of genres) for (let c = 0; c < perGenre; c++) for (let p = 0; p < pieces; p++) items.push(gtzanItem(`${g}.${pad(c)}.${p}.wav`));
  return items;
}

function allIds(fold: Split['folds'][number]): string[] {
  return [...fold.train, ...fold.valid, ...fold.test];
}

test('gtzanItem parses clips and pieces into id, label and song group', () => {
  assert.deepEqual(gtzanItem('blues.00012.3.wav'), { id: 'blues.00012.3', label: 'blues', group: 'blues.00012' });
  assert.deepEqual(gtzanItem('genres/jazz/jazz.00099.au'), { id: 'jazz.00099', label: 'jazz', group: 'jazz.00099' });
  assert.throws(() => gtzanItem('notes.txt'), ParameterError);
});

test('with 3 s pieces no song id appears in two sets of any split (grouped hold-out, k-fold, repeated k-fold)', () => {
  const items = pieceItems(20, 10); // 200 songs, 2000 pieces
  const splits = [holdoutSplit(items, { seed: 7 }), kFoldSplit(items, { seed: 7 }), repeatedKFoldSplit(items, { seed: 7, k: 5, repeats: 3 })];
  assert.deepEqual(splits.map((s) => s.folds.length), [1, 10, 15]);
  for (const split of splits) {
    assert.deepEqual(groupLeaks(split, items), [], split.protocol);
    for (const fold of split.folds) {
      const songsBySet = (['train', 'valid', 'test'] as const).map((s) => new Set(fold[s].map((id) => gtzanItem(id).group)));
      for (let a = 0; a < 3; a++) for (let b = a + 1; b < 3; b++) for (const song of songsBySet[a]) assert.ok(!songsBySet[b].has(song), `${split.protocol} ${fold.name}: ${song}`);
      assert.equal(allIds(fold).length, items.length, 'every piece is in exactly one set');
      assert.equal(new Set(allIds(fold)).size, items.length);
    }
  }
});

test('piece-level splits (grouped: false) do leak songs, which is why grouping is the default', () => {
  const items = pieceItems(20, 10);
  const leaks = groupLeaks(holdoutSplit(items, { seed: 1, grouped: false }), items);
  assert.ok(leaks.length > 100, `expected most songs to straddle sets, got ${leaks.length}`);
});

test('stratified hold-out gives exact 80/10/10 per genre and is repeatable from its seed', () => {
  const items = pieceItems(100, 1).map((it) => ({ ...it, id: it.group })); // 1000 clips
  const a = holdoutSplit(items, { seed: 3 });
  const b = holdoutSplit([...items].reverse(), { seed: 3 });
  const c = holdoutSplit(items, { seed: 4 });
  assert.deepEqual(a, b, 'same seed gives the same split whatever the item order');
  assert.notDeepEqual(a.folds[0].test, c.folds[0].test);
  for (const g of genres) {
    const count = (ids: string[]) => ids.filter((id) => id.startsWith(`${g}.`)).length;
    assert.deepEqual([count(a.folds[0].train), count(a.folds[0].valid), count(a.folds[0].test)], [80, 10, 10], g);
  }
  assert.throws(() => holdoutSplit(items, { fractions: { train: 0.8, valid: 0.1, test: 0.2 } }), ParameterError);
});

test('k-fold tests every song exactly once, folds balanced per genre', () => {
  const items = pieceItems(30, 10);
  const split = kFoldSplit(items, { k: 10, seed: 11 });
  const tested = split.folds.flatMap((f) => f.test);
  assert.equal(tested.length, items.length);
  assert.equal(new Set(tested).size, items.length);
  for (const fold of split.folds) {
    for (const g of genres) assert.equal(fold.test.filter((id) => id.startsWith(`${g}.`)).length, 30, `${fold.name} ${g}`); // 3 songs x 10 pieces
  }
  const rep = repeatedKFoldSplit(items, { seed: 11 });
  assert.equal(rep.folds.length, 100);
  assert.deepEqual(rep.folds.slice(0, 10).map((f) => f.name), Array.from({ length: 10 }, (_, i) => `r1f${i + 1}`));
  assert.notDeepEqual(rep.folds[0].test, rep.folds[10].test, 'each repetition reshuffles');
  assert.throws(() => kFoldSplit(items.slice(0, 10), { k: 10 }), ParameterError, 'one song cannot fill 10 folds');
});

test('modFolds puts clip number mod k in fold k, pieces with their clip', () => {
  const ids = ['blues.00000.wav', 'blues.00010.wav', 'rock.00013.wav', 'jazz.00003.2.wav', 'pop.00099.wav'];
  const split = modFolds(ids, 10);
  assert.deepEqual(split.folds[0].test, ['blues.00000.wav', 'blues.00010.wav']);
  assert.deepEqual(split.folds[3].test, ['rock.00013.wav', 'jazz.00003.2.wav']);
  assert.deepEqual(split.folds[9].test, ['pop.00099.wav']);
  assert.equal(split.folds[3].train.length, 3);
  assert.equal(split.seed, null);
});

test('fault-filtered split equals the shared lists and expands to pieces', (t) => {
  const file = sharedData(t, 'gtzan', 'splits', 'fault-filtered.json');
  if (!file) return;
  const ref = JSON.parse(readFileSync(file, 'utf8')) as { train: string[]; valid: string[]; test: string[] };
  const split = faultFilteredSplit();
  assert.deepEqual(split.folds[0].train, ref.train);
  assert.deepEqual(split.folds[0].valid, ref.valid);
  assert.deepEqual(split.folds[0].test, ref.test);
  assert.deepEqual([ref.train.length, ref.valid.length, ref.test.length], [443, 197, 290]);
  const pieces = pieceItems(100, 10);
  const expanded = expandSplit(split, pieces);
  assert.equal(expanded.folds[0].test.length, 2900);
  assert.deepEqual(groupLeaks(expanded, pieces), []);
});

test('saveSplit / loadSplit round-trip; a corrupt file is a DataFormatError naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-split-'));
  try {
    const split = kFoldSplit(pieceItems(5, 2), { k: 5, seed: 9 });
    const path = join(dir, 'split.json');
    saveSplit(path, split);
    assert.deepEqual(loadSplit(path), split);
    const bad = JSON.parse(readFileSync(path, 'utf8')) as Split;
    bad.folds[0].test.push(bad.folds[0].train[0]);
    writeFileSync(path, JSON.stringify(bad));
    assert.throws(() => loadSplit(path), (e: unknown) => e instanceof DataFormatError && e.message.includes(path) && e.message.includes('two sets'));
    writeFileSync(path, '{"format":');
    assert.throws(() => loadSplit(path), DataFormatError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
