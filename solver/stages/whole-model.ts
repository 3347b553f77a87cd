// The whole model as one MILP (solver/milp): a relaxation of the catalogue, so its dual bound bounds
// every rota, and its solutions, rescored by the catalogue, are rotas. Scores are lexicographic, so
// when the best rota breaks hard rules the least hard score is bounded first (mode minimise), then
// the soft score at that hard level (mode level); with no hard breach, the soft score among rotas
// that break nothing (mode rows). Past a size limit only the LP relaxation runs (its bound), and past
// a larger one the stage steps aside.

import { doublesPricedAtLevel, encodeProblem, forcedHard, leastBreach, oneAtATimeAtLevel, placeCount, type EncodedMilp, type HardMode } from '../milp/encode.ts';
import type { MilpResult } from '../milp/backend.ts';
import { reaches } from './bound.ts';
import { WHOLE_LP_OPTIONS } from './legal-bound.ts';
import type { SolveContext } from './context.ts';

/** Whole-number objectives: HiGHS may stop once the incumbent is within less than one of its bound. */
const WHOLE_GAP = 1 - 1e-6;

export function wholeModelStage(ctx: SolveContext, share: number, outright: boolean): string {
  const { problem, stages, bound, incumbent } = ctx;
  const places = placeCount(problem);
  if (places > stages.wholeModelMaxPlaces) {
    bound.notes.push(`the whole model (${places} places) is too big to solve as one MILP`);
    return `stepped aside: ${places} places`;
  }
  const endMs = ctx.budget.elapsedMs() + ctx.budget.shareMs(share);
  const secondsLeft = (): number => Math.max(0, (endMs - ctx.budget.elapsedMs()) / 1000);
  const outcomes: string[] = [];
  let minimiseRowFloor = 0;
  const forced = forcedHard(problem);
  // Past a double place's cost, a row forbidding one would cap the hard bound at that cost: the
  // double place is priced instead (solver/milp/README.md, "Priced doubles").
  const priceDoubles = incumbent.score.hard > 0 && incumbent.score.hard - forced >= leastBreach(problem, 'cover.doublePlace');
  if (incumbent.score.hard > 0) {
    // The least hard score first (half the stage's time at most).
    const enc = encodeProblem(problem, { hard: { kind: 'minimise', priceDoubles } });
    minimiseRowFloor = enc.rowFloor;
    const r = solveWhole(ctx, enc, secondsLeft() / 2, outright);
    const least = r.status === 'infeasible' ? enc.rowFloor : Math.min(enc.rowFloor, r.bound === undefined ? 0 : r.bound + enc.offset);
    bound.raiseHard(least, 'whole model (hard score)');
    if (r.status === 'optimal' || r.status === 'feasible') incumbent.consider(enc.decode(r.values), 'whole model (hard score)');
    outcomes.push(`hard: ${r.status}, at least ${bound.hard}`);
  }
  const h = incumbent.score.hard;
  // Mode level assumes no rota at that level holds two places at once, or prices two roles of one
  // slot. With doubles priced the level is past a double place's cost, and the priced minimise's floor
  // leaves double places out, so only the priced level can hold there.
  const oneAtATime = !priceDoubles && oneAtATimeAtLevel(problem, h, forced, minimiseRowFloor);
  const pricedLevel = priceDoubles && doublesPricedAtLevel(problem, h, forced, minimiseRowFloor);
  if (h === bound.hard && (oneAtATime || pricedLevel) && !ctx.proven()) {
    const mode: HardMode = h === 0 ? { kind: 'rows' } : { kind: 'level', level: h, oneAtATime, priceDoubles: pricedLevel };
    const enc = encodeProblem(problem, { hard: mode });
    for (const [id, why] of enc.dropped) bound.notes.push(`${id} left out of the bound (${why})`);
    // The incumbent is optimal once the bound reaches its soft score: nothing is left to prove.
    // The same LP, worked out before the loop or alongside it (SolveOptions.boundFeed), is not solved again.
    const fed = h === 0 && !outright ? ctx.takeFedBound(secondsLeft() * 1000)?.soft : undefined;
    const r = solveWhole(ctx, enc, secondsLeft(), outright, (b) => reaches(b + enc.offset, incumbent.score.soft), fed === undefined ? undefined : fed - enc.offset);
    if (r.status === 'infeasible') bound.excludeLevel(h, 'whole model');
    else if (r.bound !== undefined) bound.raiseSoft(h, r.bound + enc.offset, 'whole model');
    if (r.status === 'optimal' || r.status === 'feasible') incumbent.consider(enc.decode(r.values), 'whole model');
    const how = r.status === 'unknown' && ctx.proven() ? 'proven by the LP relaxation' : r.status;
    outcomes.push(`${enc.binaryCount} binaries: ${how}, bound ${r.bound === undefined ? 'none' : Math.ceil(r.bound + enc.offset - 1e-6)}`);
  }
  return outcomes.join('; ');
}

/**
 * Small models go straight to branch and bound. Larger ones get the LP relaxation first, so a bound
 * comes soon whatever branch and bound then manages in the time; past wholeModelMaxBinaries that
 * bound is all.
 */
function solveWhole(ctx: SolveContext, enc: EncodedMilp, seconds: number, outright: boolean, proves?: (bound: number) => boolean, knownLpBound?: number): MilpResult {
  const milp = ctx.exact!;
  const none: MilpResult = { status: 'unknown', objective: Number.NaN, values: {} };
  if (seconds <= 0.01) return none;
  const mip = (limit: number): MilpResult =>
    milp.solve(enc.lp, { timeLimitSeconds: limit, start: enc.start(ctx.incumbent.assignments), mipAbsGap: WHOLE_GAP });
  if (outright || enc.binaryCount <= ctx.stages.exactBinaryLimit) return mip(seconds);
  const t0 = ctx.budget.elapsedMs();
  // Past wholeModelMaxBinaries the LP is all this stage solves (no branch and bound starts from its
  // basis): the interior point method, about 1.6x faster than simplex on the generated ward's LP.
  const lpOnly = enc.binaryCount > ctx.stages.wholeModelMaxBinaries;
  const lp =
    knownLpBound !== undefined
      ? { status: 'optimal' as const, bound: knownLpBound }
      : milp.solve(enc.relaxedLp(), lpOnly ? { timeLimitSeconds: seconds, relaxation: true, interiorPoint: true } : { ...WHOLE_LP_OPTIONS, timeLimitSeconds: seconds });
  if (lp.status === 'infeasible') return { ...none, status: 'infeasible' };
  const lpBound = lp.status === 'optimal' ? lp.bound : undefined;
  const left = seconds - (ctx.budget.elapsedMs() - t0) / 1000;
  // The LP relaxation alone may prove the incumbent optimal (a cover-bound week often is): branch and
  // bound would only solve the same LP again to say so.
  const provedByLp = lpBound !== undefined && proves !== undefined && proves(lpBound);
  if (lpOnly || left <= 0.05 || provedByLp) return { ...none, bound: lpBound };
  const r = mip(left);
  const bound = r.bound === undefined ? lpBound : lpBound === undefined ? r.bound : Math.max(r.bound, lpBound);
  return { ...r, bound };
}
