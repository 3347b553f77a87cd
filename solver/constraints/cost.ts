// Cost (soft): pay for the work, so cheaper rotas win among otherwise equal ones. The default weight
// is small (a £100 shift costs 10) so pay never outweighs a preferred worker short (100 a worker).

import { evaluatePlaces } from './place.ts';
import type { PlaceConstraint } from './types.ts';

export const costPay: PlaceConstraint = {
  id: 'cost.pay',
  name: 'Pay for the hours worked',
  family: 'cost',
  level: 'soft',
  defaultWeight: 0.1,
  unit: 'pound of pay (rounded per place)',
  placeUnits(problem, s, _r, w) {
    return (problem.workers[w].costPencePerHour * problem.slots[s].workMinutes) / 6000;
  },
  evaluate(problem, assignments, weight) {
    return evaluatePlaces(this, problem, assignments, weight, (worker, slot, _role, units) =>
      `${worker.name}: £${units.toFixed(2)} for ${slot.label}`,
    );
  },
};

export const costConstraints = [costPay];
