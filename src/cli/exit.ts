/** The one exit-code rule of every genrekit command, and the line each `--help` prints for it. */

/** 0 when at least one input succeeded (or there was nothing to fail), 1 when every input failed. */
export function exitCodeOf(outcomes: ReadonlyArray<{ failed: boolean }>): number {
  return outcomes.length > 0 && outcomes.every((o) => o.failed) ? 1 : 0;
}

/** The rule in words, for `--help`. */
export const EXIT_RULE = 'Exit code: 0 when at least one input succeeded, 1 when every input failed, 2 for a usage error.';
