/**
 * The one schema of `genrekit.json` (format 2), in zod: every key's type and every number's
 * bounds, so that a manifest of `null`, without `recipe`, or with `pieceSeconds: 1e-9` is a
 * ModelFormatError naming the folder and the key, never a raw JavaScript message or unbounded
 * work. `ModelManifest` in manifest.ts is the TypeScript side of the same shape.
 */
import { z } from 'zod';
import { ModelFormatError } from '../errors.js';
import { MIN_PIECE_SECONDS } from '../audio/segment.js';
import { SAMPLE_RATE_RANGE } from '../audio/plausible.js';

/** Longest piece a model may take, s (a day: longer is no piece of music). */
export const MAX_PIECE_SECONDS = 24 * 3600;
/** Most values in one example (a 30 s FFT spectrogram at 22050 Hz is 1292 x 1025 = 1.3 M). */
export const MAX_EXAMPLE_VALUES = 1 << 24;

const name = z.string().min(1).max(200);
const finite = z.number(); // zod 4 numbers refuse NaN and +-Infinity

/** The input contract (`ModelInput`). */
export const modelInputSchema = z
  .object({
    recipe: z.object({ id: name, params: z.record(z.string(), z.unknown()) }),
    sampleRate: z.number().min(SAMPLE_RATE_RANGE[0]).max(SAMPLE_RATE_RANGE[1]),
    pieceSeconds: z.number().min(MIN_PIECE_SECONDS).max(MAX_PIECE_SECONDS),
    columns: z.array(name).max(100_000).nullable(),
    shape: z.array(z.number().int().min(1)).min(1).max(4),
  })
  .refine((i) => i.shape.reduce((a, b) => a * b, 1) <= MAX_EXAMPLE_VALUES, { message: `an example may hold at most ${MAX_EXAMPLE_VALUES} values`, path: ['shape'] })
  .refine((i) => i.columns === null || i.columns.length === i.shape[i.shape.length - 1], { message: 'columns must name as many values as the last axis of shape', path: ['columns'] });

/** The whole manifest (`ModelManifest`), format 2. */
export const modelManifestSchema = z.object({
  format: z.literal('genrekit-model'),
  formatVersion: z.literal(2),
  packageVersion: z.string().max(100),
  createdAt: z.string().max(100),
  model: z.object({ name, args: z.record(z.string(), z.unknown()) }),
  input: modelInputSchema,
  labels: z
    .array(name)
    .min(1)
    .max(100_000)
    .refine((l) => new Set(l).size === l.length, { message: 'labels must be distinct' }),
  normalization: z
    .object({ mean: z.array(finite), std: z.array(finite.positive()) })
    .refine((n) => n.mean.length === n.std.length, { message: 'mean and std must have one value per feature' })
    .optional(),
  training: z.record(z.string(), z.unknown()).optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
  files: z.record(name, z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lowercase hex')),
});

/** The first problem zod found, as `key.path: message` (`(root)` for the whole document). */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length ? issue.path.map(String).join('.') : '(root)';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return `${path}: ${issue.message}${more}`;
}

/** `value` checked against `schema`; ModelFormatError naming `where`, `file` and the first bad key otherwise. */
export function parseManifestPart<T>(schema: z.ZodType<T>, value: unknown, where: string, file: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ModelFormatError(where, `${file}: ${describe(result.error)}`);
  return value as T; // as written: keys a later version adds are kept, not stripped
}
