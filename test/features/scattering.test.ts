/**
 * `scattering` recipe (S4): shape and names, and the documented post-processing of the
 * transform (S2 divided by its first-order parent plus eps, then log(c + eps)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scatteringTransform } from '../../src/dsp/scattering.js';
import { scattering } from '../../src/features/scattering.js';

function signal(n: number): Float32Array {
  let s = 12345;
  return Float32Array.from({ length: n }, (_, i) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const envelope = 0.5 + 0.5 * Math.sin((2 * Math.PI * 3 * i) / 16000);
    return 0.3 * envelope * (s / 2 ** 31 - 1) + 0.2 * Math.sin((2 * Math.PI * 330 * i) / 16000);
  });
}

test('scattering recipe: [ceil(n / hop), n1 + n2] at 16 kHz, named s1_<Hz> then s2_<Hz>_<Hz>', () => {
  const recipe = scattering.create();
  assert.equal(recipe.sampleRate, 16000);
  const x = signal(3 * 16000);
  const out = recipe.compute(x);
  const raw = scatteringTransform(x, recipe.params);
  const n1 = raw.bank.first.length;
  const n2 = raw.bank.paths.length;
  assert.deepEqual(out.shape, [Math.ceil(x.length / 4096), n1 + n2]);
  assert.deepEqual(recipe.outputShape(x.length), out.shape);
  assert.equal(out.names!.length, n1 + n2);
  assert.equal(out.names![0], 's1_8000.0');
  assert.match(out.names![n1], /^s2_8000\.0_\d+\.\d$/);
  assert.ok(out.data.every(Number.isFinite));
});

test('scattering recipe: log(S1 + eps) and log(S2 / (S1 + eps) + eps) by default; raw values when disabled', () => {
  const x = signal(2 * 16000);
  const recipe = scattering.create();
  const out = recipe.compute(x);
  const raw = scatteringTransform(x, recipe.params);
  const n1 = raw.bank.first.length;
  const n2 = raw.bank.paths.length;
  const eps = recipe.params.epsilon;
  for (let t = 0; t < raw.frames; t++) {
    for (let i = 0; i < n1; i += 7) assert.ok(Math.abs(out.data[t * (n1 + n2) + i] - Math.log(raw.s1[t * n1 + i] + eps)) < 1e-5);
    for (let j = 0; j < n2; j += 13) {
      const parent = raw.s1[t * n1 + raw.bank.paths[j][0]];
      const expected = Math.log(raw.s2[t * n2 + j] / (parent + eps) + eps);
      assert.ok(Math.abs(out.data[t * (n1 + n2) + n1 + j] - expected) < 1e-4);
    }
  }
  const plain = scattering.create({ log: false, normalize: false }).compute(x);
  assert.equal(plain.data[5], Math.fround(raw.s1[5]));
  assert.equal(plain.data[n1 + 3], Math.fround(raw.s2[3]));
  assert.throws(() => scattering.create({ hopLength: 1000 }), /hopLength/);
});
