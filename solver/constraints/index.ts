// The constraint catalogue: every rule of the model, its weight resolution, a full evaluation with
// explanations, and the reasons one worker cannot take one place.

import type { Assignment, ConstraintSummary, Problem, Score, SoftRuleCost, Violation } from '../model.ts';
import { availabilityConstraints } from './availability.ts';
import { breaksConstraints } from './breaks.ts';
import { consecutiveDaysConstraints } from './consecutive-days.ts';
import { costConstraints } from './cost.ts';
import { coverConstraints } from './cover.ts';
import { fairnessConstraints } from './fairness.ts';
import { hoursConstraints } from './hours.ts';
import { overlapRestConstraints } from './overlap-rest.ts';
import { preferencesConstraints } from './preferences.ts';
import { skillsConstraints } from './skills.ts';
import { successionsConstraints } from './successions.ts';
import { travelConstraints } from './travel.ts';
import type { Constraint } from './types.ts';
import { weekendsConstraints } from './weekends.ts';

export type { Constraint, PlaceConstraint, Family } from './types.ts';
export { isPlaceConstraint, formatMinutes } from './types.ts';

export const constraints: readonly Constraint[] = [
  ...coverConstraints,
  ...skillsConstraints,
  ...availabilityConstraints,
  ...overlapRestConstraints,
  ...breaksConstraints,
  ...travelConstraints,
  ...hoursConstraints,
  ...consecutiveDaysConstraints,
  ...weekendsConstraints,
  ...successionsConstraints,
  ...fairnessConstraints,
  ...preferencesConstraints,
  ...costConstraints,
];

const byId = new Map(constraints.map((c) => [c.id, c]));

export function getConstraint(id: string): Constraint {
  const c = byId.get(id);
  if (!c) throw new Error(`unknown constraint id "${id}"`);
  return c;
}

/**
 * The weight of a constraint for this problem: problem.weights[id] or the default. A hard
 * constraint keeps a positive weight: it cannot be made soft or switched off.
 */
export function resolveWeight(problem: Problem, c: Constraint): number {
  const override = problem.weights?.[c.id];
  if (override === undefined) return c.defaultWeight;
  if (typeof override !== 'number' || !Number.isFinite(override) || override < 0) {
    throw new Error(`problem.weights["${c.id}"]: must be a finite number >= 0, got ${String(override)}`);
  }
  if (c.level === 'hard' && override === 0) {
    throw new Error(`problem.weights["${c.id}"]: a hard constraint cannot be switched off (weight must be > 0)`);
  }
  return override;
}

/** Unknown ids in problem.weights are almost always typos: fail loudly. */
export function checkWeights(problem: Problem): void {
  for (const id of Object.keys(problem.weights ?? {})) {
    if (!byId.has(id)) throw new Error(`problem.weights["${id}"]: no constraint has this id`);
  }
}

export function evaluateAll(
  problem: Problem,
  assignments: readonly Assignment[],
): { score: Score; analysis: ConstraintSummary[] } {
  checkWeights(problem);
  let hard = 0;
  let soft = 0;
  const analysis: ConstraintSummary[] = constraints.map((c) => {
    const weight = resolveWeight(problem, c);
    const matches = c.evaluate(problem, assignments, weight);
    let total = 0;
    for (const v of matches) total += v.penalty;
    if (c.level === 'hard') hard += total;
    else soft += total;
    return { id: c.id, name: c.name, level: c.level, weight, total, matches };
  });
  return { score: { hard, soft }, analysis };
}

/**
 * Why this worker cannot take this place, given the rest of the rota: for every hard constraint
 * whose penalty adding them would raise, the breaches that are new, in words. Empty when nothing
 * hard stands in the way.
 */
export function explainBlocks(
  problem: Problem,
  assignments: readonly Assignment[],
  slotIndex: number,
  roleIndex: number,
  workerIndex: number,
): string[] {
  return explainBlockers(problem, assignments, slotIndex, roleIndex, workerIndex).map((v) => v.message);
}

/** As explainBlocks, with each new breach's constraint id and penalty. */
export function explainBlockers(
  problem: Problem,
  assignments: readonly Assignment[],
  slotIndex: number,
  roleIndex: number,
  workerIndex: number,
): Violation[] {
  const { cut, before, after } = cutForPlace(problem, assignments, slotIndex, roleIndex, workerIndex, 'explainBlocks');
  const blocks: Violation[] = [];
  for (const c of constraints) {
    if (c.level !== 'hard') continue;
    const weight = resolveWeight(problem, c);
    const was = c.evaluate(cut, before, weight);
    const now = c.evaluate(cut, after, weight);
    if (sum(now) <= sum(was)) continue;
    const old = new Map<string, number>();
    for (const v of was) old.set(v.message, (old.get(v.message) ?? 0) + 1);
    for (const v of now) {
      const n = old.get(v.message) ?? 0;
      if (n > 0) old.set(v.message, n - 1);
      else blocks.push(v);
    }
  }
  return blocks;
}

/**
 * What this worker taking this place would change on each soft rule (the rest of the rota as it is),
 * rule by rule, largest cost first; rules it leaves unchanged are left out. The sum is the soft part
 * of the move's delta.
 */
export function softCostsOf(
  problem: Problem,
  assignments: readonly Assignment[],
  slotIndex: number,
  roleIndex: number,
  workerIndex: number,
): SoftRuleCost[] {
  const { cut, before, after } = cutForPlace(problem, assignments, slotIndex, roleIndex, workerIndex, 'softCostsOf');
  const out: SoftRuleCost[] = [];
  for (const c of constraints) {
    if (c.level !== 'soft') continue;
    const weight = resolveWeight(problem, c);
    const cost = sum(c.evaluate(cut, after, weight)) - sum(c.evaluate(cut, before, weight));
    if (cost !== 0) out.push({ constraintId: c.id, name: c.name, cost });
  }
  return out.sort((a, b) => b.cost - a.cost);
}

/**
 * Only this worker's places and this slot-role's places can change a verdict on one place, so the
 * question is put to a problem cut down to their slots and workers: it is asked for many workers at once.
 */
function cutForPlace(
  problem: Problem,
  assignments: readonly Assignment[],
  slotIndex: number,
  roleIndex: number,
  workerIndex: number,
  caller: string,
): { cut: Problem; before: Assignment[]; after: Assignment[] } {
  const slot = problem.slots[slotIndex];
  const role = slot?.roles[roleIndex];
  const worker = problem.workers[workerIndex];
  if (!slot || !role || !worker) throw new Error(`${caller}: slot, role or worker index out of range`);
  const before = assignments.filter(
    (a) => a.workerId === worker.id || (a.slotId === slot.id && a.roleId === role.roleId),
  );
  const after = [...before, { slotId: slot.id, roleId: role.roleId, workerId: worker.id }];
  const slotIds = new Set(after.map((a) => a.slotId));
  const workerIds = new Set(after.map((a) => a.workerId));
  const cut: Problem = {
    ...problem,
    slots: problem.slots.filter((s) => slotIds.has(s.id)),
    workers: problem.workers.filter((w) => workerIds.has(w.id)),
    pinned: [],
  };
  return { cut, before, after };
}

function sum(violations: readonly Violation[]): number {
  let total = 0;
  for (const v of violations) total += v.penalty;
  return total;
}
