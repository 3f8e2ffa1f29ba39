/**
 * Debian's Chromium driven by playwright-core, for the tests that run genrekit in a real browser.
 * `launchChromium(t)` skips the test with a reason when Chromium (/usr/bin/chromium, or
 * GENREKIT_CHROMIUM) or playwright-core is missing, and fails when `CI=true` (`.ci/run` installs
 * Chromium with apt-get). The flags are those this machine needs: no sandbox as root, no GPU, and
 * no background requests (the network is closed).
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const chromiumPath = process.env.GENREKIT_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

/** A headless Chromium, or undefined after skipping the test. */
export async function launchChromium(t: { skip: (msg?: string) => void }): Promise<Browser | undefined> {
  const missing = (why: string): undefined => {
    if (process.env.CI === 'true') throw new Error(`browser test in CI: ${why}`);
    t.skip(why);
    return undefined;
  };
  if (!existsSync(chromiumPath)) return missing(`Chromium not found at ${chromiumPath} (apt-get install chromium)`);
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return missing('playwright-core is not installed');
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}
