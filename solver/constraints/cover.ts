// Cover and roles: how many workers each (slot, role) gets, and who may hold a place at all.

import type { Assignment, Problem, RoleDemand, Slot, Violation } from '../model.ts';
import { viewRota } from './context.ts';
import { breach } from './evaluate.ts';
import { evaluatePlaces } from './place.ts';
import { pen, plural, PROTECTION_BASE, roleName, type Constraint, type PlaceConstraint } from './types.ts';

/** Penalty of a (slot, role) with `count` workers, for each cover rule. Shared with the engine. */
export function coverMinPenalty(slot: Slot, role: RoleDemand, count: number, weight: number): number {
  const missing = role.min - count;
  return missing > 0 ? pen(missing * slot.priority, weight) : 0;
}

export function coverMaxPenalty(role: RoleDemand, count: number, weight: number): number {
  const over = count - role.max;
  return over > 0 ? pen(over, weight) : 0;
}

export function coverUnderPenalty(slot: Slot, role: RoleDemand, count: number, weight: number): number {
  const short = role.preferred - count;
  return short > 0 ? pen(short * slot.priority, role.underWeight ?? weight) : 0;
}

export function coverOverPenalty(slot: Slot, role: RoleDemand, count: number, weight: number): number {
  const over = count - role.preferred;
  return over > 0 ? pen(over * slot.priority, role.overWeight ?? weight) : 0;
}

/** One breach per (slot, role) whose count of workers `penalty` prices above 0. */
function perSlotRole(
  id: string,
  problem: Problem,
  assignments: readonly Assignment[],
  weight: number,
  penalty: (slot: Slot, role: RoleDemand, count: number, weight: number) => number,
  message: (slot: Slot, role: RoleDemand, count: number, name: string) => string,
): Violation[] {
  const view = viewRota(problem, assignments);
  const out: Violation[] = [];
  problem.slots.forEach((slot, s) => {
    slot.roles.forEach((role, r) => {
      const count = view.coverCount[view.ix.roleOffset[s] + r];
      const p = penalty(slot, role, count, weight);
      if (p > 0) out.push(breach(id, p, message(slot, role, count, roleName(problem, role.roleId)), { slotId: slot.id }));
    });
  });
  return out;
}

export const coverMin: Constraint = {
  id: 'cover.min',
  name: 'Every role has at least its minimum number of workers',
  family: 'cover',
  level: 'hard',
  defaultWeight: 60,
  unit: 'missing worker x slot priority',
  evaluate(problem, assignments, weight) {
    return perSlotRole(this.id, problem, assignments, weight, coverMinPenalty, (slot, role, count, name) =>
      `${slot.label}: ${name} has ${count} of at least ${role.min} (${plural(role.min - count, 'worker')} missing)`,
    );
  },
};

export const coverMax: Constraint = {
  id: 'cover.max',
  name: 'No role has more than its maximum number of workers',
  family: 'cover',
  level: 'hard',
  defaultWeight: 60,
  unit: 'worker over the maximum',
  evaluate(problem, assignments, weight) {
    const penalty = (_slot: Slot, role: RoleDemand, count: number, w: number) => coverMaxPenalty(role, count, w);
    return perSlotRole(this.id, problem, assignments, weight, penalty, (slot, role, count, name) =>
      `${slot.label}: ${name} has ${count}, more than the maximum ${role.max}`,
    );
  },
};

export const coverPreferredUnder: Constraint = {
  id: 'cover.preferredUnder',
  name: 'Every role has its preferred number of workers',
  family: 'cover',
  level: 'soft',
  defaultWeight: 100,
  unit: 'worker short of preferred x slot priority (role.underWeight overrides)',
  evaluate(problem, assignments, weight) {
    return perSlotRole(this.id, problem, assignments, weight, coverUnderPenalty, (slot, role, count, name) =>
      `${slot.label}: ${name} has ${count} of the preferred ${role.preferred} (${plural(role.preferred - count, 'worker')} short)`,
    );
  },
};

export const coverPreferredOver: Constraint = {
  id: 'cover.preferredOver',
  name: 'No role has more workers than preferred',
  family: 'cover',
  level: 'soft',
  defaultWeight: 20,
  unit: 'worker above preferred x slot priority (role.overWeight overrides)',
  evaluate(problem, assignments, weight) {
    return perSlotRole(this.id, problem, assignments, weight, coverOverPenalty, (slot, role, count, name) =>
      `${slot.label}: ${name} has ${count}, ${plural(count - role.preferred, 'worker')} above the preferred ${role.preferred}`,
    );
  },
};

export const coverDoublePlace: Constraint = {
  id: 'cover.doublePlace',
  name: 'A worker holds at most one place in a slot',
  family: 'cover',
  level: 'hard',
  defaultWeight: 1000,
  unit: 'extra place',
  evaluate(problem, assignments, weight) {
    const view = viewRota(problem, assignments);
    const out: Violation[] = [];
    for (const [key, count] of view.multiplicity) {
      if (count < 2) continue;
      const w = Math.floor(key / view.ix.slotCount);
      const s = key % view.ix.slotCount;
      const worker = problem.workers[w];
      const slot = problem.slots[s];
      const message = `${worker.name}: holds ${count} places in ${slot.label}`;
      out.push(breach(this.id, pen(count - 1, weight), message, { workerId: worker.id, slotId: slot.id }));
    }
    return out;
  },
};

export const coverRoleHeld: PlaceConstraint = {
  id: 'cover.roleHeld',
  name: 'Workers only fill roles they hold',
  family: 'cover',
  level: 'hard',
  defaultWeight: 1000,
  unit: 'place (plus the protection base)',
  breachBase: PROTECTION_BASE,
  placeUnits(problem, s, r, w) {
    return problem.workers[w].roles.includes(problem.slots[s].roles[r].roleId) ? 0 : 1;
  },
  evaluate(problem, assignments, weight) {
    return evaluatePlaces(this, problem, assignments, weight, (worker, slot, role) =>
      `${worker.name}: placed as ${roleName(problem, role.roleId)} in ${slot.label} but does not hold that role`,
    );
  },
};

export const coverConstraints = [
  coverMin,
  coverMax,
  coverPreferredUnder,
  coverPreferredOver,
  coverDoublePlace,
  coverRoleHeld,
];
