// Seeded pseudo-random numbers, so a solve is reproducible from its seed (Math.random is banned in solver/).

/** mulberry32: 32-bit state, fast, good enough for move selection. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform unsigned 32-bit integer. */
  nextU32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n), n >= 1. */
  int(n: number): number {
    return Math.floor((this.nextU32() * n) / 4294967296);
  }

  /** Uniform number in [0, 1). */
  float(): number {
    return this.nextU32() / 4294967296;
  }
}
