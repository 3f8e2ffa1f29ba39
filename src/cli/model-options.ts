/** Option parsing shared by `train`, `evaluate`, `cv` and `grid`. */
import { GenreKitError, ParameterError } from '../errors.js';
import { listModelKinds, type ModelKind } from '../models/registry.js';

/** A `--set` value: a number when it reads as one, true / false, else the string. */
export function parseValue(raw: string): unknown {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  return raw;
}

/** `['C=10', 'gamma=scale']` -> `{ C: 10, gamma: 'scale' }`. */
export function parseSetArgs(items: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ParameterError('set', `'${item}' is not NAME=VALUE`);
    out[item.slice(0, eq)] = parseValue(item.slice(eq + 1));
  }
  return out;
}

/** The command line as typed (arguments with spaces quoted), for the model's record. */
export function commandLine(): string {
  return ['genrekit', ...process.argv.slice(2)].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Help lines listing every model kind with its arguments and defaults. */
export async function kindsHelp(): Promise<string> {
  const kinds: ModelKind[] = await listModelKinds().catch(async () => (await import('../models/classical/index.js')).kinds);
  return kinds
    .map((k) => `  ${k.name.padEnd(20)} ${Object.entries(k.defaults).map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(' ')}`)
    .join('\n');
}

/** Prints a GenreKitError's message (exit 1) or a usage problem (exit 2); rethrows anything else. */
export function reportError(command: string, err: unknown): number {
  if (err instanceof GenreKitError) {
    console.error(`genrekit ${command}: ${err.message}`);
    return 1;
  }
  if (err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`genrekit ${command}: ${err.message}`);
    return 2;
  }
  throw err;
}

/** Percent with one decimal. */
export function pct(v: number): string {
  return `${(100 * v).toFixed(1)} %`;
}

/** `--seed` as an integer in [0, 2^32), default 0; ParameterError otherwise. */
export function parseSeed(raw: string | undefined, fallback = 0): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new ParameterError('seed', `must be an integer in [0, 2^32), got '${raw}'`);
  return n;
}
