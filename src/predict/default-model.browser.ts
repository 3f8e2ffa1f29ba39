/** default-model.ts for the browser: the bundled model's URL, beside the browser build (`<package>/models/default/`). */

/** URL of the bundled model folder, from dist/browser/. */
export const defaultModelDir: string = new URL('../../models/default/', import.meta.url).href;

// The swap must give every export of default-model.ts with the same types (checked by tsconfig.browser.json).
const twin: typeof import('./default-model.js') = { defaultModelDir };
void twin;
