import { describe, expect, it } from 'vitest';
import { judge, makeProblem, makeWorker, places } from './support.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';
import { indexProblem, weekendsOfDays } from '../../solver/constraints/context.ts';
import type { Problem } from '../../solver/model.ts';
import { rng } from '../colgen/day-problem.ts';

// Two weeks; Saturdays are days 5 and 12, Sundays 6 and 13.
const slots = [5, 6, 12, 13, 2].map((d) => ({ id: `s${d}`, day: d, from: 9, to: 17, typeId: 'day' }));
const p = (maxWeekends: number) => makeProblem({ days: 14, slots, workers: [makeWorker({ id: 'jo', name: 'Jo', maxWeekends })] });

describe('weekends.max', () => {
  it('is clean for weekday work', () => {
    expect(judge('weekends.max', p(0), places(['s2', 'jo'])).total).toBe(0);
  });
  it('penalises each weekend over the maximum (Saturday and Sunday are one weekend)', () => {
    const r = judge('weekends.max', p(0), places(['s5', 'jo'], ['s6', 'jo'], ['s12', 'jo']));
    expect(r.total).toBe(PROTECTION_BASE + 2 * 60);
    expect(r.messages[0]).toBe('Jo: works 2 weekends; at most 0');
  });
  it('is 0 exactly at the maximum', () => {
    expect(judge('weekends.max', p(1), places(['s5', 'jo'], ['s6', 'jo'])).total).toBe(0);
  });
});

// A horizon need not start on a Monday (a Problem's days carry their weekdays; compileProblem takes
// any first date). A weekend is a Saturday and the Sunday after it, whatever day 0 is.
describe('weekends on horizons starting on any weekday', () => {
  /** The same slots on days whose weekdays start at `first` (0 = Monday ... 6 = Sunday). */
  const from = (first: number, maxWeekends: number, days = 15): Problem => {
    const base = makeProblem({ days, slots: Array.from({ length: days }, (_, d) => ({ id: `s${d}`, day: d, from: 9, to: 17 })), workers: [makeWorker({ id: 'jo', name: 'Jo', maxWeekends })] });
    return { ...base, days: base.days.map((day, d) => ({ ...day, weekday: (first + d) % 7 })) };
  };
  /** Weekends worked counted from the calendar alone: each Saturday worked, and each Sunday worked whose Saturday is not. */
  const byCalendar = (problem: Problem, worked: readonly number[]): number =>
    worked.filter((d) => {
      const weekday = problem.days[d].weekday;
      return weekday === 5 || (weekday === 6 && !(d > 0 && worked.includes(d - 1)));
    }).length;

  it('numbers a Saturday and the Sunday after it as one weekend, in order, and a Monday start as floor(day / 7)', () => {
    for (let first = 0; first < 7; first++) {
      const problem = from(first, 9, 23);
      const { dayWeekend, weekendCount } = weekendsOfDays(problem.days);
      expect(indexProblem(problem).dayWeekend).toEqual(dayWeekend);
      let next = 0;
      problem.days.forEach((day, d) => {
        if (day.weekday < 5) expect(dayWeekend[d]).toBe(-1);
        else if (day.weekday === 6 && d > 0) expect(dayWeekend[d], `start ${first}, day ${d}`).toBe(dayWeekend[d - 1]);
        else expect(dayWeekend[d], `start ${first}, day ${d}`).toBe(next++);
      });
      expect(weekendCount).toBe(next);
      if (first === 0) problem.days.forEach((day, d) => expect(dayWeekend[d]).toBe(day.weekday >= 5 ? Math.floor(d / 7) : -1));
      // From any day but a Sunday, the weekends hold the days floor(day / 7) grouped: only a Sunday start changes.
      const sameAsWeeks = problem.days.every((day, d) => day.weekday < 5 || problem.days.every((o, e) => o.weekday < 5 || (dayWeekend[d] === dayWeekend[e]) === (Math.floor(d / 7) === Math.floor(e / 7))));
      expect(sameAsWeeks, `start ${first}`).toBe(first !== 6);
    }
  });

  it('on a horizon starting on a Sunday: that Sunday and the next Saturday are two weekends; that Saturday and the Sunday after it one', () => {
    const sunday = from(6, 1);
    // Days 0 (Sunday) and 6 (Saturday): two weekends, one over.
    expect(judge('weekends.max', sunday, places(['s0', 'jo'], ['s6', 'jo'])).total).toBe(PROTECTION_BASE + 60);
    // Days 6 and 7 (Saturday, Sunday): one weekend.
    expect(judge('weekends.max', sunday, places(['s6', 'jo'], ['s7', 'jo'])).total).toBe(0);
    expect(judge('weekends.max', sunday, places(['s0', 'jo'], ['s6', 'jo'], ['s7', 'jo'], ['s13', 'jo'], ['s14', 'jo'])).messages[0]).toBe('Jo: works 3 weekends; at most 1');
  });

  it('on a horizon starting on a Saturday: days 0 and 1 are one weekend, as are days 7 and 8', () => {
    const saturday = from(5, 1);
    expect(judge('weekends.max', saturday, places(['s0', 'jo'], ['s1', 'jo'])).total).toBe(0);
    expect(judge('weekends.max', saturday, places(['s0', 'jo'], ['s1', 'jo'], ['s7', 'jo'], ['s8', 'jo'])).messages[0]).toBe('Jo: works 2 weekends; at most 1');
  });

  it('counts as the calendar does, on random rotas from every start weekday', () => {
    const r = rng(2207);
    for (let trial = 0; trial < 300; trial++) {
      const first = Math.floor(r() * 7);
      const problem = from(first, 0, 1 + Math.floor(r() * 20));
      const worked = problem.days.map((_, d) => d).filter(() => r() < 0.4);
      const over = byCalendar(problem, worked);
      const expected = over === 0 ? 0 : PROTECTION_BASE + 60 * over;
      expect(judge('weekends.max', problem, places(...worked.map((d): [string, string] => [`s${d}`, 'jo']))).total, `start ${first}, days ${worked.join(' ')}`).toBe(expected);
    }
  });
});
