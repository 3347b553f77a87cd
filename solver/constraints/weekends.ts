// Weekends: a weekend (a Saturday and the Sunday after it, `weekendsOfDays` in context.ts) is worked
// when a slot starts on its Saturday or Sunday.

import { breach, perWorker } from './evaluate.ts';
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
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      const max = worker.maxWeekends;
      if (max === undefined) return;
      const weekends = new Set<number>();
      for (const s of held) if (ix.slotWeekend[s] >= 0) weekends.add(ix.slotWeekend[s]);
      if (weekends.size <= max) return;
      const message = `${worker.name}: works ${plural(weekends.size, 'weekend')}; at most ${max}`;
      out.push(breach(this.id, breachPen(weekends.size - max, weight, PROTECTION_BASE), message, { workerId: worker.id }));
    });
  },
};

export const weekendsConstraints = [weekendsMax];
