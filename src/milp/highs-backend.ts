// HiGHS (WebAssembly) behind the solver's MilpBackend interface. The wasm module is loaded once per
// process (async); every solve after that is synchronous and blocks the event loop.

import highsModule from 'highs';
import type { Highs } from 'highs';
import type { LpSession, LpSessionFactory, MilpBackend, MilpResult, MilpSolveOptions, MilpStatus } from '../../solver/milp/backend.ts';

type HighsRuntime = Highs;
// The package is CommonJS-typed but loaded through its ESM build, whose default export is the loader.
const loadHighs = highsModule as unknown as () => Promise<Highs>;

let runtime: Promise<HighsRuntime> | undefined;

/** The shared HiGHS runtime (loaded on first call). */
export function loadHighsRuntime(): Promise<HighsRuntime> {
  runtime ??= loadHighs();
  return runtime;
}

export async function createHighsBackend(): Promise<MilpBackend & LpSessionFactory> {
  const highs = await loadHighsRuntime();
  return {
    name: 'highs',
    solve: (lp, opts) => solveWith(highs, lp, opts),
    createLpSession: () => createSession(highs),
  };
}

function statusOf(status: number, hasSolution: boolean): MilpStatus {
  if (status === STATUS.optimal) return 'optimal';
  if (status === STATUS.infeasible) return 'infeasible';
  return hasSolution ? 'feasible' : 'unknown';
}

type HighsModel = ReturnType<HighsRuntime['createModel']>;

/** A persistent HiGHS model: the column-generation master. */
function createSession(highs: HighsRuntime): LpSession {
  const model = highs.createModel();
  // Columns are added between solves, so the last basis stays primal feasible: primal simplex
  // re-optimises from it (dual simplex would first have to repair dual feasibility), and presolve
  // would throw the basis away.
  model.options.set({ output_flag: false, random_seed: 0, presolve: 'off', simplex_strategy: 4 } as never);
  let rows = 0;
  let cols = 0;
  return {
    addRows(lower, upper) {
      const first = rows;
      for (let i = 0; i < lower.length; i++) model.addRow(lower[i], upper[i], { indices: [], values: [] });
      rows += lower.length;
      return first;
    },
    addColumn(cost, lower, upper, rowIndices, values) {
      model.addCol(cost, lower, upper, { indices: Int32Array.from(rowIndices), values: Float64Array.from(values) });
      return cols++;
    },
    setColumnBounds(column, lower, upper) {
      model.changeColBounds(column, lower, upper);
    },
    solveLp: (timeLimitSeconds) => solveSessionLp(model, rows, cols, timeLimitSeconds),
    solveMip: (integerColumns, options) => solveSessionMip(model, cols, integerColumns, options),
    dispose() {
      model.dispose();
    },
  };
}

/** The master's LP from its last basis (primal simplex), with its row duals. */
function solveSessionLp(model: HighsModel, rows: number, cols: number, timeLimitSeconds: number | undefined): ReturnType<LpSession['solveLp']> {
  setTimeLimit(model, timeLimitSeconds);
  model.run();
  const status = model.getModelStatus() as number;
  const ok = status === STATUS.optimal || primalFeasible(model);
  const sol = model.getSolution();
  return {
    status: statusOf(status, ok),
    objective: ok ? model.getObjectiveValue() : Number.NaN,
    rowDuals: Float64Array.from(sol.rowDual ?? new Float64Array(rows)),
    columnValues: Float64Array.from(sol.colValue ?? new Float64Array(cols)),
  };
}

/**
 * The master with the given columns integer, from a start when given; the model is back to an LP
 * (and primal simplex) afterwards, whatever happens.
 */
function solveSessionMip(model: HighsModel, cols: number, integerColumns: Parameters<LpSession['solveMip']>[0], options: Parameters<LpSession['solveMip']>[1]): ReturnType<LpSession['solveMip']> {
  if (integerColumns.length > 0) {
    model.changeColsIntegrality({ kind: 'set', indices: Int32Array.from(integerColumns) }, new Int32Array(integerColumns.length).fill(1));
  }
  setTimeLimit(model, options.timeLimitSeconds);
  model.options.set({ simplex_strategy: 1 } as never);
  try {
    if (options.start) {
      try {
        model.setSolution({ colValue: options.start } as never);
      } catch {
        // A rejected start only costs time.
      }
    }
    model.run();
    const status = model.getModelStatus() as number;
    const ok = status === STATUS.optimal || primalFeasible(model);
    return {
      status: statusOf(status, ok),
      objective: ok ? model.getObjectiveValue() : Number.NaN,
      bound: mipDualBound(model),
      columnValues: ok ? Float64Array.from(model.getSolution().colValue) : new Float64Array(cols),
    };
  } finally {
    model.clearIntegrality();
    model.options.set({ simplex_strategy: 4 } as never);
  }
}

function setTimeLimit(model: HighsModel, seconds: number | undefined): void {
  // HiGHS measures time_limit from the model's creation unless its clocks are reset.
  model.zeroAllClocks();
  // The package takes finite numbers only; a year stands for "no limit".
  model.options.set({ time_limit: seconds === undefined || !Number.isFinite(seconds) ? 31_536_000 : Math.max(0.01, seconds) } as never);
}

function primalFeasible(model: HighsModel): boolean {
  try {
    return Number(model.info.get('primal_solution_status' as never)) === 2;
  } catch {
    return false;
  }
}

function mipDualBound(model: HighsModel): number | undefined {
  try {
    const b = Number(model.info.get('mip_dual_bound' as never));
    return Number.isFinite(b) ? b : undefined;
  } catch {
    return undefined;
  }
}

const STATUS = { optimal: 7, infeasible: 8, unboundedOrInfeasible: 9, timeLimit: 13 } as const;

/** LP text as the bytes HiGHS reads: a string is copied in through a plain array of its bytes, one
 *  element each (about 80 ms of CPU and its garbage for a 1.5 MB model, against 1-5 ms to encode). */
const utf8 = new TextEncoder();

function solveWith(highs: HighsRuntime, lp: string, opts: MilpSolveOptions): MilpResult {
  return highs.withModel({ format: 'lp', data: utf8.encode(lp) }, (model) => {
    applySettings(model, opts);
    const numCol = model.getDimensions().numCols;
    const names: string[] = new Array(numCol);
    for (let i = 0; i < numCol; i++) names[i] = model.getColName(i);
    if (opts.start && !opts.relaxation) applyStart(model, names, opts.start);
    const run = model.run();
    return readResult(model, names, run.modelStatus as number, opts);
  });
}

function applySettings(model: HighsModel, opts: MilpSolveOptions): void {
  const settings: Record<string, number | boolean | string> = { output_flag: false, random_seed: 0, threads: 1 };
  if (opts.timeLimitSeconds !== undefined) settings.time_limit = Math.max(0.01, opts.timeLimitSeconds);
  if (opts.mipRelGap !== undefined) settings.mip_rel_gap = opts.mipRelGap;
  if (opts.mipAbsGap !== undefined) settings.mip_abs_gap = opts.mipAbsGap;
  // Relaxation: callers pass a model without integrality (EncodedMilp.relaxedLp); HiGHS then solves an LP.
  if (opts.presolve === false) settings.presolve = 'off';
  if (opts.relaxation && opts.interiorPoint) settings.solver = 'ipm';
  for (const [name, value] of Object.entries(settings)) {
    try {
      model.options.set(name as never, value as never);
    } catch {
      // An option this build does not know (e.g. threads) is not worth failing the solve for.
    }
  }
}

/** A starting solution by column name (names the model does not have are left out). */
function applyStart(model: HighsModel, names: readonly string[], start: NonNullable<MilpSolveOptions['start']>): void {
  const index = new Map(names.map((n, i) => [n, i]));
  const indices: number[] = [];
  const values: number[] = [];
  for (const [name, value] of Object.entries(start)) {
    const i = index.get(name);
    if (i !== undefined) {
      indices.push(i);
      values.push(value);
    }
  }
  try {
    model.setSolution({ indices: Int32Array.from(indices), values: Float64Array.from(values) });
  } catch {
    // A rejected start only costs time.
  }
}

/** The solved model's values by column name, objective and bound (a MIP's dual bound, an LP's optimum). */
function readResult(model: HighsModel, names: readonly string[], status: number, opts: MilpSolveOptions): MilpResult {
  const numCol = names.length;
  const isMip = !opts.relaxation && names.some((_, i) => model.getColIntegrality(i) !== 0);
  let primalStatus = 0;
  try {
    primalStatus = Number(model.info.get('primal_solution_status' as never));
  } catch {
    primalStatus = status === STATUS.optimal ? 2 : 0;
  }
  const hasSolution = status === STATUS.optimal || primalStatus === 2;
  const values: Record<string, number> = {};
  let objective = Number.NaN;
  if (hasSolution) {
    const sol = model.getSolution().colValue;
    for (let i = 0; i < numCol; i++) values[names[i]] = sol[i];
    objective = model.getObjectiveValue();
  }
  let bound: number | undefined;
  if (isMip) bound = mipDualBound(model);
  else if (status === STATUS.optimal) bound = objective;
  return { status: statusOf(status, hasSolution), objective, bound, values };
}
