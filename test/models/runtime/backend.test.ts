/** Backend choice: auto falls back from the absent native package to wasm; explicit names are checked. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentBackend, initTf, parseBackendChoice } from '../../../src/models/runtime/backend.js';

test('auto picks wasm when @tensorflow/tfjs-node is not installed; wrong names are ParameterErrors', async (t) => {
  let nativeInstalled = true;
  try {
    await import(['@tensorflow', 'tfjs-node'].join('/'));
  } catch {
    nativeInstalled = false;
  }
  if (nativeInstalled) return t.skip('@tensorflow/tfjs-node is installed here');
  assert.equal(await initTf('auto'), 'wasm');
  assert.equal(currentBackend(), 'wasm');
  await assert.rejects(initTf('tensorflow'), /parameter 'backend'.*npm install @tensorflow\/tfjs-node/);
  assert.equal(await initTf(), 'wasm', 'a failed explicit choice does not stick');
  assert.equal(await initTf('cpu'), 'cpu');
  assert.equal(currentBackend(), 'cpu');
  assert.throws(() => parseBackendChoice('gpu'), /parameter 'backend': unknown backend 'gpu'; use one of auto, tensorflow, wasm, cpu/);
});
