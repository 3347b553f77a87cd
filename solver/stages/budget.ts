// The time a solve may take, on the clock the caller injects (the solver never reads one itself).
// Stages ask for a share of the whole budget and never get more than what is left.

export class Budget {
  private readonly startMs: number;

  constructor(
    private readonly clock: (() => number) | undefined,
    /** The whole budget; undefined means no time limit. */
    readonly limitMs: number | undefined,
  ) {
    this.startMs = clock ? clock() : 0;
  }

  /** A time limit and a clock to keep it with: what the exact stages need to run. */
  get timed(): boolean {
    return this.clock !== undefined && this.limitMs !== undefined;
  }

  now(): number {
    return this.clock ? this.clock() : 0;
  }

  elapsedMs(): number {
    return this.clock ? this.clock() - this.startMs : 0;
  }

  remainingMs(): number {
    return this.limitMs === undefined ? Infinity : Math.max(0, this.limitMs - this.elapsedMs());
  }

  /** `fraction` of the whole budget, at most what is left (Infinity without a limit). */
  shareMs(fraction: number): number {
    return this.limitMs === undefined ? Infinity : Math.min(this.remainingMs(), this.limitMs * fraction);
  }

  late(): boolean {
    return this.remainingMs() <= 0;
  }
}
