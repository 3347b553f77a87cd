// Skills: every skill a role needs must be held and valid when the slot starts (approvals expire).

import type { Problem, SkillHolding, Worker } from '../model.ts';
import { evaluatePlaces } from './place.ts';
import { PROTECTION_BASE, roleName, skillName, type PlaceConstraint } from './types.ts';

export function holdsSkillAt(worker: Worker, skillId: string, atMin: number): boolean {
  return worker.skills.some((h) => h.skillId === skillId && isValidAt(h, atMin));
}

function isValidAt(h: SkillHolding, atMin: number): boolean {
  return (h.fromMin === undefined || h.fromMin <= atMin) && (h.untilMin === undefined || atMin < h.untilMin);
}

/** Why the skill is not valid at the instant, in a manager's words: "Enhanced DBS check expired on Tue 24 Nov". */
function describeMissing(problem: Problem, worker: Worker, skillId: string, atMin: number): string {
  const name = skillName(problem, skillId);
  const holdings = worker.skills.filter((h) => h.skillId === skillId);
  if (holdings.length === 0) return `does not hold ${name}`;
  const expired = holdings.filter((h) => h.untilMin !== undefined && h.untilMin <= atMin);
  if (expired.length === holdings.length) {
    // The latest expiry is the one that matters: an older holding was renewed by it.
    const last = expired.reduce((a, b) => (b.untilMin! > a.untilMin! ? b : a));
    return last.untilLabel ? `${name} expired on ${last.untilLabel}` : `${name} expired`;
  }
  if (holdings.every((h) => h.fromMin !== undefined && h.fromMin > atMin)) {
    const first = holdings.reduce((a, b) => (b.fromMin! < a.fromMin! ? b : a));
    return first.fromLabel ? `${name} valid only from ${first.fromLabel}` : `${name} not yet valid`;
  }
  return `${name} not valid then`;
}

export const skillsRequired: PlaceConstraint = {
  id: 'skills.required',
  name: 'Workers hold every skill their role needs, valid at the slot start',
  family: 'skills',
  level: 'hard',
  defaultWeight: 500,
  unit: 'missing skill per place (plus the protection base per place)',
  breachBase: PROTECTION_BASE,
  placeUnits(problem, s, r, w) {
    const slot = problem.slots[s];
    const worker = problem.workers[w];
    let missing = 0;
    for (const skillId of slot.roles[r].skills) if (!holdsSkillAt(worker, skillId, slot.startMin)) missing++;
    return missing;
  },
  evaluate(problem, assignments, weight) {
    return evaluatePlaces(this, problem, assignments, weight, (worker, slot, role) => {
      const missing = role.skills
        .filter((k) => !holdsSkillAt(worker, k, slot.startMin))
        .map((k) => describeMissing(problem, worker, k, slot.startMin));
      return `${worker.name}: ${missing.join('; ')} (needed as ${roleName(problem, role.roleId)} in ${slot.label})`;
    });
  },
};

export const skillsConstraints = [skillsRequired];
