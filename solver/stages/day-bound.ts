// A bound for problems too big to bound whole in the time: each day on its own (solver/milp/day-split.ts),
// as the LP relaxation of its MILP. A rota with no hard breach scores at least the sum over the days,
// and every day's optimum is at least 0, so the days solved so far bound it at any moment: the stage
// stops at its share and keeps what it has. A day with no legal rota at all means no rota keeps
// every hard rule.

import { daySubProblem } from '../milp/day-split.ts';
import { encodeProblem } from '../milp/encode.ts';
import type { SolveContext } from './context.ts';

/** The least time the first day's LP gets. */
const MIN_DAY_SECONDS = 1;

export function dayBoundStage(ctx: SolveContext, share: number): string {
  const { problem, bound, budget } = ctx;
  const endMs = budget.elapsedMs() + budget.shareMs(share);
  const secondsLeft = (): number => (endMs - budget.elapsedMs()) / 1000;
  let sum = 0;
  let solved = 0;
  let worked = 0;
  // One day with slots at least, whatever the share: a day is small, and a bound is what this stage is for.
  for (let d = 0; d < problem.days.length && (worked === 0 || secondsLeft() > 0.01); d++) {
    const day = daySubProblem(problem, d);
    if (day.slots.length > 0) {
      worked++;
      const enc = encodeProblem(day);
      const lp = ctx.exact!.solve(enc.relaxedLp(), { timeLimitSeconds: Math.max(secondsLeft(), MIN_DAY_SECONDS), relaxation: true });
      if (lp.status === 'infeasible') {
        bound.excludeLevel(0, `day ${d + 1} on its own`);
        return `day ${d + 1} has no rota that keeps every hard rule`;
      }
      if (lp.status !== 'optimal' || lp.bound === undefined) break;
      sum += lp.bound + enc.offset;
    }
    solved++;
  }
  if (solved === 0) return 'no day solved in its share';
  bound.raiseSoft(0, sum, solved === problem.days.length ? 'days one by one' : `days one by one (${solved} of ${problem.days.length})`);
  return `${solved} of ${problem.days.length} days, bound ${Math.ceil(sum - 1e-6)}`;
}
