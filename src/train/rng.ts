/**
 * A small seeded random generator (mulberry32) whose whole state is one 32-bit integer, so a
 * checkpoint can store it and a resumed run draws exactly the numbers an unbroken run would.
 */
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
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}
