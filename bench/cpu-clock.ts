// Benchmarks on a shared machine budget by this process's CPU time ("one core"), not elapsed time.
// HiGHS only knows elapsed-time limits, so each of its limits is stretched by the process's observed
// elapsed/CPU ratio, and a MILP call gets about the CPU time the engine meant to give it.

import type { ExactSolver } from '../solver/model.ts';
import type { MilpSolveOptions } from '../solver/milp/backend.ts';

export function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

export function limitsOnCpu(backend: ExactSolver): ExactSolver {
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  const ratio = (): number => {
    const wall = performance.now() - wall0;
    const cpu = cpuMs() - cpu0;
    return cpu > 1000 ? Math.min(30, Math.max(1, wall / cpu)) : 1;
  };
  const stretch = (seconds: number | undefined): number | undefined => (seconds === undefined ? undefined : seconds * ratio());
  return {
    name: backend.name,
    solve(lp: string, opts: MilpSolveOptions) {
      return backend.solve(lp, { ...opts, timeLimitSeconds: stretch(opts.timeLimitSeconds) });
    },
    // The column-generation master's LP and MIP solves too, or a busy machine cuts them short.
    createLpSession() {
      const session = backend.createLpSession();
      return {
        addRows: (lower: readonly number[], upper: readonly number[]) => session.addRows(lower, upper),
        addColumn: (cost: number, lower: number, upper: number, rows: readonly number[], values: readonly number[]) =>
          session.addColumn(cost, lower, upper, rows, values),
        setColumnBounds: (column: number, lower: number, upper: number) => session.setColumnBounds(column, lower, upper),
        solveLp: (seconds?: number) => session.solveLp(stretch(seconds)),
        solveMip: (columns: readonly number[], o: { timeLimitSeconds?: number; start?: Float64Array }) =>
          session.solveMip(columns, { ...o, timeLimitSeconds: stretch(o.timeLimitSeconds) }),
        dispose: () => session.dispose(),
      };
    },
  };
}
