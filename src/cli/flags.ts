/** Reading option values of the CLI, each error naming the flag. */
import { ParameterError } from '../errors.js';

/** The number given to `flag`, or undefined when it was not given; ParameterError naming the flag otherwise. */
export function numberOption(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new ParameterError(flag, `expects a number, got '${raw}'`);
  return v;
}
