// Work on both sides of the horizon: the last shift before it (history, which may run on into day 0)
// and the first shift fixed after it (following, with days worked in a row after the last day). Rest,
// overlap and runs of days are judged across both edges; these rotas crowd slots against the edges so
// a slot often becomes or stops being the first or last held, and the incremental scorer must match
// evaluateAll after every move with every delta exact.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { createScorer } from '../../solver/engine/incremental-scorer.ts';
import type { Problem, Slot, Worker } from '../../solver/model.ts';
import { BASE_MIN, DAY, HOUR, makeDays } from '../constraints/support.ts';

const edgeProblem: fc.Arbitrary<Problem> = fc.gen().map((g) => {
  const int = (min: number, max: number): number => g(fc.integer, { min, max });
  const dayCount = int(1, 3);
  const days = makeDays(dayCount);
  const end = BASE_MIN + dayCount * DAY;
  const slots: Slot[] = [];
  for (let i = 0, n = int(3, 10); i < n; i++) {
    // Half the slots within 10 h of an edge.
    const near = int(0, 3);
    const startMin =
      near === 0 ? BASE_MIN + int(0, 20) * 30 : near === 1 ? end - int(1, 20) * 30 : BASE_MIN + int(0, (dayCount * DAY) / 30 - 1) * 30;
    const endMin = startMin + int(1, 20) * 30;
    slots.push({
      id: `s${i}`,
      startMin,
      endMin,
      dayIndex: Math.min(dayCount - 1, Math.floor((startMin - BASE_MIN) / DAY)),
      isWeekend: false,
      isBankHoliday: false,
      siteId: null,
      typeId: 'session',
      tags: [],
      priority: 1,
      workMinutes: endMin - startMin,
      roles: [{ roleId: 'support', min: int(0, 1), preferred: 1, max: 2, skills: [] }],
      label: `session ${i}`,
    });
  }
  const workers: Worker[] = Array.from({ length: int(1, 3) }, (_, w) => {
    const nextShiftStartMin = end + int(0, 24) * 30;
    return {
      id: `w${w}`,
      name: `Worker ${w}`,
      kind: 'contracted' as const,
      roles: ['support'],
      skills: [],
      unavailability: [],
      minRestMinutes: [0, 8 * HOUR, 11 * HOUR, 11 * HOUR, 13 * HOUR][int(0, 4)],
      maxConsecutiveDays: int(0, 2) === 0 ? undefined : int(1, 3),
      refusedSiteIds: [],
      costPencePerHour: 1500,
      preferences: [],
      // The last shift before may end up to 8 h into day 0 (a night that started the day before).
      history: int(0, 3) > 0 ? { minutesByWeek: [], consecutiveDaysWorked: int(0, 3), lastShiftEndMin: BASE_MIN + int(-12, 16) * 30 } : undefined,
      following: int(0, 3) > 0 ? { nextShiftStartMin, nextShiftEndMin: nextShiftStartMin + int(1, 20) * 30, consecutiveDaysWorked: int(0, 3) } : undefined,
    };
  });
  return { days, sites: [], slots, workers, pinned: [] };
});

type Move = { kind: 'assign' | 'swap'; a: number; b: number };
const moveArb: fc.Arbitrary<Move> = fc.record({ kind: fc.constantFrom<'assign' | 'swap'>('assign', 'assign', 'swap'), a: fc.nat(), b: fc.nat() });

describe('incremental scoring across the horizon edges', () => {
  it('keeps score() equal to evaluateAll and every delta exact with work fixed either side of the horizon', () => {
    let edgeBreaches = 0;
    fc.assert(
      fc.property(edgeProblem, fc.array(moveArb, { minLength: 1, maxLength: 40 }), (problem, moves) => {
        const scorer = createScorer(problem);
        const W = problem.workers.length;
        for (const move of moves) {
          const before = scorer.score();
          if (move.kind === 'assign') {
            const place = move.a % scorer.placeCount;
            const worker = (move.b % (W + 1)) - 1;
            scorer.deltaAssign(place, worker);
            const predicted = { hard: scorer.dHard, soft: scorer.dSoft };
            scorer.assign(place, worker);
            const after = scorer.score();
            expect({ hard: after.hard - before.hard, soft: after.soft - before.soft }).toEqual(predicted);
          } else {
            const pa = move.a % scorer.placeCount;
            const pb = move.b % scorer.placeCount;
            scorer.deltaSwap(pa, pb);
            const predicted = { hard: scorer.dHard, soft: scorer.dSoft };
            const wa = scorer.workerOf(pa);
            const wb = scorer.workerOf(pb);
            scorer.assign(pa, wb);
            scorer.assign(pb, wa);
            const after = scorer.score();
            expect({ hard: after.hard - before.hard, soft: after.soft - before.soft }).toEqual(predicted);
          }
          const truth = evaluateAll(problem, scorer.assignments());
          expect(scorer.score()).toEqual(truth.score);
          for (const c of truth.analysis) {
            edgeBreaches += c.matches.filter((m) => /(before|after) the rota/.test(m.message)).length;
          }
        }
      }),
      { numRuns: 300, seed: 20261205 },
    );
    // The cases do reach the edges: breaches across them are common, not a corner never visited.
    expect(edgeBreaches).toBeGreaterThan(500);
  });
});
