// Successions: shift type B may not follow shift type A on the next day (e.g. early after late).

import { breach, perWorker } from './evaluate.ts';
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
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      for (const a of held) {
        for (const b of held) {
          if (ix.slotDay[b] !== ix.slotDay[a] + 1) continue;
          const from = problem.slots[a];
          const to = problem.slots[b];
          if (!forbidden.has(`${from.typeId}\u0000${to.typeId}`)) continue;
          const message = `${worker.name}: ${to.label} may not follow ${from.label} on the day before`;
          out.push(breach(this.id, breachPen(1, weight, PROTECTION_BASE), message, { workerId: worker.id, slotId: to.id }));
        }
      }
    });
  },
};

export const successionsConstraints = [successionsForbidden];
