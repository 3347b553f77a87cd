// HiGHS (WebAssembly) behind the solver's MilpBackend interface. The wasm module is loaded once per
// process (async); every solve after that is synchronous and blocks the event loop.

import highsModule from 'highs';
import type { Highs } from 'highs';
import type { MilpBackend, MilpResult, MilpSolveOptions, MilpStatus } from '../../solver/milp/backend.ts';

type HighsRuntime = Highs;
// The package is CommonJS-typed but loaded through its ESM build, whose default export is the loader.
const loadHighs = highsModule as unknown as () => Promise<Highs>;

let runtime: Promise<HighsRuntime> | undefined;

/** The shared HiGHS runtime (loaded on first call). */
export function loadHighsRuntime(): Promise<HighsRuntime> {
  runtime ??= loadHighs();
  return runtime;
}

export async function createHighsBackend(): Promise<MilpBackend> {
  const highs = await loadHighsRuntime();
  return {
    name: 'highs',
    solve: (lp, opts) => solveWith(highs, lp, opts),
  };
}

const STATUS = { optimal: 7, infeasible: 8, unboundedOrInfeasible: 9, timeLimit: 13 } as const;

function solveWith(highs: HighsRuntime, lp: string, opts: MilpSolveOptions): MilpResult {
  return highs.withModel({ format: 'lp', data: lp }, (model) => {
    const settings: Record<string, number | boolean | string> = { output_flag: false, random_seed: 0, threads: 1 };
    if (opts.timeLimitSeconds !== undefined) settings.time_limit = Math.max(0.01, opts.timeLimitSeconds);
    if (opts.mipRelGap !== undefined) settings.mip_rel_gap = opts.mipRelGap;
    // Relaxation: callers pass a model without integrality (EncodedMilp.relaxedLp); HiGHS then solves an LP.
    if (opts.presolve === false) settings.presolve = 'off';
    for (const [name, value] of Object.entries(settings)) {
      try {
        model.options.set(name as never, value as never);
      } catch {
        // An option this build does not know (e.g. threads) is not worth failing the solve for.
      }
    }
    const numCol = model.getDimensions().numCols;
    const names: string[] = new Array(numCol);
    for (let i = 0; i < numCol; i++) names[i] = model.getColName(i);

    if (opts.start && !opts.relaxation) {
      const index = new Map(names.map((n, i) => [n, i]));
      const indices: number[] = [];
      const values: number[] = [];
      for (const [name, value] of Object.entries(opts.start)) {
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

    const run = model.run();
    const status = run.modelStatus as number;
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
    if (isMip) {
      try {
        const b = Number(model.info.get('mip_dual_bound' as never));
        if (Number.isFinite(b)) bound = b;
      } catch {
        bound = undefined;
      }
    } else if (status === STATUS.optimal) {
      bound = objective;
    }
    const milpStatus: MilpStatus =
        status === STATUS.optimal
          ? 'optimal'
          : status === STATUS.infeasible
            ? 'infeasible'
            : hasSolution
              ? 'feasible'
              : 'unknown';
    return {
      status: milpStatus,
      objective,
      bound,
      values,
    };
  });
}
