import { describe, expect, it } from 'vitest';
import { at, HOUR, judge, makeProblem, makeWorker, places } from './support.ts';
import type { Worker } from '../../solver/model.ts';

const dropIn = { id: 'd1', day: 1, from: 17.5, to: 24.5, typeId: 'drop-in' };

function rota(next: { from: number; to: number; day?: number }, worker: Partial<Worker> = {}) {
  return makeProblem({
    slots: [dropIn, { id: 'x', day: next.day ?? 2, from: next.from, to: next.to, typeId: 'early' }],
    workers: [makeWorker({ id: 'sam', name: 'Sam', minRestMinutes: 11 * HOUR, ...worker })],
  });
}

describe('overlap.noOverlap', () => {
  it('is clean for back-to-back slots (half-open intervals)', () => {
    expect(judge('overlap.noOverlap', rota({ day: 1, from: 24.5, to: 28 }), places(['d1', 'sam'], ['x', 'sam'])).total).toBe(0);
  });
  it('penalises the overlapping minutes', () => {
    const r = judge('overlap.noOverlap', rota({ day: 1, from: 23, to: 26 }), places(['d1', 'sam'], ['x', 'sam']));
    expect(r.total).toBe(90);
    expect(r.messages[0]).toBe('Sam: Tue 24 Nov drop-in 17:30-00:30 and Tue 24 Nov early 23:00-02:00 overlap by 1 h 30 min');
  });
  it('counts a slot inside another once per pair', () => {
    const p = makeProblem({
      slots: [
        { id: 'long', day: 0, from: 8, to: 20 },
        { id: 'a', day: 0, from: 9, to: 10 },
        { id: 'b', day: 0, from: 11, to: 13 },
      ],
      workers: [makeWorker({ id: 'sam', name: 'Sam' })],
    });
    expect(judge('overlap.noOverlap', p, places(['long', 'sam'], ['a', 'sam'], ['b', 'sam'])).total).toBe(180);
  });
});

describe('rest.minGap', () => {
  it('is clean with more than 11 h between shifts', () => {
    expect(judge('rest.minGap', rota({ from: 12, to: 18 }), places(['d1', 'sam'], ['x', 'sam'])).total).toBe(0);
  });
  it('penalises each minute of rest short, in words', () => {
    const r = judge('rest.minGap', rota({ from: 9, to: 17 }), places(['d1', 'sam'], ['x', 'sam']));
    expect(r.total).toBe(150);
    expect(r.messages[0]).toBe(
      'Sam: only 8 h 30 min rest after Tue 24 Nov drop-in 17:30-00:30 before Wed 25 Nov early 09:00-17:00; needs 11 h',
    );
  });
  it('is 0 with exactly 11 h of rest', () => {
    expect(judge('rest.minGap', rota({ from: 11.5, to: 17 }), places(['d1', 'sam'], ['x', 'sam'])).total).toBe(0);
  });
  it('judges the first shift against the last shift before the rota', () => {
    const tight = rota({ from: 11.5, to: 17 }, { history: { minutesByWeek: [], consecutiveDaysWorked: 0, lastShiftEndMin: at(1, 8) } });
    const r = judge('rest.minGap', tight, places(['d1', 'sam']));
    expect(r.total).toBe(11 * HOUR - (9 * HOUR + 30));
    expect(r.messages[0]).toContain('only 9 h 30 min rest between the last shift before the rota and Tue 24 Nov drop-in');
    const exact = rota({ from: 11.5, to: 17 }, { history: { minutesByWeek: [], consecutiveDaysWorked: 0, lastShiftEndMin: at(1, 6, 30) } });
    expect(judge('rest.minGap', exact, places(['d1', 'sam'])).total).toBe(0);
  });
  it('is switched off by minRestMinutes 0', () => {
    expect(judge('rest.minGap', rota({ from: 9, to: 17 }, { minRestMinutes: 0 }), places(['d1', 'sam'], ['x', 'sam'])).total).toBe(0);
  });
  it('scales with a weight override', () => {
    const p = { ...rota({ from: 9, to: 17 }), weights: { 'rest.minGap': 2 } };
    expect(judge('rest.minGap', p, places(['d1', 'sam'], ['x', 'sam'])).total).toBe(300);
  });
});

describe('rest.maxShiftsPerDay', () => {
  const p = (max: number) =>
    makeProblem({
      slots: [
        { id: 'a', day: 0, from: 9, to: 11 },
        { id: 'b', day: 0, from: 12, to: 14 },
        { id: 'c', day: 0, from: 15, to: 17 },
      ],
      workers: [makeWorker({ id: 'sam', name: 'Sam', maxShiftsPerDay: max })],
    });
  it('is clean under the cap', () => {
    expect(judge('rest.maxShiftsPerDay', p(2), places(['a', 'sam'])).total).toBe(0);
  });
  it('penalises each shift over the cap', () => {
    const r = judge('rest.maxShiftsPerDay', p(1), places(['a', 'sam'], ['b', 'sam'], ['c', 'sam']));
    expect(r.total).toBe(120);
    expect(r.messages[0]).toBe('Sam: 3 shifts on Mon 23 Nov; at most 1');
  });
  it('is 0 exactly at the cap', () => {
    expect(judge('rest.maxShiftsPerDay', p(2), places(['a', 'sam'], ['b', 'sam'])).total).toBe(0);
  });
});
