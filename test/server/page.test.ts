/**
 * The page of `genrekit serve` in Debian's Chromium (playwright-core): a GTZAN clip chosen in the
 * file picker and a 75 s song dropped on the page each get their bars (the same top genre as
 * Node's classify), the certainty in words, a timeline with one segment per piece and the mel
 * spectrogram; a dropped text file gets the server's error message; nothing is requested outside
 * the server and the page logs no error (its Content-Security-Policy allows only itself).
 * Screenshots at desktop and phone size go to dist/test-artifacts/serve-{desktop,phone}.png. With
 * a token, the page asks for it and then classifies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeWav } from '../../src/audio/wav-writer.js';
import { classify } from '../../src/predict/classify.js';
import { startServer } from '../../src/server/server.js';
import { launchChromium } from '../helpers/chromium.js';
import { projectRoot, sharedData } from '../helpers/shared-data.js';
import { synthGenre } from '../predict/synth.js';

test('the web page classifies a chosen and a dropped song, and shows a bad file\'s error', { timeout: 180_000 }, async (t) => {
  const clip = sharedData(t, 'gtzan', 'dev-audio', 'metal', 'metal.00002.wav');
  if (!clip) return;
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await startServer({ port: 0, jobs: 2, log: null });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const outside: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => void (r.url().startsWith(server.url) || r.url().startsWith('data:') || outside.push(r.url())));
    // The text file's 415 is expected; any other error (a CSP violation, a 404) is not.
    page.on('console', (m) => void (m.type() === 'error' && !/status of 415/.test(m.text()) && problems.push(m.text())));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#model:not(:empty)');
    assert.match((await page.textContent('#model')) ?? '', /svm-rbf on gtzan58, 10 genres/);

    // Chosen in the file picker.
    await page.setInputFiles('#files', clip);
    await page.waitForSelector('.song .bars .bar', { timeout: 60_000 });
    const want = await classify(clip);
    const first = page.locator('.song').first();
    assert.equal(await first.locator('.bar span').first().textContent(), want.genres[0].label);
    assert.match((await first.locator('.verdict').textContent()) ?? '', /^(\w+): (a close call|leaning|fairly clear|clear) \(0:30 long\)$/);
    assert.equal(await first.locator('.timeline span').count(), want.pieces.length);
    assert.equal(await first.locator('img.spectrogram').evaluate((img: { naturalWidth: number }) => img.naturalWidth > 0), true);

    // Dropped: a 75 s song (pieces 0-30, 30-60 and 45-75 s on the timeline), then a text file.
    const song = Buffer.from(encodeWav(synthGenre('low', 75, 22050, 7), 22050)).toString('base64');
    const drop = (name: string, base64: string) =>
      page.evaluate(
        ([n, b]) => {
          const w = globalThis as any; // the page's window (tests compile without the DOM library)
          const bytes = Uint8Array.from(atob(b), (c) => c.charCodeAt(0));
          const dt = new w.DataTransfer();
          dt.items.add(new File([bytes], n));
          w.document.getElementById('drop').dispatchEvent(new w.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        },
        [name, base64],
      );
    await drop('long song.wav', song);
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.song .timeline').length === 2, undefined, { timeout: 60_000 });
    const longWant = await classify(Buffer.from(song, 'base64'));
    const long = page.locator('.song').first();
    assert.equal(await long.locator('h2').textContent(), 'long song.wav');
    assert.equal(await long.locator('.bar span').first().textContent(), longWant.genres[0].label);
    assert.equal(longWant.pieces.length, 3);
    assert.equal(await long.locator('.timeline span').count(), 3);

    await drop('notes.txt', Buffer.from('these are my notes, not a song').toString('base64'));
    const alert = page.locator('.song .error[role=alert]');
    await alert.waitFor({ timeout: 30_000 });
    assert.match((await alert.textContent()) ?? '', /^Could not classify this file: notes\.txt: not a recognised audio container/);

    assert.deepEqual(outside, []);
    assert.deepEqual(problems, []);
    const shots = join(projectRoot, 'dist/test-artifacts');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'serve-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(shots, 'serve-phone.png'), fullPage: true });
    const overflow = await page.evaluate(() => {
      const root = (globalThis as any).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow} px)`);
    // Keyboard: the drop zone is reachable with Tab and announces itself as a button.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (globalThis as any).document.activeElement?.id), 'drop');
    assert.ok((await readFile(join(shots, 'serve-phone.png'))).length > 1000);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('with a token the page asks for it once, then classifies', { timeout: 120_000 }, async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await startServer({ port: 0, jobs: 1, log: null, token: 'open sesame' });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#token-form:not([hidden])');
    assert.equal(await page.textContent('#model'), 'needs a token');
    await page.fill('#token', 'open sesame');
    await page.click('#token-form button');
    await page.waitForFunction(() => /svm-rbf/.test((globalThis as any).document.getElementById('model').textContent));
    const file = { name: 'tone.wav', mimeType: 'audio/wav', buffer: Buffer.from(encodeWav(synthGenre('bright', 8, 22050, 3), 22050)) };
    await page.setInputFiles('#files', file);
    await page.waitForSelector('.song .bars .bar', { timeout: 60_000 });
    assert.equal(await page.isHidden('#token-form'), true);
  } finally {
    await browser.close();
    await server.close();
  }
});
