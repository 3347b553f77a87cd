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
  /** Ignore integrality (the LP relaxation): `objective` is then a lower bound. HiGHS expects the
   *  relaxed text itself (EncodedMilp.relaxedLp); the javascript-lp-solver fallback also drops it here. */
  readonly relaxation?: boolean;
  /** Run the solver's presolve (default true). Small neighbourhood models solve faster without it. */
  readonly presolve?: boolean;
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
