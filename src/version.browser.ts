/** version.ts for the browser: the version inlined from package.json by the bundler (scripts/bundle-browser.mjs defines it). */
declare const GENREKIT_VERSION: string;

export const packageVersion: string = GENREKIT_VERSION;

// The swap must give every export of version.ts with the same types (checked by tsconfig.browser.json).
const twin: typeof import('./version.js') = { packageVersion };
void twin;
