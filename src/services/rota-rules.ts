// The rules checked outside a solve: a full evaluation that turns a refused problem into a conflict,
// the hard breaches a manual change would add, and the places a rota leaves short with the reasons.
import type { Assignment, Problem, UnfilledPlace } from '../../solver/model.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { explainUnfilled } from '../../solver/solve.ts';
import { ConflictError } from './errors.ts';

export function explainShortPlaces(problem: Problem, current: readonly Assignment[]): UnfilledPlace[] {
  try {
    return shortPlaces(problem, current);
  } catch (error) {
    throw new ConflictError(`the rota cannot be explained against the rules: ${(error as Error).message}`);
  }
}

/** The catalogue's full evaluation; a problem it refuses (e.g. an unknown weight id) is a conflict, not a crash. */
export function evaluate(problem: Problem, assignments: readonly Assignment[]): ReturnType<typeof evaluateAll> {
  try {
    return evaluateAll(problem, assignments);
  } catch (error) {
    throw new ConflictError(`the rota cannot be checked against the rules: ${(error as Error).message}`);
  }
}

/** Hard breaches a change would add, in words (a multiset difference of violation messages). */
export function newHardBreaches(problem: Problem, before: readonly Assignment[], after: readonly Assignment[]): string[] {
  const hardMessages = (list: readonly Assignment[]) =>
    evaluate(problem, list)
      .analysis.filter((c) => c.level === 'hard')
      .flatMap((c) => c.matches.map((m) => m.message));
  const old = new Map<string, number>();
  for (const m of hardMessages(before)) old.set(m, (old.get(m) ?? 0) + 1);
  const added: string[] = [];
  for (const m of hardMessages(after)) {
    const n = old.get(m) ?? 0;
    if (n > 0) old.set(m, n - 1);
    else added.push(m);
  }
  return added;
}

/** Workers explained per short place (as the solver does), the rest summarised in one line. */
const MAX_REASONS_PER_PLACE = 20;

/**
 * Places short of their demand as the rota now stands (after a manual change, or places taken during
 * a solve), explained as the solver's own unfilled list: each other worker holding the role with what
 * blocks them (their own facts apart from what the rota made), and the cheapest move that fills it.
 */
function shortPlaces(problem: Problem, current: readonly Assignment[]): UnfilledPlace[] {
  return explainUnfilled(problem, current, { maxReasonsPerPlace: MAX_REASONS_PER_PLACE });
}
