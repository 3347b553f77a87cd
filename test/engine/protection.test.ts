// Worker protection outweighs cover: leaving a place empty must always score better than filling it
// with someone for whom that breaks a rule protecting a person, even by one minute, even when the
// fill would also ease every other hard rule it can (the slot's priority, the worker's hard minimum
// hours for the week and the rota).

import { describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { createScorer } from '../../solver/engine/incremental-scorer.ts';
import { solve } from '../../solver/solve.ts';
import type { Problem, Site, Worker } from '../../solver/model.ts';
import { at, HOUR, makeProblem, makeWorker, type SlotSpec } from '../constraints/support.ts';

// The place to fill: Tuesday of week 2, 09:00-17:00, one worker needed, priority 3.
const target = (spec: Partial<SlotSpec> = {}): SlotSpec => ({
  id: 't',
  day: 8,
  from: 9,
  to: 17,
  typeId: 'day',
  priority: 3,
  siteId: 'south',
  roles: [{ roleId: 'support', min: 1, preferred: 1, max: 1 }],
  ...spec,
});
const sites: Site[] = [
  { id: 'north', name: 'North', travelMinutes: { south: 45 } },
  { id: 'south', name: 'South', travelMinutes: {} },
];

interface Case {
  readonly rule: string;
  readonly worker: Partial<Worker>;
  /** Slots the worker already holds (pinned), besides the target. */
  readonly held?: SlotSpec[];
  readonly target?: Partial<SlotSpec>;
  readonly forbiddenSuccessions?: Problem['forbiddenSuccessions'];
  /** Whether the worker's hard minimum hours are below what they hold (so the fill eases them). */
  readonly withMinimums?: boolean;
}

const ONE_MINUTE = 1 / 60;
const cases: Case[] = [
  { rule: 'availability.unavailable', worker: { unavailability: [{ startMin: at(8, 17) - 1, endMin: at(9, 0), reason: 'leave' }] } },
  { rule: 'availability.unavailable', worker: { unavailability: [{ startMin: at(8, 0), endMin: at(8, 9) + 1, reason: 'sickness' }] } },
  { rule: 'availability.window', worker: { availability: [{ startMin: at(8, 9), endMin: at(8, 17) - 1 }] } },
  { rule: 'skills.required', worker: { skills: [{ skillId: 'safeguarding', untilMin: at(8, 9) }] }, target: { roles: [{ roleId: 'support', min: 1, preferred: 1, max: 1, skills: ['safeguarding'] }] } },
  { rule: 'cover.roleHeld', worker: { roles: ['lead'] } },
  { rule: 'travel.refusedSite', worker: { refusedSiteIds: ['south'] } },
  { rule: 'overlap.noOverlap', worker: {}, held: [{ id: 'h', day: 8, from: 17 - ONE_MINUTE, to: 18, siteId: 'south' }] },
  // 10 h 59 min after a 14:01-22:01 shift: a working day from 14:01 to 17:00 next day.
  { rule: 'rest.minGap', worker: {}, held: [{ id: 'h', day: 7, from: 14 + ONE_MINUTE, to: 22 + ONE_MINUTE, siteId: 'south' }] },
  { rule: 'rest.minGap', worker: { history: { minutesByWeek: [], consecutiveDaysWorked: 0, lastShiftEndMin: at(0, 0) } }, target: { day: 0, from: 11 - ONE_MINUTE } },
  { rule: 'travel.time', worker: {}, held: [{ id: 'h', day: 8, from: 7, to: 8 + 16 * ONE_MINUTE, siteId: 'north' }] },
  { rule: 'hours.weekHard', worker: { minutesPerWeek: { hardMax: 8 * HOUR - 1 } }, withMinimums: false },
  { rule: 'hours.totalHard', worker: { minutesTotal: { hardMax: 8 * HOUR - 1 } }, withMinimums: false },
  {
    rule: 'hours.averageWeekly',
    worker: { averageWeekly: { maxMinutesPerWeek: 20 * HOUR, referenceWeeks: 2 }, history: { minutesByWeek: [32 * HOUR + 1], consecutiveDaysWorked: 0 } },
    target: { day: 1 },
  },
  // Alone in week 2 the target leaves 127 h of unbroken rest (Tue 17:00 to the week's end).
  { rule: 'days.weeklyRest', worker: { weeklyRestMinutes: 127 * HOUR + 1 } },
  // The fortnight of weeks 1 and 2 keeps rests of 201 h (to Tue 09:00) and 127 h around the target.
  { rule: 'days.weeklyRest', worker: { weeklyRestMinutes: 100 * HOUR + 31, weeklyRestForm: '48h-in-14' } },
  { rule: 'days.weeklyRest', worker: { weeklyRestMinutes: 127 * HOUR + 1, weeklyRestForm: '2x24h-in-14' } },
  { rule: 'breaks.restBreak', worker: { restBreak: { maxWorkMinutes: 8 * HOUR - 1, minBreakMinutes: 20 } } },
  {
    rule: 'hours.nightAverage',
    worker: { nightAverage: { maxMinutesPerWeek: 20 * HOUR, referenceWeeks: 2 }, history: { minutesByWeek: [32 * HOUR + 1], consecutiveDaysWorked: 0 } },
    target: { day: 1 },
  },
  { rule: 'days.maxConsecutive', worker: { maxConsecutiveDays: 1 }, held: [{ id: 'h', day: 7, from: 9, to: 12, siteId: 'south' }] },
  { rule: 'rest.maxShiftsPerDay', worker: { maxShiftsPerDay: 1 }, held: [{ id: 'h', day: 8, from: 18, to: 19, siteId: 'south' }] },
  { rule: 'hours.maxByType', worker: { maxByType: { day: 0 } } },
  { rule: 'weekends.max', worker: { maxWeekends: 0 }, target: { day: 12 } },
  {
    rule: 'successions.forbidden',
    worker: {},
    held: [{ id: 'h', day: 7, from: 14, to: 22, typeId: 'late', siteId: 'south' }],
    forbiddenSuccessions: [{ fromTypeId: 'late', toTypeId: 'day' }],
  },
];

function build(c: Case, targetSpec: SlotSpec): Problem {
  const held = c.held ?? [];
  const minimums = c.withMinimums === false ? {} : { minutesPerWeek: { hardMin: 30 * HOUR }, minutesTotal: { hardMin: 60 * HOUR } };
  const worker = makeWorker({ id: 'kemi', name: 'Kemi', minRestMinutes: 11 * HOUR, ...minimums, ...c.worker });
  return makeProblem({
    days: 14,
    sites,
    slots: [targetSpec, ...held],
    workers: [worker],
    forbiddenSuccessions: c.forbiddenSuccessions,
    pinned: held.map((h) => ({ slotId: h.id, roleId: 'support', workerId: 'kemi' })),
  });
}

describe('worker protection outweighs cover', () => {
  it.each(cases.map((c) => [c.rule, c] as const))('an empty place beats filling it against %s', (rule, c) => {
    for (const priority of [1, 3, 10]) {
      const problem = build(c, target({ ...c.target, priority }));
      const empty = evaluateAll(problem, problem.pinned);
      // The rule holds while the place is empty...
      expect(empty.analysis.find((a) => a.id === rule)!.total).toBe(0);
      const filled = evaluateAll(problem, [...problem.pinned, { slotId: 't', roleId: 'support', workerId: 'kemi' }]);
      // ...filling it breaks that rule (by a minute, a place or a day) and scores worse overall.
      expect(filled.analysis.find((a) => a.id === rule)!.total).toBeGreaterThan(0);
      expect(filled.score.hard).toBeGreaterThan(empty.score.hard);
      // The search sees the same through the scorer (where the worker is a candidate at all).
      const scorer = createScorer(problem);
      const place = Array.from({ length: scorer.placeCount }, (_, p) => p).find((p) => scorer.placeSlot(p) === 0);
      if (place !== undefined) {
        scorer.deltaAssign(place, 0);
        expect(scorer.dHard).toBe(filled.score.hard - empty.score.hard);
      }
    }
  });

  it('holds for a 24-hour slot at priority 10 that would also meet both hard minimums of hours', () => {
    const c: Case = { rule: 'availability.unavailable', worker: { unavailability: [{ startMin: at(9, 9) - 1, endMin: at(9, 12), reason: 'leave' }] } };
    const problem = build(c, target({ from: 9, to: 33, priority: 10 }));
    const scorer = createScorer(problem);
    scorer.deltaAssign(0, 0);
    expect(scorer.dHard).toBeGreaterThan(0);
  });

  it('within a rule, a bigger breach still costs more', () => {
    const leave = (minutes: number) =>
      build({ rule: 'availability.unavailable', worker: { unavailability: [{ startMin: at(8, 17) - minutes, endMin: at(9, 0), reason: 'leave' }] } }, target());
    const cost = (minutes: number) => {
      const scorer = createScorer(leave(minutes));
      scorer.deltaAssign(0, 0);
      return scorer.dHard;
    };
    expect(cost(59)).toBeGreaterThan(cost(1));
    expect(cost(59) - cost(1)).toBe(58);
  });
});

describe('the search leaves a place empty rather than break a protection rule', () => {
  const oneCandidate = (worker: Partial<Worker>, priority: number) =>
    makeProblem({
      slots: [{ id: 'w1', day: 0, from: 10, to: 14, typeId: 'wellbeing', priority, roles: [{ roleId: 'support', min: 1, preferred: 1, max: 1 }] }],
      workers: [makeWorker({ id: 'kemi', name: 'Kemi', ...worker })],
    });

  it('does not place the only candidate 59 minutes into their leave', () => {
    const problem = oneCandidate({ unavailability: [{ startMin: at(0, 13, 1), endMin: at(2, 0), reason: 'leave' }] }, 1);
    const result = solve(problem, { seed: 1, maxMoves: 2000 });
    expect(result.assignments).toEqual([]);
    expect(result.unfilled.map((u) => [u.slotId, u.level, u.missing])).toContainEqual(['w1', 'hard', 1]);
    expect(result.unfilled[0].reasons[0].blocks.join(' ')).toContain('on leave for 59 min');
    expect(result.score.hard).toBe(60);
  });

  it('does not place the only candidate 5 minutes outside their availability, even at priority 3', () => {
    const problem = oneCandidate({ availability: [{ startMin: at(0, 10, 5), endMin: at(0, 18) }] }, 3);
    const result = solve(problem, { seed: 1, maxMoves: 2000 });
    expect(result.assignments).toEqual([]);
    expect(result.score.hard).toBe(180);
  });

  it('still fills the place when nothing protects the worker from it', () => {
    const problem = oneCandidate({ availability: [{ startMin: at(0, 10), endMin: at(0, 18) }] }, 3);
    const result = solve(problem, { seed: 1, maxMoves: 2000 });
    expect(result.assignments.map((a) => a.workerId)).toEqual(['kemi']);
    expect(result.score.hard).toBe(0);
  });
});
