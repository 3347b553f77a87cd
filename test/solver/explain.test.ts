// Unfilled places are explained on a problem cut down to one worker and one slot-role (for speed);
// the words must be exactly those explainBlocks gives on the whole problem.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainBlocks } from '../../solver/constraints/index.ts';
import { explainOne, indexAssignments } from '../../solver/search/unfilled.ts';
import { randomAssignments, randomProblem } from '../support/random-problem.ts';

describe('explanations on the cut-down problem', () => {
  it('match explainBlocks on the whole problem for every slot, role and worker holding it', () => {
    const arb = randomProblem({ maxDays: 10, maxWorkers: 5, maxSlotsPerDay: 3 }).chain((p) =>
      fc.tuple(fc.constant(p), randomAssignments(p, 25)),
    );
    let compared = 0;
    fc.assert(
      fc.property(arb, ([problem, assignments]) => {
        const lookups = indexAssignments(problem, assignments);
        problem.slots.forEach((slot, s) => {
          slot.roles.forEach((role, r) => {
            problem.workers.forEach((worker, w) => {
              if (!worker.roles.includes(role.roleId)) return;
              const whole = explainBlocks(problem, assignments, s, r, w);
              expect(explainOne(problem, lookups, { explainBlocks }, s, r, w)).toEqual(whole);
              compared += whole.length;
            });
          });
        });
      }),
      { numRuns: 25 },
    );
    // The property only means something if blocks were actually produced.
    expect(compared).toBeGreaterThan(0);
  });
});
