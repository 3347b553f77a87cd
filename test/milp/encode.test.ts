// The MILP encoding against the constraint catalogue: on random small Problems (every rule family,
// hard minima aside), HiGHS's optimum decoded back to a rota scores exactly the MILP objective under
// evaluateAll, with no hard breach. Also: fixed neighbourhoods keep the rest of the
// rota, and the javascript-lp-solver fallback agrees with HiGHS on tiny models.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { MilpBackend } from '../../solver/milp/backend.ts';
import { encodeProblem } from '../../solver/milp/encode.ts';
import type { Problem } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { createJsLpBackend, parseLpText } from '../../src/milp/jslp-backend.ts';
import { randomProblem } from '../support/random-problem.ts';

/**
 * Drop the hard minima (cover min, hour floors, and past weeks that already break the Working Time
 * average) so an empty rota is always legal and every case
 * compares a rota with no hard breach, and use the default weights (whole penalties, so the model is
 * exact rather than half a point under). Soft targets still pull work in against every maximum rule.
 */
function encodable(problem: Problem): Problem {
  const noFloor = <T extends { hardMin?: number }>(band: T | undefined): T | undefined =>
    band === undefined ? undefined : { ...band, hardMin: undefined };
  return {
    ...problem,
    pinned: [],
    slots: problem.slots.map((s) => ({ ...s, roles: s.roles.map((r) => ({ ...r, min: 0 })) })),
    workers: problem.workers.map((w) => ({
      ...w,
      minutesTotal: noFloor(w.minutesTotal),
      minutesPerWeek: noFloor(w.minutesPerWeek),
      // Past weeks over the Working Time average would break it whatever is planned.
      history: w.history && { ...w.history, minutesByWeek: [] },
      // Left out of the model (it relaxes them): rest breaks, and weekly rest in its fortnight forms.
      restBreak: undefined,
      weeklyRestForm: undefined,
    })),
    weights: undefined,
  };
}

const HARD_SLACK = 1_000_000;
let highs: MilpBackend;

beforeAll(async () => {
  highs = await createHighsBackend();
});

describe('MILP encoding', () => {
  it('decoded optimum scores exactly the MILP objective under evaluateAll', () => {
    let compared = 0;
    let softPositive = 0;
    fc.assert(
      fc.property(randomProblem({ minDays: 3, maxDays: 9, maxWorkers: 4, maxSlotsPerDay: 2, pinned: false }), (raw) => {
        const problem = encodable(raw);
        // Hard rows bend at a huge price: a hard breach would show in the objective, not as infeasible.
        const encoded = encodeProblem(problem, { hardSlackWeight: HARD_SLACK });
        const result = highs.solve(encoded.lp, {});
        expect(result.status).toBe('optimal');
        const total = Math.round(result.objective + encoded.offset);
        expect(total).toBeLessThan(HARD_SLACK);
        const score = evaluateAll(problem, encoded.decode(result.values)).score;
        expect(score.hard).toBe(0);
        expect(score.soft).toBe(total);
        // The encoder's own evaluation of the values agrees with the solver's objective.
        expect(Math.round(encoded.objectiveOf(result.values))).toBe(total);
        compared++;
        if (total > 0) softPositive++;
      }),
      { numRuns: 40, seed: 20261123 },
    );
    expect(compared).toBe(40);
    // Most cases have soft penalties left at the optimum, so the comparison is not 0 = 0.
    expect(softPositive).toBeGreaterThan(20);
  });

  it('keeps every place outside a fixed neighbourhood and re-optimises inside it', () => {
    fc.assert(
      fc.property(randomProblem({ minDays: 4, maxDays: 8, maxWorkers: 4, maxSlotsPerDay: 2, pinned: false }), (raw) => {
        const problem = encodable(raw);
        const whole = encodeProblem(problem, { hardSlackWeight: HARD_SLACK });
        const first = highs.solve(whole.lp, {});
        const rota = whole.decode(first.values);
        const firstTotal = Math.round(first.objective + whole.offset);
        // Free: worker 0 on the first half of the days. Everything else stays as in `rota`.
        const half = Math.ceil(problem.days.length / 2);
        const isFree = (w: number, s: number): boolean => w === 0 && problem.slots[s].dayIndex < half;
        const hood = encodeProblem(problem, { hardSlackWeight: HARD_SLACK, fixed: { current: rota, isFree } });
        const second = highs.solve(hood.lp, { start: hood.start(rota) });
        expect(second.status).toBe('optimal');
        const next = hood.decode(second.values);
        const key = (a: { slotId: string; roleId: string; workerId: string }) => `${a.slotId}|${a.roleId}|${a.workerId}`;
        const slotIndex = new Map(problem.slots.map((s, i) => [s.id, i]));
        const workerIndex = new Map(problem.workers.map((w, i) => [w.id, i]));
        const outside = (a: { slotId: string; workerId: string }) => !isFree(workerIndex.get(a.workerId)!, slotIndex.get(a.slotId)!);
        expect(new Set(next.filter(outside).map(key))).toEqual(new Set(rota.filter(outside).map(key)));
        // The whole-model optimum is also optimal for the neighbourhood.
        expect(Math.round(second.objective + hood.offset)).toBe(firstTotal);
      }),
      { numRuns: 15, seed: 7 },
    );
  });
});

describe('javascript-lp-solver fallback', () => {
  it('reads the LP text the encoder writes', () => {
    const parsed = parseLpText('Minimize\n obj: 3 x + y\nSubject To\n c1: x + y >= 1\n c2: - x + 2 y <= 4\nBounds\n y >= 0\nBinary\n x\nEnd\n');
    expect([...parsed.objective]).toEqual([['x', 3], ['y', 1]]);
    expect(parsed.rows.map((r) => [r.name, [...r.terms], r.sense, r.rhs])).toEqual([
      ['c1', [['x', 1], ['y', 1]], '>=', 1],
      ['c2', [['x', -1], ['y', 2]], '<=', 4],
    ]);
    expect([...parsed.binaries]).toEqual(['x']);
  });

  it('agrees with HiGHS on the optimum of tiny random rotas', () => {
    const jslp = createJsLpBackend();
    fc.assert(
      fc.property(randomProblem({ minDays: 2, maxDays: 3, maxWorkers: 2, maxSlotsPerDay: 1, pinned: false }), (raw) => {
        const problem = encodable(raw);
        const encoded = encodeProblem(problem, { hardSlackWeight: HARD_SLACK });
        const a = highs.solve(encoded.lp, {});
        const b = jslp.solve(encoded.lp, {});
        expect(b.status).toBe('optimal');
        expect(Math.round(b.objective)).toBe(Math.round(a.objective));
      }),
      { numRuns: 15, seed: 11 },
    );
  });
});
