// The rules checked outside a solve: a full evaluation that turns a refused problem into a conflict,
// the hard breaches a manual change would add, and the places a rota leaves short with the reasons.
import type { Assignment, Problem, UnfilledPlace } from '../../solver/model.ts';
import { evaluateAll, explainBlocks } from '../../solver/constraints/index.ts';
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
 * a solve), each with why every other worker holding the role could not take it: the hard rules in
 * words, from the catalogue's explainBlocks, as the solver's own unfilled list gives them.
 */
function shortPlaces(problem: Problem, current: readonly Assignment[]): UnfilledPlace[] {
  const counts = new Map<string, number>();
  const inSlot = new Map<string, Set<string>>();
  for (const a of current) {
    counts.set(`${a.slotId}\u0000${a.roleId}`, (counts.get(`${a.slotId}\u0000${a.roleId}`) ?? 0) + 1);
    const set = inSlot.get(a.slotId) ?? new Set<string>();
    set.add(a.workerId);
    inSlot.set(a.slotId, set);
  }
  const out: UnfilledPlace[] = [];
  problem.slots.forEach((slot, s) => {
    slot.roles.forEach((role, r) => {
      const n = counts.get(`${slot.id}\u0000${role.roleId}`) ?? 0;
      const hardMissing = Math.max(0, role.min - n);
      const softMissing = Math.max(0, role.preferred - Math.max(n, role.min));
      if (hardMissing === 0 && softMissing === 0) return;
      const reasons: UnfilledPlace['reasons'][number][] = [];
      let unexplained = 0;
      problem.workers.forEach((worker, w) => {
        if (!worker.roles.includes(role.roleId) || inSlot.get(slot.id)?.has(worker.id)) return;
        if (reasons.length >= MAX_REASONS_PER_PLACE) {
          unexplained++;
          return;
        }
        const blocks = explainBlocks(problem, current, s, r, w);
        reasons.push({
          workerId: worker.id,
          workerName: worker.name,
          blocks: blocks.length > 0 ? blocks : [`${worker.name}: no hard rule blocks this place`],
        });
      });
      if (unexplained > 0) {
        reasons.push({ workerId: '', workerName: '', blocks: [`${unexplained} more workers holding role ${role.roleId} not explained`] });
      }
      const place = { slotId: slot.id, slotLabel: slot.label, roleId: role.roleId, reasons };
      if (hardMissing > 0) out.push({ ...place, missing: hardMissing, level: 'hard' });
      if (softMissing > 0) out.push({ ...place, missing: softMissing, level: 'soft' });
    });
  });
  return out;
}
