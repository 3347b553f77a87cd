// The order partial pricing takes the workers in (generate.ts): state kept per worker across rounds.

/**
 * The order partial pricing takes the workers in: those never priced first, then those whose last
 * pricing gave the most negative reduced cost (the duals are furthest from them), then those priced
 * longest ago (a worker with nothing to add last time may have something under new duals).
 */
export class PricingOrder {
  /** Per worker: the most negative reduced cost of the columns their last pricing added (0: none). */
  private readonly lastReduced: Float64Array;
  /** Per worker: when they were last priced (a count of pricings; -1 never). */
  private readonly lastPriced: Float64Array;
  private clock = 0;

  constructor(readonly W: number) {
    this.lastReduced = new Float64Array(W);
    this.lastPriced = new Float64Array(W).fill(-1);
  }

  priced(w: number, mostNegative: number): void {
    this.lastReduced[w] = mostNegative;
    this.lastPriced[w] = this.clock++;
  }

  order(): number[] {
    const { lastReduced, lastPriced } = this;
    const key = (w: number): number => (lastPriced[w] < 0 ? -Infinity : lastReduced[w]);
    return Array.from({ length: this.W }, (_, w) => w).sort((a, b) => key(a) - key(b) || lastPriced[a] - lastPriced[b] || a - b);
  }
}
