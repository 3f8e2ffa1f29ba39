import { test } from 'node:test';
import assert from 'node:assert/strict';
import { medianFilter1d, medianFilterAlongRows, medianFilterDownColumns, reflectHalfSampleIndex } from '../../src/dsp/median.js';

/** Deterministic pseudo-random values in [0, 1), with deliberate repeats (ties). */
function values(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * 50) / 50;
  });
}

/** Brute force: sort every window of the reflect-extended line and take rank floor(size/2). */
function bruteMedian(line: ArrayLike<number>, size: number): Float64Array {
  const n = line.length;
  const h = size >> 1;
  return Float64Array.from({ length: n }, (_, i) => {
    const w = Array.from({ length: size }, (_, j) => line[reflectHalfSampleIndex(i - h + j, n)]).sort((a, b) => a - b);
    return w[h];
  });
}

test('1-D median filter matches scipy.ndimage.median_filter(mode="reflect") on a worked example', () => {
  // Reference: scipy 1.17 median_filter([3,1,4,1,5,9,2,6], size=5 / size=4, mode='reflect').
  const x = Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6);
  assert.deepEqual(Array.from(medianFilter1d(x, 5)), [3, 3, 3, 4, 4, 5, 6, 6]);
  assert.deepEqual(Array.from(medianFilter1d(x, 4)), [3, 3, 3, 4, 5, 5, 6, 6]);
});

test('2-D median filters along each axis match scipy on a worked example', () => {
  // scipy median_filter(m, size=(3,1)) and size=(1,3), mode='reflect', m 4 x 3 row-major.
  const m = Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8);
  assert.deepEqual(Array.from(medianFilterDownColumns(m, 4, 3, 3)), [3, 1, 4, 2, 5, 5, 2, 5, 8, 3, 5, 8]);
  assert.deepEqual(Array.from(medianFilterAlongRows(m, 4, 3, 3)), [3, 3, 4, 1, 5, 9, 2, 5, 5, 3, 5, 8]);
});

test('sliding median equals the brute-force median for many sizes and line lengths (Float64 and Float32 paths)', () => {
  for (const size of [1, 2, 3, 4, 7, 30, 31, 32, 45]) {
    for (const n of [3, 5, 16, 31, 40, 200]) {
      const x = values(n, size * 1000 + n);
      const ref = Array.from(bruteMedian(x, size));
      assert.deepEqual(Array.from(medianFilter1d(x, size)), ref, `Float64, size ${size}, n ${n}`);
      assert.deepEqual(Array.from(medianFilter1d(Float32Array.from(x), size)), ref.map(Math.fround), `Float32, size ${size}, n ${n}`);
    }
  }
});

test('Float32 (rank) path equals the brute-force median for signed values, zeros and near-equal values', () => {
  // Near-equal values share their top 16 bits (the radix passes) and are ordered by the
  // insertion pass; signs and zeros exercise the float-bits-to-key mapping.
  let s = 12345;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (const size of [1, 5, 31]) {
    for (const n of [2, 7, 64, 300]) {
      const x = Float32Array.from({ length: n }, (_, i) => {
        const u = rnd();
        if (i % 9 === 0) return 0;
        if (i % 5 === 0) return 1 + Math.floor(u * 64) * 2 ** -20;
        return (u < 0.5 ? -1 : 1) * 10 ** (rnd() * 12 - 6);
      });
      const ref = Array.from(bruteMedian(x, size));
      assert.deepEqual(Array.from(medianFilter1d(x, size)), ref, `size ${size}, n ${n}`);
    }
  }
});

test('down-columns and along-rows filters agree with filtering each line separately', () => {
  const rows = 57;
  const cols = 23;
  const data = Float32Array.from(values(rows * cols, 99), (v, i) => (i % 7 === 0 ? -v : v));
  const size = 31;
  const down = medianFilterDownColumns(data, rows, cols, size);
  const along = medianFilterAlongRows(data, rows, cols, size);
  assert.ok(down instanceof Float32Array && along instanceof Float32Array);
  for (let c = 0; c < cols; c++) {
    const line = Float64Array.from({ length: rows }, (_, r) => data[r * cols + c]);
    const ref = bruteMedian(line, size);
    for (let r = 0; r < rows; r++) assert.equal(down[r * cols + c], ref[r]);
  }
  for (let r = 0; r < rows; r++) {
    const ref = bruteMedian(data.subarray(r * cols, (r + 1) * cols), size);
    for (let c = 0; c < cols; c++) assert.equal(along[r * cols + c], ref[c]);
  }
});

test('median filters reject bad shapes and sizes', () => {
  assert.throws(() => medianFilterAlongRows(new Float64Array(6), 2, 2, 3), /data/);
  assert.throws(() => medianFilter1d(new Float64Array(6), 0), /size/);
});
