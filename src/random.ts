/**
 * The one seeded random generator (mulberry32), shared by splits, classical models and neural
 * training, so that a seed alone fixes every split, shuffle, bootstrap and initial weight on every
 * platform and Node version (Math.random cannot be seeded). Its whole state is one 32-bit
 * integer, so a checkpoint can store it and a resumed run draws exactly the numbers an unbroken
 * run would.
 */

/** A seeded generator; `next()` is uniform in [0, 1). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** The generator state; `new Rng(0).setState(x)` continues the sequence. */
  get state(): number {
    return this.s;
  }
  setState(state: number): this {
    this.s = state >>> 0;
    return this;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** A fresh 32-bit seed (for a child generator). */
  seed(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Shuffle in place (Fisher-Yates); returns the array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    return shuffleInPlace(a, () => this.next());
  }
}

/** Uniform floats in [0, 1) from a 32-bit integer seed: `Rng#next` as a function. */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** An integer in [0, n) from `random`. */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher-Yates shuffle of a copy of `items` driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  return shuffleInPlace(items.slice(), random);
}

/** Shuffles `a` in place (Fisher-Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(a: T, random: () => number): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
