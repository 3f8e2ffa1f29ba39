/**
 * The browser build in a real browser: Debian's Chromium, driven by playwright-core, opens a page
 * served from loopback whose plain `<script type="module">` imports dist/browser/genrekit.js. The
 * page fetches a file's bytes, decodes and classifies it with the bundled model (fetched from
 * beside the build): the same verdict as Node's `classify` on the same bytes, every score within
 * 1e-5, for a GTZAN clip as WAV and the formats clip as MP3 and Ogg Vorbis, and the Opus fixture.
 * Corrupt bytes give the same typed error as in Node; a model folder held in memory classifies the
 * same, and refuses an edited manifest; genrekit/features draws the same mel picture as Node (PNG);
 * the page makes no request outside loopback.
 * A screenshot is saved to dist/test-artifacts/browser-page.png.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classify, type ClassifyResult } from '../../src/predict/classify.js';
import { getRecipe } from '../../src/features/registry.js';
import { featureImage } from '../../src/features/picture.js';
import { launchChromium } from '../helpers/chromium.js';
import { projectRoot, sharedData, sharedDataDir } from '../helpers/shared-data.js';
import { serveStatic } from '../helpers/static-server.js';

type PageResult = ClassifyResult | { error: { name: string; code: string; message: string } };

/** Every label's score, by label. */
const scores = (r: ClassifyResult) => new Map(r.genres.map((g) => [g.label, g.score]));

test('the browser build classifies in Chromium exactly as Node does', { timeout: 240_000 }, async (t) => {
  const clip = sharedData(t, 'gtzan', 'dev-audio', 'blues', 'blues.00000.wav');
  const formats = sharedData(t, 'formats');
  if (!clip || !formats) return;
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await serveStatic({
    '/dist/browser/': join(projectRoot, 'dist/browser'),
    '/models/': join(projectRoot, 'models'),
    '/data/': sharedDataDir,
    '/fixtures/': join(projectRoot, 'test/fixtures/audio'),
    '/': join(projectRoot, 'test/browser'),
  });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const outside: string[] = [];
    const pageErrors: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(server.url)) outside.push(req.url());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${server.url}/page.html`);
    await page.waitForFunction(() => 'classifyUrl' in globalThis, undefined, { timeout: 30_000 });

    const files: Array<[url: string, path: string]> = [
      ['/data/gtzan/dev-audio/blues/blues.00000.wav', clip],
      ['/data/formats/reggae.00000.mp3', join(formats, 'reggae.00000.mp3')],
      ['/data/formats/reggae.00000.ogg', join(formats, 'reggae.00000.ogg')],
      ['/fixtures/chord.opus', join(projectRoot, 'test/fixtures/audio/chord.opus')],
    ];
    for (const [url, path] of files) {
      const inPage = (await page.evaluate((u) => (globalThis as unknown as { classifyUrl(u: string): Promise<PageResult> }).classifyUrl(u), url)) as PageResult;
      assert.ok(!('error' in inPage), `${url}: ${JSON.stringify('error' in inPage && inPage.error)}`);
      const inNode = await classify(await readFile(path), { topK: 10 });
      assert.equal(inPage.genres[0].label, inNode.genres[0].label, `${url}: verdict`);
      assert.equal(inPage.pieces.length, inNode.pieces.length, `${url}: pieces`);
      assert.equal(inPage.durationSeconds, inNode.durationSeconds, `${url}: duration`);
      const want = scores(inNode);
      for (const [label, score] of scores(inPage)) assert.ok(Math.abs(score - want.get(label)!) <= 1e-5, `${url}: ${label} ${score} in the page, ${want.get(label)} in Node`);
      assert.ok(Math.abs(inPage.certainty - inNode.certainty) <= 1e-5, `${url}: certainty`);
    }

    // Corrupt bytes: the same typed error as in Node.
    const bad = (await page.evaluate(async () => {
      const g = (globalThis as unknown as { genrekit: { classify(b: Uint8Array): Promise<unknown> } }).genrekit;
      try {
        await g.classify(new TextEncoder().encode('RIFF\x24\x00\x00\x00WAVEjunk'));
        return null;
      } catch (err) {
        return { name: (err as Error).name, code: (err as { code: string }).code, message: (err as Error).message };
      }
    })) as { name: string; code: string; message: string } | null;
    assert.equal(bad?.name, 'AudioDecodeError');
    assert.match(bad?.message ?? '', /<bytes>/);

    // A model folder held in memory (files a user picked), and the same folder with an edited label list.
    const fromMemory = (await page.evaluate(async () => {
      const g = (globalThis as unknown as { genrekit: Record<string, (...a: unknown[]) => Promise<unknown>> }).genrekit;
      const files: Record<string, Uint8Array> = {};
      for (const name of ['genrekit.json', 'classical.json', 'report.json', 'REPORT.md', 'SHA256SUMS']) files[name] = new Uint8Array(await (await fetch(`/models/default/${name}`)).arrayBuffer());
      const bytes = new Uint8Array(await (await fetch('/data/formats/reggae.00000.mp3')).arrayBuffer());
      const model = await g.loadClassifier(files);
      const verdict = (await g.classify(bytes, { model, topK: 1 })) as ClassifyResult;
      const edited = { ...files, 'genrekit.json': new TextEncoder().encode(new TextDecoder().decode(files['genrekit.json']).replace('"blues"', '"bluez"')) };
      const refused = await g.loadClassifier(edited).then(() => 'loaded', (err: Error) => `${err.name}: ${err.message}`);
      return { top: verdict.genres[0], refused };
    })) as { top: { label: string; score: number }; refused: string };
    const mp3 = await classify(await readFile(join(formats, 'reggae.00000.mp3')), { topK: 1 });
    assert.equal(fromMemory.top.label, mp3.genres[0].label);
    assert.ok(Math.abs(fromMemory.top.score - mp3.genres[0].score) <= 1e-5);
    assert.match(fromMemory.refused, /^ModelFormatError: .*checksum mismatch for 'genrekit\.json'/);

    // genrekit/features in the page: a mel spectrogram's picture as PNG (stored deflate there), the same pixels as Node's.
    const png = (await page.evaluate(async () => {
      const f = (await import('/dist/browser/features.js' as string)) as { getRecipe(id: string): { compute(s: Float32Array): unknown }; featurePng(m: unknown): Uint8Array };
      const samples = Float32Array.from({ length: 22050 * 3 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 22050) * (1 + Math.sin(i / 3000)) * 0.4);
      return Array.from(f.featurePng(f.getRecipe('melspec').compute(samples)));
    })) as number[];
    const { PNG } = await import('pngjs');
    const decoded = PNG.sync.read(Buffer.from(png));
    const samples = Float32Array.from({ length: 22050 * 3 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 22050) * (1 + Math.sin(i / 3000)) * 0.4);
    const image = featureImage(getRecipe('melspec').compute(samples));
    assert.deepEqual([decoded.width, decoded.height], [image.width, image.height]);
    assert.ok(Buffer.from(image.data).equals(decoded.data), 'the page\'s PNG holds the pixels Node computes');

    assert.deepEqual(outside, [], 'requests outside loopback');
    assert.deepEqual(pageErrors, [], 'errors in the page');
    const shots = join(projectRoot, 'dist/test-artifacts');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'browser-page.png'), fullPage: true });
  } finally {
    await browser.close();
    await server.close();
  }
});

test("a bundler takes the 'browser' condition: genrekit, genrekit/features and genrekit/dsp bundle for a page with nothing of Node", async () => {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'gk-bundler-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(projectRoot, join(dir, 'node_modules', 'genrekit'), 'dir');
    const app = "import { classify } from 'genrekit';\nimport { getRecipe } from 'genrekit/features';\nimport { stft } from 'genrekit/dsp';\nexport { classify, getRecipe, stft };\n";
    const result = await build({ stdin: { contents: app, resolveDir: dir }, bundle: true, format: 'esm', platform: 'browser', write: false, splitting: false, logLevel: 'silent', metafile: true, preserveSymlinks: true });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((p) => p.includes('dist/browser/genrekit.js')), `resolved to the browser build: ${inputs.slice(0, 5).join(', ')}`);
    assert.ok(!inputs.some((p) => p.includes('dist/src/')), 'nothing of the Node build');
    assert.doesNotMatch(result.outputFiles[0].text, /from\s*["']node:|require\(["']node:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
