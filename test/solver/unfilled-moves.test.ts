// The move proposed for a short place, on random problems: applied to the rota it changes the score
// by exactly the delta it states (by a full evaluation), fills one more place of that (slot, role),
// lowers the hard score for a place short of its minimum, never touches a pinned place, and the
// search stays within its budget.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAll, explainUnfilled } from '../../solver/index.ts';
import type { Assignment, Problem, UnfilledPlace } from '../../solver/model.ts';
import { randomAssignments, randomProblem } from '../support/random-problem.ts';

function apply(rota: readonly Assignment[], move: NonNullable<UnfilledPlace['move']>): Assignment[] {
  const out = [...rota];
  for (const r of move.remove) {
    const i = out.findIndex((a) => a.slotId === r.slotId && a.roleId === r.roleId && a.workerId === r.workerId);
    if (i < 0) throw new Error(`the move removes ${r.workerId} from ${r.slotId}, which the rota does not hold`);
    out.splice(i, 1);
  }
  return [...out, ...move.add];
}

const arb = randomProblem({ maxDays: 10, maxWorkers: 6, maxSlotsPerDay: 3 }).chain((p) =>
  fc.tuple(fc.constant(p), randomAssignments(p, 20)),
);
/**
 * The pinned places and the random ones a scorer can hold: at most one place per worker and slot, and
 * no more workers in a role than it has places (its maximum, or the workers holding the role).
 */
function withPins(problem: Problem, random: readonly Assignment[]): Assignment[] {
  const rota = [...problem.pinned];
  for (const a of random) {
    const slot = problem.slots.find((s) => s.id === a.slotId)!;
    const role = slot.roles.find((r) => r.roleId === a.roleId)!;
    const places = Math.min(role.max, problem.workers.filter((w) => w.roles.includes(a.roleId)).length);
    const inRole = rota.filter((x) => x.slotId === a.slotId && x.roleId === a.roleId).length;
    if (inRole < places && !rota.some((x) => x.slotId === a.slotId && x.workerId === a.workerId)) rota.push(a);
  }
  return rota;
}

describe('proposed moves for short places', () => {
  it('do what they say when applied, and fill the place', () => {
    let moves = 0;
    let chains = 0;
    let searched = 0;
    fc.assert(
      fc.property(arb, ([problem, random]) => {
        const rota = withPins(problem, random);
        const before = evaluateAll(problem, rota).score;
        for (const u of explainUnfilled(problem, rota)) {
          if (u.moveSearch) searched++;
          if (!u.move) continue;
          moves++;
          if (u.move.remove.length > 0) chains++;
          // A pinned place is never moved (a random rota may list a pinned place a second time, unpinned).
          const same = (r: Assignment) => (a: Assignment) => a.slotId === r.slotId && a.roleId === r.roleId && a.workerId === r.workerId;
          for (const r of u.move.remove) expect(problem.pinned.some(same(r)) && rota.filter(same(r)).length === 1).toBe(false);
          const after = apply(rota, u.move);
          const now = evaluateAll(problem, after).score;
          expect({ hard: now.hard - before.hard, soft: now.soft - before.soft }).toEqual(u.move.delta);
          const count = (list: readonly Assignment[]) => list.filter((a) => a.slotId === u.slotId && a.roleId === u.roleId).length;
          expect(count(after)).toBe(count(rota) + 1);
          if (u.level === 'hard') expect(u.move.delta.hard).toBeLessThan(0);
          else expect(u.move.delta.hard).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 40 },
    );
    // The property only means something if moves, chains among them, were proposed.
    expect(searched).toBeGreaterThan(200);
    expect(moves).toBeGreaterThan(20);
    expect(chains).toBeGreaterThan(0);
  });

  it('stay within the budget of scored deltas, per place and in all, and say when they stopped early', () => {
    let stopped = 0;
    fc.assert(
      fc.property(arb, ([problem, random]) => {
        const unfilled = explainUnfilled(problem, withPins(problem, random), { moveBudget: { perPlace: 6, total: 15 } });
        let spent = 0;
        for (const u of unfilled) {
          if (!u.moveSearch) continue;
          expect(u.moveSearch.evaluated).toBeLessThanOrEqual(6);
          spent += u.moveSearch.evaluated;
          if (!u.moveSearch.complete) stopped++;
        }
        expect(spent).toBeLessThanOrEqual(15);
      }),
      { numRuns: 30 },
    );
    expect(stopped).toBeGreaterThan(0);
  });
});
