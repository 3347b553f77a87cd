// A plan starting on a Sunday (compileProblem takes any first date; the API and the CLI ask for a
// Monday, but a library caller or a series of days need not): its weekends are the calendar's, a
// Saturday and the Sunday after it, in the catalogue and in what `solve` does with them.
import { describe, expect, it } from 'vitest';
import { solve } from '../../solver/index.ts';
import { evaluateAll, getConstraint, resolveWeight } from '../../solver/constraints/index.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { compileProblem } from '../../src/service-file/compile.ts';
import { addDays, weekdayOf } from '../../src/time/local-time.ts';
import { minimalFile } from './minimal-file.ts';

/** One worker, at most one weekend; a day session every Saturday and Sunday that needs one worker. */
function weekendFile() {
  const file = minimalFile();
  file.staff = [{ ...file.staff[0], skills: [], limits: { maxWeekends: 1 } }];
  file.templates = [
    {
      id: 'weekend-day',
      name: 'Weekend day',
      kind: 'group',
      siteId: 'hub',
      startTime: '09:00',
      endTime: '15:00',
      rrule: 'FREQ=WEEKLY;BYDAY=SA,SU',
      demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1, skills: [] }],
    },
  ];
  return file;
}

/** Weekends worked by the calendar: the distinct Saturdays of the dates worked (a Sunday's is the day before). */
function calendarWeekends(dates: readonly string[]): number {
  return new Set(dates.map((date) => (weekdayOf(date) === 6 ? addDays(date, -1) : date))).size;
}

/** Weekends worked as the catalogue counts them (its `weekends.max` with a maximum of 0). */
function catalogueWeekends(problem: Problem, assignments: readonly Assignment[]): number {
  const alone: Problem = { ...problem, workers: problem.workers.map((w) => ({ ...w, maxWeekends: 0 })) };
  const rule = getConstraint('weekends.max');
  const weight = resolveWeight(alone, rule);
  const [breach] = rule.evaluate(alone, assignments, weight);
  return breach ? Math.round((breach.penalty - PROTECTION_BASE) / weight) : 0;
}

describe('a plan starting on a Sunday', () => {
  it('counts Sunday 22 Nov and Saturday 28 Nov as two weekends, and 28 and 29 Nov as one: solve works the Saturday and the Sunday after it', () => {
    const { problem, slotInfo } = compileProblem(weekendFile(), { weekStart: '2026-11-22', days: 8 });
    expect(weekdayOf('2026-11-22')).toBe(6);
    const result = solve(problem, { seed: 1, maxMoves: 2000 });
    const dates = result.assignments.map((a) => slotInfo[a.slotId].date).sort();
    // Three sessions, one weekend allowed: the two of one weekend are worked, the lone Sunday left.
    expect(dates).toEqual(['2026-11-28', '2026-11-29']);
    expect(evaluateAll(problem, result.assignments).analysis.find((c) => c.id === 'weekends.max')!.total).toBe(0);
    expect(result.analysis.find((c) => c.id === 'weekends.max')!.total).toBe(0);
    expect(calendarWeekends(dates)).toBe(1);
    expect(catalogueWeekends(problem, result.assignments)).toBe(1);
  });

  it('agrees with the calendar on every rota of such a plan', () => {
    const { problem, slotInfo } = compileProblem(weekendFile(), { weekStart: '2026-11-22', days: 15 });
    const worker = problem.workers[0].id;
    const slots = problem.slots;
    for (let mask = 0; mask < 1 << slots.length; mask++) {
      const held = slots.filter((_, i) => (mask >> i) & 1);
      const assignments = held.map((s) => ({ slotId: s.id, workerId: worker, roleId: 'support' }));
      expect(catalogueWeekends(problem, assignments), held.map((s) => s.id).join(' ')).toBe(calendarWeekends(held.map((s) => slotInfo[s.id].date)));
    }
  });
});
