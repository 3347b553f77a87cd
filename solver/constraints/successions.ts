// Successions: shift type B may not follow shift type A on the next day (e.g. early after late).

import type { Violation } from '../model.ts';
import { viewRota } from './context.ts';
import { breachPen, PROTECTION_BASE, type Constraint } from './types.ts';

export const successionsForbidden: Constraint = {
  id: 'successions.forbidden',
  name: 'No forbidden shift type on the day after another',
  family: 'successions',
  level: 'hard',
  defaultWeight: 60,
  unit: 'forbidden pair of shifts (plus the protection base per pair)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    const rules = problem.forbiddenSuccessions ?? [];
    if (rules.length === 0) return [];
    const forbidden = new Set(rules.map((r) => `${r.fromTypeId}\u0000${r.toTypeId}`));
    const view = viewRota(problem, assignments);
    const { ix } = view;
    const out: Violation[] = [];
    view.held.forEach((held, w) => {
      const worker = problem.workers[w];
      for (const a of held) {
        for (const b of held) {
          if (ix.slotDay[b] !== ix.slotDay[a] + 1) continue;
          const key = `${problem.slots[a].typeId}\u0000${problem.slots[b].typeId}`;
          if (!forbidden.has(key)) continue;
          out.push({
            constraintId: this.id,
            penalty: breachPen(1, weight, PROTECTION_BASE),
            message: `${worker.name}: ${problem.slots[b].label} may not follow ${problem.slots[a].label} on the day before`,
            workerId: worker.id,
            slotId: problem.slots[b].id,
          });
        }
      }
    });
    return out;
  },
};

export const successionsConstraints = [successionsForbidden];
