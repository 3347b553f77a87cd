// A start rota for the neighbourhood tests: legal, but planned with every cover weight 0, so it is
// poor on the real problem and a neighbourhood has something to find.

import { runColumnGeneration } from '../../solver/colgen/master.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { LpSessionFactory } from '../../solver/milp/backend.ts';
import type { Assignment, Problem } from '../../solver/model.ts';

/** A legal rota planned without regard to cover (every cover weight 0): poor on the real problem. */
export function coverBlindRota(problem: Problem, factory: LpSessionFactory): Assignment[] | undefined {
  const blind: Problem = {
    ...problem,
    slots: problem.slots.map((s) => ({ ...s, roles: s.roles.map((r) => ({ ...r, underWeight: 0, overWeight: 0 })) })),
  };
  const cg = runColumnGeneration(blind, factory, {});
  if (!cg.ok) return undefined;
  try {
    let best: Assignment[] | undefined;
    cg.state.branchAndPrice({ onIncumbent: (a) => (best = a) });
    return best && evaluateAll(problem, best).score.hard === 0 ? best : undefined;
  } finally {
    cg.state.dispose();
  }
}
