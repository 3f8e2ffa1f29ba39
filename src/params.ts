/**
 * The one validator of user parameters, for recipes, classical and neural models alike: values
 * over defaults (unknown names and wrong types are a ParameterError naming the parameter and its
 * owner), range checks, and the one `key=value` parser of the command line.
 */
import { ParameterError } from './errors.js';

/**
 * `defaults` overlaid with `given`, checked against the default's type:
 * - number: a finite number, or null meaning "none" (e.g. `topDb`; a model's range check
 *   refuses it where "none" makes no sense);
 * - boolean; string (a number is accepted too, as scikit-learn's `gamma`: 'scale' or a value);
 * - array of numbers (`[64, 64]`, or the text `64,64` / `[64,64]`); object: any JSON value.
 * Text (from a command line) is converted to the default's type first. `owner` names what the
 * parameters belong to in messages, e.g. `model 'knn'` or `recipe 'mfcc'`. Undefined values are
 * skipped.
 */
export function resolveParams<P extends object>(owner: string, defaults: Readonly<P>, given: Partial<P> | Record<string, unknown> = {}): P {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, raw] of Object.entries(given)) {
    if (raw === undefined) continue;
    if (!Object.hasOwn(out, key)) throw new ParameterError(key, `unknown parameter of ${owner}; known: ${Object.keys(out).join(', ')}`);
    const def = (defaults as Record<string, unknown>)[key];
    const value = typeof raw === 'string' ? fromText(key, raw, def) : raw;
    if (!fits(value, def)) throw new ParameterError(key, `${owner} expects ${describe(def)}, got ${JSON.stringify(raw)}`);
    out[key] = value;
  }
  return out as P;
}

function fits(value: unknown, def: unknown): boolean {
  if (Array.isArray(def)) return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (typeof def === 'number' || def === null) return value === null || (typeof value === 'number' && Number.isFinite(value));
  if (typeof def === 'string') return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
  if (typeof def === 'object') return value !== undefined;
  return typeof value === typeof def;
}

function describe(def: unknown): string {
  if (Array.isArray(def)) return 'a list of numbers';
  if (typeof def === 'number' || def === null) return 'a finite number or null';
  if (typeof def === 'object') return 'a JSON value';
  return `a ${typeof def}`;
}

/** `text` as the type of `def` (number, boolean, null, list of numbers, JSON); other text as it is. */
function fromText(key: string, text: string, def: unknown): unknown {
  const s = text.trim();
  if (typeof def === 'string') return s !== '' && Number.isFinite(Number(s)) ? Number(s) : text;
  if (typeof def === 'number' || def === null) return s === 'null' ? null : s === '' ? NaN : Number(s);
  if (typeof def === 'boolean') {
    if (s === 'true' || s === 'false') return s === 'true';
    throw new ParameterError(key, `expected true or false, got '${text}'`);
  }
  if (Array.isArray(def) && !s.startsWith('[')) return s.split(',').map((v) => (v.trim() === '' ? NaN : Number(v)));
  try {
    return JSON.parse(s);
  } catch {
    throw new ParameterError(key, `expected JSON, got '${text}'`);
  }
}

/** Throws ParameterError unless `value` is an integer >= `min`. */
export function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new ParameterError(name, `must be an integer >= ${min}, got ${value}`);
}

/** Throws ParameterError unless `value` > 0 (or >= 0 with `allowZero`). */
export function requirePositive(name: string, value: number, allowZero = false): void {
  if (!(allowZero ? value >= 0 : value > 0)) throw new ParameterError(name, `must be ${allowZero ? '>= 0' : '> 0'}, got ${value}`);
}

/** Throws ParameterError unless 0 <= value < 1 (a dropout rate). */
export function requireFraction(name: string, value: number): void {
  if (!(value >= 0 && value < 1)) throw new ParameterError(name, `must be in [0, 1), got ${value}`);
}

/**
 * `['C=10', 'gamma=scale']` (repeated `--<option> NAME=VALUE`) -> `{ C: '10', gamma: 'scale' }`:
 * values stay text, converted by `resolveParams` to each default's type. ParameterError naming
 * `option` for an item without a name.
 */
export function parseKeyValues(items: readonly string[] = [], option = 'set'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ParameterError(option, `'${item}' is not NAME=VALUE`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** Parameters given as a JSON object (the CLI's `--params`); ParameterError otherwise. */
export function parseParamsJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ParameterError('params', `is not JSON: ${text}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ParameterError('params', `must be a JSON object, got ${text}`);
  return value as Record<string, unknown>;
}
