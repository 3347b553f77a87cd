// The one thing the exact path needs from a MILP solver. Synchronous on purpose: HiGHS (WebAssembly)
// blocks once loaded, and keeping the interface synchronous lets solver/ stay free of I/O and promises.

export type MilpStatus =
  /** Optimality proved (within mipRelGap when one was given). */
  | 'optimal'
  /** Stopped by a limit with a feasible solution in hand. */
  | 'feasible'
  | 'infeasible'
  /** Stopped (time limit, error) without any feasible solution. */
  | 'unknown';

export interface MilpSolveOptions {
  readonly timeLimitSeconds?: number;
  readonly mipRelGap?: number;
  /** Stop once the incumbent is within this of the dual bound (whole-number objectives: just under 1). */
  readonly mipAbsGap?: number;
  /** Ignore integrality (the LP relaxation): `objective` is then a lower bound. HiGHS expects the
   *  relaxed text itself (EncodedMilp.relaxedLp); the javascript-lp-solver fallback also drops it here. */
  readonly relaxation?: boolean;
  /** Run the solver's presolve (default true). Small neighbourhood models solve faster without it. */
  readonly presolve?: boolean;
  /** For a relaxation: the interior point method (with crossover, so the optimum is exact) instead of
   *  simplex. Faster on large LPs whose basis nothing reuses; a backend without one ignores it. */
  readonly interiorPoint?: boolean;
  /** A starting solution by variable name (may be partial); the solver checks it, never trusts it. */
  readonly start?: Readonly<Record<string, number>>;
}

export interface MilpResult {
  readonly status: MilpStatus;
  /** Objective of the best solution found (NaN when there is none). Excludes the encoder's offset. */
  readonly objective: number;
  /** Proven lower bound on the objective (MIP dual bound or LP optimum), when the backend knows one. */
  readonly bound?: number;
  /** Value of every variable by name (empty when there is no solution). */
  readonly values: Readonly<Record<string, number>>;
}

export interface MilpBackend {
  readonly name: string;
  solve(lp: string, opts: MilpSolveOptions): MilpResult;
}

/**
 * A linear programme kept alive between solves, for column generation: rows are declared once,
 * columns are added as they are found, and each re-solve starts from the last basis.
 */
export interface LpSession {
  /** Adds rows with no entries yet; returns the index of the first. Bounds may be +-Infinity. */
  addRows(lower: readonly number[], upper: readonly number[]): number;
  /** Adds a column with its entries in existing rows; returns its index. */
  addColumn(cost: number, lower: number, upper: number, rows: readonly number[], values: readonly number[]): number;
  /** Changes a column's bounds (branching fixes columns to 0 and frees them again). */
  setColumnBounds(column: number, lower: number, upper: number): void;
  /** Solves the LP (minimising). Row duals follow reduced cost = cost - sum(entry x dual). */
  solveLp(timeLimitSeconds?: number): { status: MilpStatus; objective: number; rowDuals: Float64Array; columnValues: Float64Array };
  /**
   * Solves the same model with the given columns integer (binary when bounded by 1), from an optional
   * start, then makes them continuous again.
   */
  solveMip(
    integerColumns: readonly number[],
    options: { timeLimitSeconds?: number; start?: Float64Array },
  ): { status: MilpStatus; objective: number; bound?: number; columnValues: Float64Array };
  dispose(): void;
}

export interface LpSessionFactory {
  createLpSession(): LpSession;
}
