// The integer master: HiGHS's MIP over every column found so far (price and branch), from a given
// rota when each worker's part of it is a column. Recombines the columns of every search.

import type { Assignment } from '../model.ts';
import type { MasterLp } from './master-lp.ts';

export interface IntegerMasterResult {
  readonly assignments: Assignment[];
  readonly status: string;
  readonly bound?: number;
}

export function solveInteger(master: MasterLp, timeLimitSeconds: number, start?: readonly Assignment[]): IntegerMasterResult | undefined {
  const startValues = start ? startOf(master, start) : undefined;
  const r = master.session.solveMip(master.columnIndex.slice(), { timeLimitSeconds, start: startValues });
  if (r.status !== 'optimal' && r.status !== 'feasible') return undefined;
  return { assignments: master.rotaOfValues(r.columnValues), status: r.status, bound: r.bound };
}

/** The start's columns at 1 (added when missing) and the slacks it needs; undefined unless every worker's part is a column. */
function startOf(master: MasterLp, start: readonly Assignment[]): Float64Array | undefined {
  const { K, W, demand, columns, columnIndex, models } = master;
  master.addRota(start);
  const chosen = new Set<string>();
  master.picksOf(start).forEach((p, w) => p && chosen.add(`${w}:${p.join(',')}`));
  if (chosen.size !== W) return undefined;
  const values = new Float64Array(master.slackCount + columns.length);
  const filled = new Float64Array(K);
  columns.forEach((c, j) => {
    if (!chosen.has(`${c.worker}:${c.picks.join(',')}`)) return;
    values[columnIndex[j]] = 1;
    c.picks.forEach((i, d) => i >= 0 && filled[models[c.worker].days[d][i].slotRole]++);
  });
  for (let k = 0; k < K; k++) {
    const d = demand[k];
    const under = Math.max(0, d.preferred - filled[k]);
    const over = Math.max(0, filled[k] - d.preferred);
    const softUnder = Math.min(under, Math.max(0, d.preferred - d.min));
    const softOver = Math.min(over, Math.max(0, d.max - d.preferred));
    values[4 * k] = softUnder;
    values[4 * k + 1] = under - softUnder;
    values[4 * k + 2] = softOver;
    values[4 * k + 3] = over - softOver;
  }
  return values;
}
