/**
 * Recipe parameter handling shared by every recipe: filling defaults, rejecting unknown keys and
 * wrong types (ParameterError naming `recipe.key`), and parsing `key=value` text (CLI `--set`).
 */
import { ParameterError } from '../errors.js';

/** A JSON-serialisable parameter value. */
export type ParamValue = number | boolean | string | null;

/**
 * `defaults` overlaid with `params`. Every key of `params` must exist in `defaults` and have the
 * same type (null is accepted where the default is null or a number, meaning "none").
 */
export function resolveParams<P extends object>(recipeId: string, defaults: Readonly<P>, params: Partial<P> | Record<string, unknown> = {}): P {
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (!(key in defaults)) {
      throw new ParameterError(`${recipeId}.${key}`, `unknown parameter; known: ${Object.keys(defaults).join(', ')}`);
    }
    const def = (defaults as Record<string, unknown>)[key];
    const ok = value === null ? def === null || typeof def === 'number' : def === null ? typeof value === 'number' : typeof value === typeof def;
    if (!ok) throw new ParameterError(`${recipeId}.${key}`, `expected ${def === null ? 'a number or null' : typeof def}, got ${JSON.stringify(value)}`);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new ParameterError(`${recipeId}.${key}`, `must be finite, got ${value}`);
    out[key] = value;
  }
  return out as P;
}

/** Parses `text` as the type of `defaults[key]`: number, boolean (true/false), null, or string. */
export function parseParam(recipeId: string, defaults: object, key: string, text: string): ParamValue {
  if (!(key in defaults)) throw new ParameterError(`${recipeId}.${key}`, `unknown parameter; known: ${Object.keys(defaults).join(', ')}`);
  const def = (defaults as Record<string, unknown>)[key];
  if (text === 'null' && (def === null || typeof def === 'number')) return null;
  if (typeof def === 'number' || def === null) {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v)) throw new ParameterError(`${recipeId}.${key}`, `expected a number, got '${text}'`);
    return v;
  }
  if (typeof def === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new ParameterError(`${recipeId}.${key}`, `expected true or false, got '${text}'`);
    return text === 'true';
  }
  return text;
}

/** Throws ParameterError unless `value` is an integer >= `min`. */
export function requireInteger(recipeId: string, key: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new ParameterError(`${recipeId}.${key}`, `must be an integer >= ${min}, got ${value}`);
}

/** Throws ParameterError unless `value` > 0. */
export function requirePositive(recipeId: string, key: string, value: number): void {
  if (!(value > 0)) throw new ParameterError(`${recipeId}.${key}`, `must be > 0, got ${value}`);
}

/** Recipe parameters given as a JSON object (the CLI's `--params`); ParameterError otherwise. */
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
