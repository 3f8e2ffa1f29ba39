/** The model families the registry loads, each on first use (a classical-only run never loads TensorFlow.js). */
import type { ModelKind } from './registry.js';

/** A family module exports its kinds as `kinds`. */
export type FamilyModule = { kinds: ModelKind[] };

export const families: Array<() => Promise<FamilyModule>> = [() => import('./classical/index.js'), () => import('./neural/index.js')];

/** What this build leaves out, said when a kind is not found (nothing in Node). */
export const familiesLeftOut: string = '';
