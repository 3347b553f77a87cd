import { describe, expect, it } from 'vitest';
import { at, HOUR, judge, makeProblem, makeWorker, places } from './support.ts';
import type { Worker } from '../../solver/model.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';

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
    expect(r.total).toBe(PROTECTION_BASE + 90);
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
    expect(judge('overlap.noOverlap', p, places(['long', 'sam'], ['a', 'sam'], ['b', 'sam'])).total).toBe(2 * PROTECTION_BASE + 180);
  });
});

describe('rest.minGap', () => {
  it('is clean with more than 11 h between shifts', () => {
    expect(judge('rest.minGap', rota({ from: 12, to: 18 }), places(['d1', 'sam'], ['x', 'sam'])).total).toBe(0);
  });
  it('penalises each minute of rest short after a late shift, in words (the classic short rest)', () => {
    // 00:30 to 09:00 is 8 h 30 min; the working day from 17:30 to 17:00 spans 23 h 30 min.
    const r = judge('rest.minGap', rota({ from: 9, to: 17 }), places(['d1', 'sam'], ['x', 'sam']));
    expect(r.total).toBe(PROTECTION_BASE + 150);
    expect(r.messages).toEqual([
      'Sam: only 8 h 30 min rest after Tue 24 Nov drop-in 17:30-00:30 before Wed 25 Nov early 09:00-17:00; needs 11 h',
    ]);
  });
  it('is 0 with exactly 11 h of rest, and a breach one minute under', () => {
    expect(judge('rest.minGap', rota({ from: 11.5, to: 17 }), places(['d1', 'sam'], ['x', 'sam'])).total).toBe(0);
    const r = judge('rest.minGap', rota({ from: 11.5 - 1 / 60, to: 17 }), places(['d1', 'sam'], ['x', 'sam']));
    expect(r.total).toBe(PROTECTION_BASE + 1);
  });
  it('allows two sessions in one day: the day still leaves 11 h of rest in its 24 hours', () => {
    const p = makeProblem({
      slots: [
        { id: 'am', day: 0, from: 9, to: 12, typeId: 'session' },
        { id: 'pm', day: 0, from: 13, to: 16, typeId: 'session' },
        { id: 'next', day: 1, from: 9, to: 12, typeId: 'session' },
      ],
      workers: [makeWorker({ id: 'sam', name: 'Sam', minRestMinutes: 11 * HOUR })],
    });
    expect(judge('rest.minGap', p, places(['am', 'sam'], ['pm', 'sam'], ['next', 'sam'])).total).toBe(0);
  });
  it('is 0 for a working day spanning exactly 13 h, and breaks a minute longer', () => {
    const p = (endHours: number) =>
      makeProblem({
        slots: [
          { id: 'am', day: 0, from: 8, to: 12, typeId: 'session' },
          { id: 'pm', day: 0, from: 13, to: endHours, typeId: 'session' },
        ],
        workers: [makeWorker({ id: 'sam', name: 'Sam', minRestMinutes: 11 * HOUR })],
      });
    expect(judge('rest.minGap', p(21), places(['am', 'sam'], ['pm', 'sam'])).total).toBe(0);
    // 08:00 to 21:01 is 13 h 1 min: the 1 h gap is 10 h short of the 11 h rest.
    const r = judge('rest.minGap', p(21 + 1 / 60), places(['am', 'sam'], ['pm', 'sam']));
    expect(r.total).toBe(PROTECTION_BASE + 10 * HOUR);
  });
  it('chains three sessions into one working day and breaks only the pair that runs it past 13 h', () => {
    const p = (lastTo: number) =>
      makeProblem({
        slots: [
          { id: 'a', day: 0, from: 8, to: 11, typeId: 'session' },
          { id: 'b', day: 0, from: 12, to: 15, typeId: 'session' },
          { id: 'c', day: 0, from: 16, to: lastTo, typeId: 'session' },
        ],
        workers: [makeWorker({ id: 'sam', name: 'Sam', minRestMinutes: 11 * HOUR })],
      });
    const all = places(['a', 'sam'], ['b', 'sam'], ['c', 'sam']);
    expect(judge('rest.minGap', p(20), all).total).toBe(0); // 08:00-20:00: 12 h
    const r = judge('rest.minGap', p(22), all); // 08:00-22:00: 14 h; the 1 h gap before c is 10 h short
    expect(r.total).toBe(PROTECTION_BASE + 10 * HOUR);
    expect(r.messages).toEqual([
      'Sam: only 1 h rest after Mon 23 Nov session 12:00-15:00 before Mon 23 Nov session 16:00-22:00; needs 11 h (a working day from the start of Mon 23 Nov session 08:00-11:00 spanning 14 h, more than 13 h)',
    ]);
    // Without the first session the day runs 12:00-22:00 (10 h): fine.
    expect(judge('rest.minGap', p(22), places(['b', 'sam'], ['c', 'sam'])).total).toBe(0);
  });
  it('ends a working day at a full rest: the next day starts afresh', () => {
    const p = makeProblem({
      slots: [
        { id: 'a', day: 0, from: 8, to: 12, typeId: 'session' },
        { id: 'b', day: 0, from: 13, to: 17, typeId: 'session' },
        { id: 'c', day: 1, from: 4, to: 8, typeId: 'early' }, // 11 h after b
        { id: 'd', day: 1, from: 9, to: 12, typeId: 'session' },
      ],
      workers: [makeWorker({ id: 'sam', name: 'Sam', minRestMinutes: 11 * HOUR })],
    });
    expect(judge('rest.minGap', p, places(['a', 'sam'], ['b', 'sam'], ['c', 'sam'], ['d', 'sam'])).total).toBe(0);
  });
  it('judges the first shift against the last shift before the rota', () => {
    const tight = rota({ from: 11.5, to: 17 }, { history: { minutesByWeek: [], consecutiveDaysWorked: 0, lastShiftEndMin: at(1, 8) } });
    const r = judge('rest.minGap', tight, places(['d1', 'sam']));
    expect(r.total).toBe(PROTECTION_BASE + 11 * HOUR - (9 * HOUR + 30));
    expect(r.messages[0]).toContain('only 9 h 30 min rest between the last shift before the rota and Tue 24 Nov drop-in');
    const exact = rota({ from: 11.5, to: 17 }, { history: { minutesByWeek: [], consecutiveDaysWorked: 0, lastShiftEndMin: at(1, 6, 30) } });
    expect(judge('rest.minGap', exact, places(['d1', 'sam'])).total).toBe(0);
  });
  it('leaves a shift overlapping the last one before the rota to overlap.noOverlap: never a negative rest', () => {
    // The last shift before the rota ran until 19:00 on Tuesday; the drop-in starts at 17:30.
    const clash = rota({ from: 12, to: 18 }, { history: { minutesByWeek: [], consecutiveDaysWorked: 0, lastShiftEndMin: at(1, 19) } });
    expect(judge('rest.minGap', clash, places(['d1', 'sam'])).total).toBe(0);
    const o = judge('overlap.noOverlap', clash, places(['d1', 'sam']));
    expect(o.total).toBe(PROTECTION_BASE + 90);
    expect(o.messages).toEqual(['Sam: Tue 24 Nov drop-in 17:30-00:30 overlaps the last shift before the rota by 1 h 30 min']);
    const touching = rota({ from: 12, to: 18 }, { history: { minutesByWeek: [], consecutiveDaysWorked: 0, lastShiftEndMin: at(1, 17, 30) } });
    expect(judge('overlap.noOverlap', touching, places(['d1', 'sam'])).total).toBe(0);
  });
  // The first shift already published after the rota: Thursday 06:00-14:00 (the rota is Mon-Wed here).
  const threeDays = (nextStartHours: number, worker: Partial<Worker> = {}) =>
    makeProblem({
      days: 3,
      slots: [
        { id: 'sun', day: 2, from: 15, to: 23.5, typeId: 'late' },
        { id: 'am', day: 2, from: 8, to: 12, typeId: 'early' },
      ],
      workers: [
        makeWorker({
          id: 'sam',
          name: 'Sam',
          minRestMinutes: 11 * HOUR,
          following: { nextShiftStartMin: at(3, 0) + nextStartHours * HOUR, nextShiftEndMin: at(3, 0) + (nextStartHours + 8) * HOUR, consecutiveDaysWorked: 1 },
          ...worker,
        }),
      ],
    });
  it('judges the last shift against the first shift already published after the rota (the 6.5 h rest)', () => {
    const r = judge('rest.minGap', threeDays(6), places(['sun', 'sam']));
    expect(r.total).toBe(PROTECTION_BASE + 11 * HOUR - (6 * HOUR + 30));
    expect(r.messages).toEqual(['Sam: only 6 h 30 min rest after Wed 25 Nov late 15:00-23:30 before the next shift after the rota; needs 11 h']);
    // Only the last held shift is judged against it.
    expect(judge('rest.minGap', threeDays(6), places(['am', 'sam'])).total).toBe(0);
  });
  it('is 0 with exactly 11 h before the next shift after the rota, and a breach a minute under', () => {
    expect(judge('rest.minGap', threeDays(10.5), places(['sun', 'sam'])).total).toBe(0);
    expect(judge('rest.minGap', threeDays(10.5 - 1 / 60), places(['sun', 'sam'])).total).toBe(PROTECTION_BASE + 1);
    expect(judge('rest.minGap', threeDays(6, { minRestMinutes: 0 }), places(['sun', 'sam'])).total).toBe(0);
  });
  it('counts an overlap with the next shift after the rota as an overlap', () => {
    const p = makeProblem({
      days: 3,
      slots: [{ id: 'night', day: 2, from: 21, to: 31 }],
      workers: [makeWorker({ id: 'sam', name: 'Sam', minRestMinutes: 11 * HOUR, following: { nextShiftStartMin: at(3, 6), nextShiftEndMin: at(3, 14), consecutiveDaysWorked: 1 } })],
    });
    const o = judge('overlap.noOverlap', p, places(['night', 'sam']));
    expect(o.total).toBe(PROTECTION_BASE + HOUR);
    expect(o.messages).toEqual(['Sam: Wed 25 Nov day 21:00-07:00 overlaps the next shift after the rota by 1 h']);
    expect(judge('rest.minGap', p, places(['night', 'sam'])).total).toBe(0);
    expect(judge('overlap.noOverlap', p, places()).total).toBe(0);
    // Back to back with it (half-open): no overlap, but no rest either.
    const touching = { ...p, workers: [{ ...p.workers[0], following: { nextShiftStartMin: at(3, 7), nextShiftEndMin: at(3, 15), consecutiveDaysWorked: 1 } }] };
    expect(judge('overlap.noOverlap', touching, places(['night', 'sam'])).total).toBe(0);
    expect(judge('rest.minGap', touching, places(['night', 'sam'])).total).toBe(PROTECTION_BASE + 11 * HOUR);
  });
  it('is switched off by minRestMinutes 0', () => {
    expect(judge('rest.minGap', rota({ from: 9, to: 17 }, { minRestMinutes: 0 }), places(['d1', 'sam'], ['x', 'sam'])).total).toBe(0);
  });
  it('scales the size with a weight override (the base stays)', () => {
    const p = { ...rota({ from: 9, to: 17 }), weights: { 'rest.minGap': 2 } };
    expect(judge('rest.minGap', p, places(['d1', 'sam'], ['x', 'sam'])).total).toBe(PROTECTION_BASE + 300);
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
    expect(r.total).toBe(PROTECTION_BASE + 120);
    expect(r.messages[0]).toBe('Sam: 3 shifts on Mon 23 Nov; at most 1');
  });
  it('is 0 exactly at the cap', () => {
    expect(judge('rest.maxShiftsPerDay', p(2), places(['a', 'sam'], ['b', 'sam'])).total).toBe(0);
  });
});
