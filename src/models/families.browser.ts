/** families.ts for the browser: the classical family only (the neural family's TensorFlow.js runtime needs Node in this version). */
import type { FamilyModule } from './families.js';

export type { FamilyModule } from './families.js';

export const families: Array<() => Promise<FamilyModule>> = [() => import('./classical/index.js')];

export const familiesLeftOut: string = ' (the browser build has the classical kinds only; neural models need Node)';

// The swap must give every export of families.ts with the same types (checked by tsconfig.browser.json).
const twin: typeof import('./families.js') = { families, familiesLeftOut };
void twin;
