// Daily rest is judged over working days (chains of slots with gaps shorter than the minimum rest),
// so a slot's verdict depends on earlier slots of its day. These rotas are dense in short sessions
// with small gaps, overlaps and travel, so chains form, grow past the limit, split and merge; the
// incremental scorer must match evaluateAll after every move and every delta must be exact.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { createScorer } from '../../solver/engine/incremental-scorer.ts';
import type { Problem, Site, Slot, Worker } from '../../solver/model.ts';
import { BASE_MIN, DAY, HOUR, makeDays } from '../constraints/support.ts';

const chainProblem: fc.Arbitrary<Problem> = fc.gen().map((g) => {
  const int = (min: number, max: number): number => g(fc.integer, { min, max });
  const dayCount = int(2, 4);
  const days = makeDays(dayCount);
  const sites: Site[] = [
    { id: 'north', name: 'North', travelMinutes: { south: 45 } },
    { id: 'south', name: 'South', travelMinutes: {} },
  ];
  const slots: Slot[] = [];
  const slotCount = int(4, 14);
  for (let i = 0; i < slotCount; i++) {
    // Starts on a 30-minute grid over the horizon; lengths from 30 min to 10 h.
    const startMin = BASE_MIN + int(0, (dayCount * DAY) / 30 - 1) * 30;
    const endMin = startMin + int(1, 20) * 30;
    const dayIndex = Math.min(dayCount - 1, Math.floor((startMin - BASE_MIN) / DAY));
    const site = int(0, 2);
    slots.push({
      id: `s${i}`,
      startMin,
      endMin,
      dayIndex,
      isWeekend: false,
      isBankHoliday: false,
      siteId: site === 2 ? null : sites[site].id,
      typeId: 'session',
      tags: [],
      priority: 1,
      workMinutes: endMin - startMin,
      roles: [{ roleId: 'support', min: int(0, 1), preferred: 1, max: 2, skills: [] }],
      label: `session ${i}`,
    });
  }
  const workers: Worker[] = Array.from({ length: int(1, 3) }, (_, w) => ({
    id: `w${w}`,
    name: `Worker ${w}`,
    kind: 'contracted' as const,
    roles: ['support'],
    skills: [],
    unavailability: [],
    minRestMinutes: [0, 5 * HOUR, 8 * HOUR, 11 * HOUR, 11 * HOUR, 13 * HOUR, 25 * HOUR][int(0, 6)],
    refusedSiteIds: [],
    costPencePerHour: 1500,
    preferences: [],
    history: int(0, 1) === 1 ? { minutesByWeek: [], consecutiveDaysWorked: 0, lastShiftEndMin: BASE_MIN - int(0, 16) * 60 } : undefined,
  }));
  return { days, sites, slots, workers, pinned: [] };
});

type Move = { kind: 'assign' | 'swap'; a: number; b: number };
const moveArb: fc.Arbitrary<Move> = fc.record({ kind: fc.constantFrom<'assign' | 'swap'>('assign', 'assign', 'swap'), a: fc.nat(), b: fc.nat() });

describe('incremental daily rest over working days', () => {
  it('keeps score() equal to evaluateAll and every delta exact while chains form, split and merge', () => {
    fc.assert(
      fc.property(chainProblem, fc.array(moveArb, { minLength: 1, maxLength: 60 }), (problem, moves) => {
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
          expect(scorer.score()).toEqual(evaluateAll(problem, scorer.assignments()).score);
        }
      }),
      { numRuns: 400 },
    );
  });
});
