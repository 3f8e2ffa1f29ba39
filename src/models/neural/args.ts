/**
 * Resolving a neural model's arguments: the user's values over the model's defaults. Unknown
 * names are a ParameterError; strings from a command line are converted to the default's type
 * (`"64"` -> 64, `"true"` -> true, `"[64,64]"` or `"64,64"` -> [64, 64], JSON for objects).
 */
import { ParameterError } from '../../errors.js';

function coerce(name: string, value: unknown, def: unknown): unknown {
  if (typeof value !== 'string' || typeof def === 'string') return value;
  const s = value.trim();
  if (typeof def === 'number') return Number(s);
  if (typeof def === 'boolean') {
    if (s === 'true' || s === 'false') return s === 'true';
    throw new ParameterError(name, `expected true or false, got '${value}'`);
  }
  if (Array.isArray(def)) return s.startsWith('[') ? JSON.parse(s) : s.split(',').map((v) => Number(v));
  try {
    return JSON.parse(s);
  } catch {
    throw new ParameterError(name, `expected JSON, got '${value}'`);
  }
}

function sameType(value: unknown, def: unknown): boolean {
  if (Array.isArray(def)) return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (typeof def === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (def === null) return true;
  return typeof value === typeof def;
}

/** `defaults` overridden by `given`; throws ParameterError naming the model and argument at fault. */
export function resolveArgs<A extends object>(model: string, defaults: Readonly<A>, given: Record<string, unknown>): A {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [name, raw] of Object.entries(given)) {
    if (raw === undefined) continue;
    if (!(name in out)) throw new ParameterError(name, `unknown argument of model '${model}'; known: ${Object.keys(out).join(', ')}`);
    const def = out[name];
    const value = coerce(name, raw, def);
    if (!sameType(value, def)) throw new ParameterError(name, `model '${model}' expects ${Array.isArray(def) ? 'a list of numbers' : typeof def}, got ${JSON.stringify(raw)}`);
    out[name] = value;
  }
  return out as A;
}

/** Throws ParameterError unless `value` is an integer >= `min`. */
export function requireInt(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new ParameterError(name, `must be an integer >= ${min}, got ${value}`);
}

/** Throws ParameterError unless 0 <= value < 1. */
export function requireRate(name: string, value: number): void {
  if (!(value >= 0 && value < 1)) throw new ParameterError(name, `must be in [0, 1), got ${value}`);
}
