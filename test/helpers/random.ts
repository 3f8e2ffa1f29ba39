/** A seeded pseudo-random generator of values in [0, 1) (a 32-bit LCG): the same sequence for the same seed on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
