import { test } from 'node:test';
import { withoutKernels } from '../../src/dsp/wasm.js';
import { harmonicMaskGivenPercussive } from '../../src/dsp/hpss.js';
import assert from 'node:assert/strict';
import { LineMedianFilter, medianFilter1d, medianFilterAlongRows, medianFilterDownColumns, medianFilterLines, reflectHalfSampleIndex, wasmMedianAvailable } from '../../src/dsp/median.js';

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

test('the WebAssembly rank median is built, and gives the JavaScript one bit for bit (ties, signs, zeros, batches); lines past LONG_LINE equal the sort-based reference', () => {
  assert.ok(wasmMedianAvailable(), 'dist/src/dsp/median.wasm is missing: `npm run build` compiles it with AssemblyScript');
  let s = 777;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const sample = (i: number): number => {
    const u = rnd();
    if (i % 11 === 0) return i % 22 === 0 ? 0 : -0;
    if (i % 5 === 0) return 1 + Math.floor(u * 16) * 2 ** -20; // ties in the top 16 bits
    return (u < 0.5 ? -1 : 1) * 10 ** (rnd() * 40 - 20);
  };
  // [lines, length, size]: one line; many lines over several 1 MiB batches; windows up to the line length.
  for (const [lines, length, size] of [
    [1, 1025, 31],
    [700, 1293, 31],
    [3, 16, 31],
    [5, 40, 39],
    [2, 100, 3],
  ] as const) {
    const data = Float32Array.from({ length: lines * length }, (_, i) => sample(i));
    const js = withoutKernels(['median'], () => medianFilterLines(data, lines, length, size, new Float32Array(data.length)));
    const auto = medianFilterLines(data, lines, length, size, new Float32Array(data.length));
    assert.ok(Buffer.from(auto.buffer).equals(Buffer.from(js.buffer)), `${lines} x ${length}, size ${size}`);
  }
  // Lines past LONG_LINE take the sorted window (time linear in the length): the same values as
  // the sort-based reference, here on 2.5 M samples (checked at 3000 places) and on 70,000.
  const long = Float32Array.from({ length: 2_500_000 }, (_, i) => sample(i));
  const longOut = medianFilterLines(long, 1, long.length, 31, new Float32Array(long.length));
  const at = (x: Float32Array, p: number, n: number) => {
    const w = Array.from({ length: 31 }, (_, j) => x[reflectHalfSampleIndex(p - 15 + j, n)]).sort((a, b) => a - b);
    return w[15];
  };
  // Numerically equal (=== takes -0 for 0: the sorted window does not order the two zeros).
  for (let p = 0; p < long.length; p += 833) assert.ok(longOut[p] === at(long, p, long.length), `sample ${p}: ${longOut[p]} vs ${at(long, p, long.length)}`);
  const mid = long.subarray(0, 70_000);
  const midOut = medianFilterLines(mid, 1, mid.length, 31, new Float32Array(mid.length));
  for (let p = 0; p < mid.length; p++) if (midOut[p] !== at(mid, p, mid.length)) assert.fail(`sample ${p} of 70000: ${midOut[p]} vs ${at(mid, p, mid.length)}`);
  const filter = new LineMedianFilter(1025, 31);
  const row = long.subarray(5000, 6025);
  const out = new Float32Array(3000);
  filter.apply(row, out, 1000);
  assert.ok(Buffer.from(out.buffer, 4000, 4100).equals(Buffer.from(withoutKernels(['median'], () => medianFilterLines(row.slice(), 1, 1025, 31, new Float32Array(1025))).buffer)));
});

test('the WebAssembly column medians and HPSS mask give the JavaScript ones bit for bit: widths around its 4- and 16-column blocks, windows up to its limit and past it', () => {
  let s = 4242;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  // [rows, cols, size]: fewer than 16 columns (groups of 4, the last overlapping), more than 16 and
  // not a multiple of 16, a spectrogram's 1025, the longest window the kernel takes and one past it.
  for (const [rows, cols, size] of [
    [57, 4, 31],
    [40, 7, 31],
    [33, 16, 3],
    [57, 23, 31],
    [20, 37, 31],
    [300, 1025, 31],
    [90, 21, 63],
    [90, 21, 65],
  ] as const) {
    const data = Float32Array.from({ length: rows * cols }, (_, i) => (i % 13 === 0 ? 0 : (rnd() < 0.2 ? -1 : 1) * 10 ** (rnd() * 12 - 6)));
    const perc = Float32Array.from({ length: rows * cols }, () => (rnd() < 0.1 ? 0 : rnd()));
    const js = withoutKernels(['median'], () => medianFilterDownColumns(data, rows, cols, size));
    const auto = medianFilterDownColumns(data, rows, cols, size);
    assert.ok(Buffer.from(auto.buffer).equals(Buffer.from(js.buffer)), `${rows} x ${cols}, size ${size}`);
    const mask = harmonicMaskGivenPercussive(data.map(Math.abs), perc.slice(), rows, cols, { kernelSize: size });
    const maskJs = withoutKernels(['median'], () => harmonicMaskGivenPercussive(data.map(Math.abs), perc.slice(), rows, cols, { kernelSize: size }));
    assert.ok(Buffer.from(mask.buffer).equals(Buffer.from(maskJs.buffer)), `mask ${rows} x ${cols}, size ${size}`);
  }
});
