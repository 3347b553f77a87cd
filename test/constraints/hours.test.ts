import { describe, expect, it } from 'vitest';
import { HOUR, judge, makeProblem, makeWorker, places } from './support.ts';
import type { Worker } from '../../solver/model.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';

// Four 7-hour drop-ins in week 0 (28 h) and one in the partial week 1 (days 7-9).
const slots = [
  { id: 'd0', day: 0, from: 17.5, to: 24.5, typeId: 'drop-in' },
  { id: 'd1', day: 1, from: 17.5, to: 24.5, typeId: 'drop-in' },
  { id: 'd2', day: 2, from: 17.5, to: 24.5, typeId: 'drop-in' },
  { id: 'd3', day: 3, from: 17.5, to: 24.5, typeId: 'drop-in' },
  { id: 'd8', day: 8, from: 17.5, to: 24.5, typeId: 'drop-in' },
];
const p = (worker: Partial<Worker>) => makeProblem({ days: 10, slots, workers: [makeWorker({ id: 'ann', name: 'Ann', ...worker })] });
const four = places(['d0', 'ann'], ['d1', 'ann'], ['d2', 'ann'], ['d3', 'ann']);

describe('hours.weekHard', () => {
  it('is clean inside the hard band', () => {
    expect(judge('hours.weekHard', p({ minutesPerWeek: { hardMin: 7 * HOUR, hardMax: 48 * HOUR } }), four).total).toBe(0);
  });
  it('penalises minutes over the hard maximum', () => {
    const r = judge('hours.weekHard', p({ minutesPerWeek: { hardMax: 24 * HOUR } }), four);
    expect(r.total).toBe(PROTECTION_BASE + 4 * HOUR);
    expect(r.messages[0]).toBe('Ann: week of Mon 23 Nov has 28 h, above 24 h (limit)');
  });
  it('penalises minutes under the hard minimum in full weeks only', () => {
    const r = judge('hours.weekHard', p({ minutesPerWeek: { hardMin: 30 * HOUR } }), four);
    expect(r.total).toBe(2 * HOUR); // no protection base under a minimum; week 1 has only 3 days: no minimum there
    expect(r.messages[0]).toContain('28 h, below 30 h');
  });
  it('is 0 exactly at the limits', () => {
    expect(judge('hours.weekHard', p({ minutesPerWeek: { hardMin: 28 * HOUR, hardMax: 28 * HOUR } }), four).total).toBe(0);
  });
});

describe('hours.weekSoft', () => {
  it('is clean inside the contract band', () => {
    expect(judge('hours.weekSoft', p({ minutesPerWeek: { softMin: 28 * HOUR, softMax: 28 * HOUR } }), four).total).toBe(0);
  });
  it('penalises minutes under the contract', () => {
    const r = judge('hours.weekSoft', p({ minutesPerWeek: { softMin: 28 * HOUR } }), places(['d0', 'ann']));
    expect(r.total).toBe(21 * HOUR);
    expect(r.messages[0]).toBe('Ann: week of Mon 23 Nov has 7 h, below 28 h (contract)');
  });
});

describe('hours.totalHard', () => {
  it('is clean inside the band', () => {
    expect(judge('hours.totalHard', p({ minutesTotal: { hardMax: 35 * HOUR } }), [...four, ...places(['d8', 'ann'])]).total).toBe(0);
  });
  it('penalises minutes outside the band over the whole rota', () => {
    const r = judge('hours.totalHard', p({ minutesTotal: { hardMin: 30 * HOUR, hardMax: 40 * HOUR } }), four);
    expect(r.total).toBe(2 * HOUR);
    expect(r.messages[0]).toBe('Ann: 28 h, below 30 h over the rota (limit)');
  });
  it('is 0 exactly at the maximum', () => {
    expect(judge('hours.totalHard', p({ minutesTotal: { hardMax: 28 * HOUR } }), four).total).toBe(0);
  });
});

describe('hours.totalSoft', () => {
  it('is clean inside the band', () => {
    expect(judge('hours.totalSoft', p({ minutesTotal: { softMin: 28 * HOUR } }), four).total).toBe(0);
  });
  it('penalises minutes above the soft maximum', () => {
    const r = judge('hours.totalSoft', p({ minutesTotal: { softMax: 20 * HOUR } }), four);
    expect(r.total).toBe(8 * HOUR);
    expect(r.messages[0]).toContain('28 h, above 20 h over the rota (contract)');
  });
});

describe('hours.averageWeekly', () => {
  const avg = { maxMinutesPerWeek: 20 * HOUR, referenceWeeks: 3 };
  it('is clean when the average stays under the cap', () => {
    const w = { averageWeekly: avg, history: { minutesByWeek: [10 * HOUR, 10 * HOUR], consecutiveDaysWorked: 0 } };
    expect(judge('hours.averageWeekly', p(w), four).total).toBe(0); // 10 + 10 + 28 = 48 <= 60
  });
  it('counts history into the reference period and penalises minutes over', () => {
    const w = { averageWeekly: avg, history: { minutesByWeek: [99 * HOUR, 20 * HOUR, 20 * HOUR], consecutiveDaysWorked: 0 } };
    const r = judge('hours.averageWeekly', p(w), four);
    // Week 0 window: 20 + 20 + 28 = 68 h (cap 60 h): 8 h over. Week 1 window: 20 + 28 + 0 = 48 h: fine.
    expect(r.total).toBe(PROTECTION_BASE + 8 * HOUR);
    expect(r.messages[0]).toBe('Ann: 68 h in the 3 weeks to the week of Mon 23 Nov, 8 h over an average of 20 h a week');
  });
  it('is 0 exactly at the cap', () => {
    const w = { averageWeekly: avg, history: { minutesByWeek: [16 * HOUR, 16 * HOUR], consecutiveDaysWorked: 0 } };
    expect(judge('hours.averageWeekly', p(w), four).total).toBe(0); // 16 + 16 + 28 = 60
  });
});

describe('hours.nightAverage', () => {
  // A night worker's cap over 3 weeks (tests use small numbers: 20 h a week).
  const night = { maxMinutesPerWeek: 20 * HOUR, referenceWeeks: 3 };
  it('is clean when the average stays under the cap', () => {
    const w = { nightAverage: night, history: { minutesByWeek: [10 * HOUR, 10 * HOUR], consecutiveDaysWorked: 0 } };
    expect(judge('hours.nightAverage', p(w), four).total).toBe(0); // 10 + 10 + 28 = 48 <= 60
  });
  it('counts history into the reference period, and holds for a worker who opted out of the 48-hour average', () => {
    // No averageWeekly: the worker opted out; the night workers' limit has no opt-out.
    const w = { nightAverage: night, history: { minutesByWeek: [99 * HOUR, 20 * HOUR, 20 * HOUR], consecutiveDaysWorked: 0 } };
    const r = judge('hours.nightAverage', p(w), four);
    expect(r.total).toBe(PROTECTION_BASE + 8 * HOUR);
    expect(r.messages[0]).toBe(
      "Ann (a night worker): 68 h in the 3 weeks to the week of Mon 23 Nov, 8 h over the night workers' average of 8 h a day (20 h a week after weekly rest)",
    );
    expect(judge('hours.averageWeekly', p(w), four).total).toBe(0);
  });
  it('is 0 exactly at the cap, and nothing for a worker who is not a night worker', () => {
    const w = { nightAverage: night, history: { minutesByWeek: [16 * HOUR, 16 * HOUR], consecutiveDaysWorked: 0 } };
    expect(judge('hours.nightAverage', p(w), four).total).toBe(0); // 16 + 16 + 28 = 60
    const over = { nightAverage: night, history: { minutesByWeek: [16 * HOUR, 16 * HOUR + 1], consecutiveDaysWorked: 0 } };
    expect(judge('hours.nightAverage', p(over), four).total).toBe(PROTECTION_BASE + 1);
    expect(judge('hours.nightAverage', p({ history: over.history }), four).total).toBe(0);
  });
});

describe('hours.maxByType', () => {
  it('is clean under the cap', () => {
    expect(judge('hours.maxByType', p({ maxByType: { 'drop-in': 4 } }), four).total).toBe(0);
  });
  it('penalises each shift over the cap; 0 means never', () => {
    const r = judge('hours.maxByType', p({ maxByType: { 'drop-in': 0 } }), four);
    expect(r.total).toBe(PROTECTION_BASE + 4 * 60);
    expect(r.messages[0]).toBe('Ann: 4 drop-in shifts; at most 0');
  });
  it('is 0 exactly at the cap', () => {
    expect(judge('hours.maxByType', p({ maxByType: { 'drop-in': 3 } }), places(['d0', 'ann'], ['d1', 'ann'], ['d2', 'ann'])).total).toBe(0);
  });
});
