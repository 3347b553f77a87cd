import { describe, expect, it } from 'vitest';
import { judge, makeProblem, makeWorker, places } from './support.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';

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
