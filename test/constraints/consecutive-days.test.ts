import { describe, expect, it } from 'vitest';
import { at, HOUR, judge, makeProblem, makeWorker, places } from './support.ts';
import { shortInnerRuns } from '../../solver/constraints/consecutive-days.ts';
import { indexProblem } from '../../solver/constraints/context.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';
import type { Worker } from '../../solver/model.ts';

// One day shift 09:00-17:00 on each of 14 days.
const slots = Array.from({ length: 14 }, (_, d) => ({ id: `s${d}`, day: d, from: 9, to: 17, typeId: 'day' }));
const p = (worker: Partial<Worker>) => makeProblem({ days: 14, slots, workers: [makeWorker({ id: 'ravi', name: 'Ravi', ...worker })] });
const onDays = (...days: number[]) => places(...days.map((d) => [`s${d}`, 'ravi'] as [string, string]));

describe('days.maxConsecutive', () => {
  it('is clean for short runs', () => {
    expect(judge('days.maxConsecutive', p({ maxConsecutiveDays: 3 }), onDays(2, 3, 4, 6, 7)).total).toBe(0);
  });
  it('penalises each day over the maximum run', () => {
    const r = judge('days.maxConsecutive', p({ maxConsecutiveDays: 3 }), onDays(2, 3, 4, 5, 6));
    expect(r.total).toBe(PROTECTION_BASE + 2 * 60);
    expect(r.messages[0]).toBe('Ravi: works 5 days in a row to Sun 29 Nov; at most 3');
  });
  it('counts days worked before the rota into a run touching day 0', () => {
    const r = judge('days.maxConsecutive', p({ maxConsecutiveDays: 3, history: { minutesByWeek: [], consecutiveDaysWorked: 2 } }), onDays(0, 1));
    expect(r.total).toBe(PROTECTION_BASE + 60);
    expect(r.messages[0]).toContain('(2 before the rota)');
  });
  it('is 0 exactly at the maximum', () => {
    expect(judge('days.maxConsecutive', p({ maxConsecutiveDays: 3, history: { minutesByWeek: [], consecutiveDaysWorked: 1 } }), onDays(0, 1)).total).toBe(0);
  });
  // Days already published after the rota (a later week published first) continue a run on its last day.
  const after = (days: number) => ({ following: { nextShiftStartMin: 0, nextShiftEndMin: 1, consecutiveDaysWorked: days } });
  it('counts days fixed after the rota into a run touching the last day', () => {
    const r = judge('days.maxConsecutive', p({ maxConsecutiveDays: 3, ...after(2) }), onDays(12, 13));
    expect(r.total).toBe(PROTECTION_BASE + 60);
    expect(r.messages[0]).toBe('Ravi: works 4 days in a row through Sun 36 Nov (2 after it); at most 3');
  });
  it('is 0 exactly at the maximum with days after, and leaves runs ending earlier alone', () => {
    expect(judge('days.maxConsecutive', p({ maxConsecutiveDays: 3, ...after(1) }), onDays(12, 13)).total).toBe(0);
    expect(judge('days.maxConsecutive', p({ maxConsecutiveDays: 3, ...after(3) }), onDays(10, 11, 12)).total).toBe(0);
  });
  it('adds both sides to a run spanning the whole rota', () => {
    const both = p({ maxConsecutiveDays: 16, history: { minutesByWeek: [], consecutiveDaysWorked: 1 }, ...after(2) });
    const all = onDays(...Array.from({ length: 14 }, (_, d) => d));
    const r = judge('days.maxConsecutive', both, all);
    expect(r.total).toBe(PROTECTION_BASE + 60);
    expect(r.messages[0]).toContain('(1 before the rota, 2 after it)');
  });
});

describe('days.minConsecutive', () => {
  it('is clean for long enough runs', () => {
    expect(judge('days.minConsecutive', p({ minConsecutiveDays: 2 }), onDays(3, 4, 8, 9, 10)).total).toBe(0);
  });
  it('penalises each day short of the minimum run', () => {
    const r = judge('days.minConsecutive', p({ minConsecutiveDays: 3 }), onDays(3, 8, 9));
    expect(r.total).toBe(2 * 60 + 60);
    expect(r.messages).toContain('Ravi: works only 1 day in a row from Thu 26 Nov; at least 3');
  });
  it('exempts runs touching the first or last day, and is 0 exactly at the minimum', () => {
    expect(judge('days.minConsecutive', p({ minConsecutiveDays: 3 }), onDays(0, 13)).total).toBe(0);
    expect(judge('days.minConsecutive', p({ minConsecutiveDays: 3 }), onDays(4, 5, 6)).total).toBe(0);
  });
});

describe('shortInnerRuns (both minimum-run rules)', () => {
  // Slot sN is day N. Worked: 0 | 3-4 | 8-10 | 13; off: 1-2 | 5-7 | 11-12.
  const ix = indexProblem(p({}));
  const held = [0, 3, 4, 8, 9, 10, 13];
  it('lists inner runs of worked days shorter than the minimum as [first day, length]', () => {
    expect(shortInnerRuns(ix, held, 1, 3)).toEqual([[3, 2]]);
    expect(shortInnerRuns(ix, held, 1, 4)).toEqual([[3, 2], [8, 3]]);
  });
  it('lists inner runs of days off the same way, never one touching the first or last day', () => {
    expect(shortInnerRuns(ix, held, 0, 3)).toEqual([[1, 2], [11, 2]]);
    expect(shortInnerRuns(ix, held, 0, 4)).toEqual([[1, 2], [5, 3], [11, 2]]);
    expect(shortInnerRuns(ix, [], 0, 20)).toEqual([]);
    expect(shortInnerRuns(ix, [0, 13], 1, 5)).toEqual([]);
  });
});

describe('days.minConsecutiveOff', () => {
  it('is clean for long enough breaks', () => {
    expect(judge('days.minConsecutiveOff', p({ minConsecutiveDaysOff: 2 }), onDays(1, 2, 5, 6)).total).toBe(0);
  });
  it('penalises each day short of the minimum run off', () => {
    const r = judge('days.minConsecutiveOff', p({ minConsecutiveDaysOff: 3 }), onDays(1, 2, 4, 5));
    expect(r.total).toBe(2 * 60);
    expect(r.messages[0]).toBe('Ravi: only 1 day off in a row from Thu 26 Nov; at least 3');
  });
  it('exempts breaks touching the edges, and is 0 exactly at the minimum', () => {
    expect(judge('days.minConsecutiveOff', p({ minConsecutiveDaysOff: 3 }), onDays(1, 12)).total).toBe(0);
    expect(judge('days.minConsecutiveOff', p({ minConsecutiveDaysOff: 3 }), onDays(1, 5)).total).toBe(0);
    expect(judge('days.minConsecutiveOff', p({ minConsecutiveDaysOff: 3 }), []).total).toBe(0);
  });
});

describe('days.weeklyRest', () => {
  it('is clean with a long enough break in every full week', () => {
    expect(judge('days.weeklyRest', p({ weeklyRestMinutes: 24 * HOUR }), onDays(0, 1, 2, 3, 4, 5, 7, 8)).total).toBe(0);
  });
  it('penalises each minute short of the longest unbroken rest in the week', () => {
    // Every day of week 0 worked 09:00-17:00: the longest rest is 16 h (17:00 to 09:00).
    const r = judge('days.weeklyRest', p({ weeklyRestMinutes: 24 * HOUR }), onDays(0, 1, 2, 3, 4, 5, 6));
    expect(r.total).toBe(PROTECTION_BASE + 8 * HOUR);
    expect(r.messages[0]).toBe('Ravi: longest rest in the week of Mon 23 Nov is 16 h; needs 24 h unbroken');
  });
  it('counts rest up to the week edges, and is 0 exactly at the need', () => {
    // Week 0 worked on days 1-6 only: rest from Monday 00:00 to Tuesday 09:00 is 33 h.
    expect(judge('days.weeklyRest', p({ weeklyRestMinutes: 33 * HOUR }), onDays(1, 2, 3, 4, 5, 6)).total).toBe(0);
    expect(judge('days.weeklyRest', p({ weeklyRestMinutes: 33 * HOUR + 1 }), onDays(1, 2, 3, 4, 5, 6)).total).toBe(PROTECTION_BASE + 1);
  });

  // The fortnightly forms: each full week with the one before it (the week before day 0 from history).
  const everyDay = Array.from({ length: 14 }, (_, d) => d);
  const except = (...off: number[]) => onDays(...everyDay.filter((d) => !off.includes(d)));
  const lastWeekDaily = { minutesByWeek: [], consecutiveDaysWorked: 7, recentShifts: Array.from({ length: 7 }, (_, i) => ({ startMin: at(i - 7, 9), endMin: at(i - 7, 17) })) };

  it("'48h-in-14': needs one unbroken rest of twice the weekly rest in each two weeks", () => {
    const form = { weeklyRestMinutes: 24 * HOUR, weeklyRestForm: '48h-in-14' as const };
    // Sat 17:00 to Mon 09:00 is 40 h and the last Sunday gives 31 h: enough for 24 h a week, not for 48 h a fortnight.
    expect(judge('days.weeklyRest', p({ weeklyRestMinutes: 24 * HOUR }), except(6, 13)).total).toBe(0);
    const r = judge('days.weeklyRest', p(form), except(6, 13));
    // Week 0 with the week before (no history: rest) is fine; weeks 0 and 1 hold 40 h at most.
    expect(r.total).toBe(PROTECTION_BASE + 8 * HOUR);
    expect(r.messages).toEqual(['Ravi: in the weeks of Mon 23 Nov and Mon 30 Nov, longest rest is 40 h; needs 48 h unbroken in each 14 days']);
    // Fri 17:00 to Mon 09:00 is 64 h.
    expect(judge('days.weeklyRest', p(form), except(5, 6)).total).toBe(0);
  });

  it("'48h-in-14' is exactly at the limit at twice the weekly rest", () => {
    expect(judge('days.weeklyRest', p({ weeklyRestMinutes: 20 * HOUR, weeklyRestForm: '48h-in-14' }), except(6)).total).toBe(0);
    expect(judge('days.weeklyRest', p({ weeklyRestMinutes: 20 * HOUR + 1, weeklyRestForm: '48h-in-14' }), except(6)).total).toBe(PROTECTION_BASE + 2);
  });

  it('reads the week before the rota from history', () => {
    const form = { weeklyRestMinutes: 24 * HOUR, weeklyRestForm: '48h-in-14' as const };
    // Days 0-5 worked, day 6 off: 31 h of rest from Sat 17:00 to the end of week 0.
    expect(judge('days.weeklyRest', p(form), onDays(0, 1, 2, 3, 4, 5)).total).toBe(0);
    const r = judge('days.weeklyRest', p({ ...form, history: lastWeekDaily }), onDays(0, 1, 2, 3, 4, 5));
    expect(r.total).toBe(PROTECTION_BASE + 17 * HOUR);
    expect(r.messages).toEqual(['Ravi: in the week before the rota and the week of Mon 23 Nov, longest rest is 31 h; needs 48 h unbroken in each 14 days']);
    // The last shift's end alone says they were at work then (Sunday 23:00): the rest before it is unknown, so rest.
    const late = { minutesByWeek: [], consecutiveDaysWorked: 1, lastShiftEndMin: at(-1, 23) };
    expect(judge('days.weeklyRest', p({ ...form, history: late }), onDays(0, 1, 2, 3, 4, 5)).total).toBe(0);
  });

  it("'2x24h-in-14': two rests of the weekly rest each, or one of twice it", () => {
    const form = { weeklyRestMinutes: 24 * HOUR, weeklyRestForm: '2x24h-in-14' as const };
    // One rest of 40 h and 16 h nights: 8 h short either way (stretch 40 h to 48 h, or a 16 h night to 24 h).
    const r = judge('days.weeklyRest', p(form), except(6));
    expect(r.total).toBe(PROTECTION_BASE + 8 * HOUR);
    expect(r.messages).toEqual(['Ravi: in the weeks of Mon 23 Nov and Mon 30 Nov, longest rests are 40 h and 16 h; needs two rests of 24 h (or one of 48 h) in each 14 days']);
    expect(judge('days.weeklyRest', p(form), except(3, 10)).total).toBe(0); // two rests of 40 h
    expect(judge('days.weeklyRest', p(form), except(5, 6)).total).toBe(0); // one rest of 64 h
    // At the limit: every day worked leaves nights of 16 h, so two rests of exactly 16 h; one minute more is
    // short twice.
    expect(judge('days.weeklyRest', p({ weeklyRestMinutes: 16 * HOUR, weeklyRestForm: '2x24h-in-14' }), onDays(...everyDay)).total).toBe(0);
    expect(judge('days.weeklyRest', p({ weeklyRestMinutes: 16 * HOUR + 1, weeklyRestForm: '2x24h-in-14' }), onDays(...everyDay)).total).toBe(PROTECTION_BASE + 2);
  });
});
