import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AudioDecodeError, DataFormatError, GenreKitError, ParameterError } from '../src/errors.js';

test('errors name the file or parameter at fault and share one base', () => {
  const e = new AudioDecodeError('a.wav', 'empty file');
  assert.ok(e instanceof GenreKitError);
  assert.equal(e.message, 'a.wav: empty file');
  assert.equal(e.name, 'AudioDecodeError');
  const p = new ParameterError('sampleRate', 'must be > 0, got -1');
  assert.equal(p.message, "parameter 'sampleRate': must be > 0, got -1");
  const d = new DataFormatError('f.csv', 'not a number', { row: 3, column: 'tempo' });
  assert.equal(d.message, "f.csv (row 3, column 'tempo'): not a number");
});
