// Skills: every skill a role needs must be held and valid when the slot starts (approvals expire).

import type { SkillHolding, Worker } from '../model.ts';
import { evaluatePlaces } from './place.ts';
import { PROTECTION_BASE, type PlaceConstraint } from './types.ts';

export function holdsSkillAt(worker: Worker, skillId: string, atMin: number): boolean {
  return worker.skills.some((h) => h.skillId === skillId && isValidAt(h, atMin));
}

function isValidAt(h: SkillHolding, atMin: number): boolean {
  return (h.fromMin === undefined || h.fromMin <= atMin) && (h.untilMin === undefined || atMin < h.untilMin);
}

function describeMissing(worker: Worker, skillId: string, atMin: number): string {
  const holdings = worker.skills.filter((h) => h.skillId === skillId);
  if (holdings.length === 0) return `${skillId} (not held)`;
  if (holdings.every((h) => h.untilMin !== undefined && h.untilMin <= atMin)) return `${skillId} (expired)`;
  if (holdings.every((h) => h.fromMin !== undefined && h.fromMin > atMin)) return `${skillId} (not yet valid)`;
  return `${skillId} (not valid then)`;
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
        .map((k) => describeMissing(worker, k, slot.startMin));
      return `${worker.name}: lacks ${missing.join(', ')} needed as ${role.roleId} in ${slot.label}`;
    });
  },
};

export const skillsConstraints = [skillsRequired];
