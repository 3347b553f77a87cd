// Weekends: a weekend (index floor(day / 7)) is worked when a slot starts on its Saturday or Sunday.

import type { Violation } from '../model.ts';
import { viewRota } from './context.ts';
import { breachPen, plural, PROTECTION_BASE, type Constraint } from './types.ts';

export const weekendsMax: Constraint = {
  id: 'weekends.max',
  name: 'No more weekends worked than the worker\'s maximum',
  family: 'weekends',
  level: 'hard',
  defaultWeight: 60,
  unit: 'weekend over the maximum (plus the protection base)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    const view = viewRota(problem, assignments);
    const { ix } = view;
    const out: Violation[] = [];
    view.held.forEach((held, w) => {
      const worker = problem.workers[w];
      const max = worker.maxWeekends;
      if (max === undefined) return;
      const weekends = new Set<number>();
      for (const s of held) if (ix.slotWeekend[s] >= 0) weekends.add(ix.slotWeekend[s]);
      if (weekends.size <= max) return;
      out.push({
        constraintId: this.id,
        penalty: breachPen(weekends.size - max, weight, PROTECTION_BASE),
        message: `${worker.name}: works ${plural(weekends.size, 'weekend')}; at most ${max}`,
        workerId: worker.id,
      });
    });
    return out;
  },
};

export const weekendsConstraints = [weekendsMax];
