/** Reports: Markdown and JSON name the protocol and carry every number; SVG pictures hold the counts; PNG renders when the optional renderer is installed. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { classificationMetrics } from '../../src/eval/metrics.js';
import { classBarsSvg, confusionMatrixSvg } from '../../src/eval/plots.js';
import { svgToPng } from '../../src/eval/png.js';
import { makeReport, reportMarkdown, writeReport } from '../../src/eval/report.js';
import { GenreKitError } from '../../src/errors.js';

const labels = ['blues', 'rock & roll'];
const metrics = classificationMetrics(labels, ['blues', 'blues', 'rock & roll'], [[0.9, 0.1], [0.3, 0.7], [0.2, 0.8]].map((r) => Float32Array.from(r)));
const report = makeReport({ title: 'Test report', model: { name: 'knn', args: { k: 1 } }, data: 'x.csv', protocol: '10 folds by clip number mod 10', metrics });

test('Markdown names the protocol, the model and every per-genre number', () => {
  const md = reportMarkdown(report, { confusion: 'confusion.svg' });
  assert.match(md, /protocol: 10 folds by clip number mod 10/);
  assert.match(md, /`knn` \{"k":1\}/);
  assert.match(md, /\| accuracy \| 66\.7 % \|/);
  assert.match(md, /\| blues \| 100\.0 \| 50\.0 \| 66\.7 \| 2 \|/);
  assert.match(md, /\| \*\*blues\*\* \| 1 \| 1 \|/);
  assert.match(md, /!\[confusion matrix\]\(confusion\.svg\)/);
});

test('SVG pictures: one cell per pair with its count, one bar per class and measure, labels escaped', () => {
  const cm = confusionMatrixSvg(metrics, { title: 'cm' });
  assert.ok(cm.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.equal((cm.match(/<rect x="\d+(\.\d+)?" y="\d+(\.\d+)?" width="46" height="46"/g) ?? []).length, 4);
  assert.match(cm, />rock &amp; roll</);
  assert.ok(!cm.includes('rock & roll'));
  const bars = classBarsSvg(metrics);
  assert.equal((bars.match(/width="\d+\.\d" height="12" fill="#(2171b5|f16913)"/g) ?? []).length, 4);
  assert.match(bars, />100<\/text>/);
});

test('writeReport writes JSON, Markdown and SVG; PNG when asked and the renderer is present', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'genrekit-report-'));
  try {
    const files = await writeReport(dir, report);
    assert.deepEqual(files.map((f) => f.slice(dir.length + 1)).sort(), ['confusion.svg', 'precision-recall.svg', 'report.json', 'report.md']);
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    assert.equal(json.format, 'genrekit-report');
    assert.equal(json.protocol, report.protocol);
    assert.deepEqual(json.metrics.confusion, [[1, 1], [0, 1]]);
    let png: Uint8Array;
    try {
      png = await svgToPng(confusionMatrixSvg(metrics), { scale: 1 });
    } catch (err) {
      assert.ok(err instanceof GenreKitError && err.code === 'PNG_UNAVAILABLE');
      return;
    }
    const image = PNG.sync.read(Buffer.from(png));
    const width = Number(/width="(\d+)"/.exec(confusionMatrixSvg(metrics))![1]);
    assert.equal(image.width, width);
    // Top-left pixel is the white background; the blues/blues cell (share 0.5) is a mid blue.
    assert.deepEqual([...image.data.subarray(0, 3)], [255, 255, 255]);
    const m = /<rect x="([\d.]+)" y="([\d.]+)" width="46"/.exec(confusionMatrixSvg(metrics))!;
    const at = 4 * ((Math.round(Number(m[2])) + 4) * image.width + Math.round(Number(m[1])) + 4);
    const rgb = [...image.data.subarray(at, at + 3)];
    [107, 174, 214].forEach((v, i) => assert.ok(Math.abs(rgb[i] - v) <= 3, `cell colour ${rgb}`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
