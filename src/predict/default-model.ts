/**
 * Where the bundled default model lives. The folder `models/default/` ships in the package; like
 * every model folder of format 2 it carries `SHA256SUMS`, which covers every file, the manifest
 * and report included, so an edited label list or normalisation is caught too.
 */
import { fileURLToPath } from 'node:url';

/** Absolute path of the bundled model folder (`<package>/models/default`). */
export const defaultModelDir: string = fileURLToPath(new URL('../../../models/default', import.meta.url)); // from dist/src/predict/
