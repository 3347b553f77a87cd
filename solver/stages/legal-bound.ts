// The whole model's LP relaxation on its own, for rotas that break no hard rule: the bound the whole
// model stage would read first, worked out with no rota in hand. The API's solve worker runs it on a
// second thread while the allocation loop runs (SolveOptions.boundFeed), so the loop can stop the
// moment its rota meets it instead of running on to its stall. The encoding is the whole model
// stage's own (mode rows), so it bounds exactly what that stage's LP bounds.

import type { MilpBackend } from '../milp/backend.ts';
import { encodeProblem, forcedHard, placeCount, structuralFloor } from '../milp/encode.ts';
import { isEligible } from '../milp/eligibility.ts';
import type { LegalBound, Problem } from '../model.ts';
import { defaultStageSettings, type StageSettings } from './settings.ts';

/**
 * Whether the whole model stage would read this LP first and then go on to branch and bound: past
 * the size solved outright at once (places bound the binaries from above), within the size it
 * writes down at all, and not past the binaries where that LP is all it reads.
 */
export function legalBoundApplies(problem: Problem, stages: Partial<StageSettings> = {}): boolean {
  const limits = { ...defaultStageSettings, ...stages };
  const places = placeCount(problem);
  if (places <= limits.exactBinaryLimit || places > limits.wholeModelMaxPlaces) return false;
  // Past wholeModelMaxBinaries the whole model stage reads only this LP, after the loop has had its
  // share: worked out first it would only take the loop's time. Each place a worker may hold is a
  // binary, so counting them (without writing the model) is enough to know.
  let eligible = 0;
  for (const slot of problem.slots) {
    for (let r = 0; r < slot.roles.length; r++) {
      for (const worker of problem.workers) if (isEligible(worker, slot, r)) eligible++;
      if (eligible > limits.wholeModelMaxBinaries) return false;
    }
  }
  return true;
}

/**
 * How the whole model's LP relaxation is solved when branch and bound may follow it (this bound, and
 * the whole model stage's own LP below wholeModelMaxBinaries): simplex without presolve. On these
 * models (one binary per place a worker may hold, rows per rule) HiGHS's presolve costs more than it
 * saves: the same optimum costs a fifth to two fifths more CPU with it (six weeks of the 300-staff
 * organisation, bench/results/engine.md "i22-api3"). The basis is not reused (branch and bound
 * starts on its own model), so presolve buys nothing later either.
 */
export const WHOLE_LP_OPTIONS = { relaxation: true, presolve: false } as const;

/**
 * No rota that breaks no hard rule scores below the returned `soft` (none when the model is past the
 * whole model's size limits, no rota can break nothing, or the LP did not finish in `seconds`).
 */
export function legalSoftBound(problem: Problem, exact: MilpBackend, seconds: number, stages: Partial<StageSettings> = {}): LegalBound {
  const limits = { ...defaultStageSettings, ...stages };
  const places = placeCount(problem);
  if (places > limits.wholeModelMaxPlaces) return { notes: [`the whole model (${places} places) is too big to solve as one MILP`] };
  // Every rota pays a forced hard penalty: none breaks nothing, so there is nothing to bound here.
  if (!(0 - forcedHard(problem) < structuralFloor(problem))) return { notes: ['no rota breaks no hard rule'] };
  const enc = encodeProblem(problem, { hard: { kind: 'rows' } });
  const notes = [...enc.dropped].map(([id, why]) => `${id} left out of the bound (${why})`);
  // Past this size the stage itself reads only this LP; below it, the same LP comes first.
  if (enc.binaryCount > limits.wholeModelMaxBinaries) return { notes: [...notes, `the whole model (${enc.binaryCount} binaries) is left to the solve`] };
  const lp = exact.solve(enc.relaxedLp(), { ...WHOLE_LP_OPTIONS, timeLimitSeconds: seconds });
  if (lp.status !== 'optimal' || lp.bound === undefined) return { notes: [...notes, `its LP relaxation: ${lp.status}`] };
  return { soft: lp.bound + enc.offset, notes };
}
