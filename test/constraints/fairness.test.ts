import { describe, expect, it } from 'vitest';
import { judge, makeProblem, makeWorker, places } from './support.ts';

const workers = [makeWorker({ id: 'sam', name: 'Sam' }), makeWorker({ id: 'kemi', name: 'Kemi', kind: 'bank' })];
const p = makeProblem({
  days: 7,
  bankHolidays: [0],
  slots: [
    { id: 'sat', day: 5, from: 9, to: 17, typeId: 'day' },
    { id: 'sun', day: 6, from: 9, to: 17, typeId: 'day' },
    { id: 'bh', day: 0, from: 9, to: 17, typeId: 'day', isBankHoliday: true },
    { id: 'bh2', day: 0, from: 18, to: 22, typeId: 'late', isBankHoliday: true, tags: ['late'] },
    { id: 'late1', day: 1, from: 17.5, to: 24.5, typeId: 'drop-in', tags: ['late'] },
    { id: 'wed', day: 2, from: 9, to: 12, typeId: 'day', workMinutes: 4 * 60 },
  ],
  workers,
});

describe('fairness.weekends', () => {
  it('is clean without weekend work', () => {
    expect(judge('fairness.weekends', p, places(['wed', 'sam'])).total).toBe(0);
  });
  it('penalises the square of weekend slots per worker, so spreading is cheaper', () => {
    const bunched = judge('fairness.weekends', p, places(['sat', 'sam'], ['sun', 'sam']));
    expect(bunched.total).toBe(10 * 4);
    expect(bunched.messages[0]).toBe('Sam: 2 weekend slots (spread counts the square, 4)');
    expect(judge('fairness.weekends', p, places(['sat', 'sam'], ['sun', 'kemi'])).total).toBe(20);
  });
});

describe('fairness.bankHolidays', () => {
  it('is clean without bank-holiday work', () => {
    expect(judge('fairness.bankHolidays', p, places(['sat', 'sam'])).total).toBe(0);
  });
  it('penalises the square of bank-holiday slots per worker', () => {
    const r = judge('fairness.bankHolidays', p, places(['bh', 'sam'], ['bh2', 'sam']));
    expect(r.total).toBe(40);
    expect(r.messages[0]).toContain('Sam: 2 bank-holiday slots');
  });
});

describe('fairness.lates', () => {
  it('is clean without late slots', () => {
    expect(judge('fairness.lates', p, places(['bh', 'sam'])).total).toBe(0);
  });
  it('penalises the square of late-tagged slots per worker', () => {
    const r = judge('fairness.lates', p, places(['bh2', 'kemi'], ['late1', 'kemi']));
    expect(r.total).toBe(40);
    expect(r.messages[0]).toContain('Kemi: 2 late slots');
  });
});

describe('fairness.bankUse', () => {
  it('is clean for contracted staff', () => {
    expect(judge('fairness.bankUse', p, places(['wed', 'sam'])).total).toBe(0);
  });
  it('penalises each paid hour of bank work', () => {
    const r = judge('fairness.bankUse', p, places(['wed', 'kemi']));
    expect(r.total).toBe(10 * 4);
    expect(r.messages[0]).toBe('Kemi: bank worker placed in Wed 25 Nov day 09:00-12:00');
  });
});
