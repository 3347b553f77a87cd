// The MILP is a relaxation of the constraint catalogue in each of its hard modes, checked against
// brute force: on tiny random problems (every rule family, pinned places, weights that are not whole
// numbers; and days of short sessions at two venues, where rest and travel decide) every rota is
// scored by evaluateAll, and
// - mode rows: the model's optimum is at most the least soft score of a rota with no hard breach;
// - mode minimise: min(dual bound, rowFloor) is at most the least hard score of any rota;
// - mode level h (h the least hard score, when positive, and no rota at h may hold two places at
//   once: oneAtATimeAtLevel): the optimum is at most the least soft score among the rotas whose hard
//   score is h;
// - with double places priced (two roles of one slot a hard term, not a row), mode minimise's
//   min(dual bound, rowFloor) and mode level's optimum (where doublesPricedAtLevel allows it) the same.
// doublesProblem's sessions ask two roles that one worker may hold, so the priced path is reached.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { MilpBackend } from '../../solver/milp/backend.ts';
import { doublesPricedAtLevel, encodeProblem, forcedHard, oneAtATimeAtLevel, structuralFloor } from '../../solver/milp/encode.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { BASE_MIN, randomProblem } from '../support/random-problem.ts';
import { bruteForce } from '../support/brute-force.ts';
import { sessionProblem } from '../support/session-problem.ts';
import { doublesProblem } from '../support/doubles-problem.ts';

let highs: MilpBackend;
beforeAll(async () => {
  highs = await createHighsBackend();
});

const EPS = 1e-6;

describe('the MILP is a relaxation of the catalogue', () => {
  it('in every hard mode, against brute force on tiny problems', () => {
    let checked = 0;
    let withHardOptimum = 0;
    let pastFloor = 0;
    let pricedLevels = 0;
    let pricedPastDouble = 0;
    let pricedHigher = 0;
    fc.assert(
      fc.property(fc.oneof(randomProblem({ minDays: 1, maxDays: 3, maxWorkers: 2, maxSlotsPerDay: 2 }), sessionProblem(), doublesProblem()), (problem: Problem) => {
        const all = bruteForce(problem, 11);
        if (!all) return;
        checked++;
        const rows = encodeProblem(problem);
        const r = highs.solve(rows.lp, {});
        if (all.softAtHard(0) !== undefined) {
          expect(r.status).toBe('optimal');
          expect(r.objective + rows.offset).toBeLessThanOrEqual(all.softAtHard(0)! + EPS);
        }
        const minimise = encodeProblem(problem, { hard: { kind: 'minimise' } });
        const m = highs.solve(minimise.lp, {});
        const hardBound = m.status === 'infeasible' ? minimise.rowFloor : Math.min(minimise.rowFloor, (m.bound ?? -Infinity) + minimise.offset);
        expect(hardBound).toBeLessThanOrEqual(all.best.hard + EPS);
        const h = all.best.hard;
        if (h > 0 && oneAtATimeAtLevel(problem, h, forcedHard(problem), minimise.rowFloor)) {
          withHardOptimum++;
          if (!(h - forcedHard(problem) < structuralFloor(problem))) pastFloor++;
          const level = encodeProblem(problem, { hard: { kind: 'level', level: h, oneAtATime: true } });
          const l = highs.solve(level.lp, {});
          expect(l.status).toBe('optimal');
          expect(l.objective + level.offset).toBeLessThanOrEqual(all.best.soft + EPS);
        }
        const forced = forcedHard(problem);
        const priced = encodeProblem(problem, { hard: { kind: 'minimise', priceDoubles: true } });
        const pm = highs.solve(priced.lp, {});
        const pricedBound = pm.status === 'infeasible' ? priced.rowFloor : Math.min(priced.rowFloor, (pm.bound ?? -Infinity) + priced.offset);
        expect(pricedBound).toBeLessThanOrEqual(all.best.hard + EPS);
        if (pricedBound > hardBound + EPS) pricedHigher++;
        if (pm.status === 'optimal') expect(evaluateAll(problem, priced.decode(pm.values)).score.hard).toBeGreaterThanOrEqual(all.best.hard);
        if (h > 0 && doublesPricedAtLevel(problem, h, forced, priced.rowFloor)) {
          pricedLevels++;
          // The path the old encoding refused: the level is past a double place's cost.
          if (!oneAtATimeAtLevel(problem, h, forced, minimise.rowFloor)) pricedPastDouble++;
          const level = encodeProblem(problem, { hard: { kind: 'level', level: h, priceDoubles: true } });
          const l = highs.solve(level.lp, {});
          expect(l.status).toBe('optimal');
          expect(l.objective + level.offset).toBeLessThanOrEqual(all.best.soft + EPS);
        }
      }),
      { numRuns: 300, seed: 2211 },
    );
    expect(checked).toBeGreaterThan(40);
    expect(withHardOptimum).toBeGreaterThan(5);
    expect(pastFloor).toBeGreaterThan(0);
    expect(pricedLevels).toBeGreaterThan(40);
    expect(pricedPastDouble).toBeGreaterThan(10);
    // The priced minimise bounds higher where a double place's row capped the bound.
    expect(pricedHigher).toBeGreaterThan(5);
  });

  it('decodes its optimum to a rota the catalogue scores the same, when every weight makes whole penalties', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.oneof(randomProblem({ minDays: 1, maxDays: 3, maxWorkers: 2, maxSlotsPerDay: 2, pinned: false }), sessionProblem()), (raw: Problem) => {
        // Default weights (whole penalties) and no hard minima, so most optima break no hard rule.
        const problem: Problem = {
          ...raw,
          weights: undefined,
          slots: raw.slots.map((s) => ({ ...s, roles: s.roles.map((r) => ({ ...r, min: 0 })) })),
          workers: raw.workers.map((w) => ({
            ...w,
            minutesTotal: w.minutesTotal && { ...w.minutesTotal, hardMin: undefined },
            minutesPerWeek: w.minutesPerWeek && { ...w.minutesPerWeek, hardMin: undefined },
          })),
        };
        const all = bruteForce(problem, 11);
        if (!all || all.best.hard > 0) return;
        compared++;
        const rows = encodeProblem(problem);
        const r = highs.solve(rows.lp, {});
        expect(r.status).toBe('optimal');
        const score = evaluateAll(problem, rows.decode(r.values) as Assignment[]).score;
        expect(score).toEqual(all.best);
        expect(Math.round(r.objective + rows.offset)).toBe(all.best.soft);
      }),
      { numRuns: 80, seed: 2212 },
    );
    expect(compared).toBeGreaterThan(20);
  });

  it('lets a remote call between two venues waive the travel time, as the catalogue does', () => {
    // One worker: a morning at A, a call from home, an afternoon at B, 90 minutes apart by road with
    // an hour between. In slot order the call sits between the venues, so neither pair is short of
    // travel; the catalogue's best rota holds all three.
    const at = (h: number): number => BASE_MIN + h * 60;
    const slot = (id: string, from: number, to: number, siteId: string | null) => ({
      id,
      startMin: at(from),
      endMin: at(to),
      dayIndex: 0,
      isWeekend: false,
      isBankHoliday: false,
      siteId,
      typeId: id,
      tags: [],
      priority: 1,
      workMinutes: (to - from) * 60,
      roles: [{ roleId: 'staff', min: 0, preferred: 1, max: 1, skills: [] }],
      label: id,
    });
    const problem: Problem = {
      days: [{ startMin: BASE_MIN, endMin: BASE_MIN + 1440, weekday: 0, isBankHoliday: false, label: 'Mon' }],
      sites: [
        { id: 'A', name: 'A', travelMinutes: { B: 90 } },
        { id: 'B', name: 'B', travelMinutes: {} },
      ],
      slots: [slot('am', 9, 12, 'A'), slot('call', 12, 12.75, null), slot('pm', 13, 16, 'B')],
      workers: [
        { id: 'w', name: 'W', kind: 'contracted', roles: ['staff'], skills: [], unavailability: [], minRestMinutes: 660, refusedSiteIds: [], costPencePerHour: 1000, preferences: [] },
      ],
      pinned: [],
    };
    const all = bruteForce(problem, 3)!;
    expect(all.bestRota).toHaveLength(3);
    const rows = encodeProblem(problem);
    const r = highs.solve(rows.lp, {});
    expect(Math.round(r.objective + rows.offset)).toBe(all.best.soft);
    expect(evaluateAll(problem, rows.decode(r.values)).score).toEqual(all.best);
  });
});

