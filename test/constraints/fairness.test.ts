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

// Fairness beyond one rota: a worker's prior count (the ledger of the months before) is squared
// together with the rota's, (prior + c)^2 - prior^2, so a slot costs more for whoever did more before.
describe('fairness with a prior count (the ledger)', () => {
  const withPrior = (prior: Partial<Record<'weekends' | 'lates' | 'nights' | 'christmas' | 'bankHolidays', number>>) =>
    makeProblem({
      days: 7,
      bankHolidays: [0],
      slots: [
        { id: 'sat', day: 5, from: 9, to: 17 },
        { id: 'sun', day: 6, from: 9, to: 17 },
        { id: 'bh', day: 0, from: 9, to: 17, isBankHoliday: true },
        { id: 'late1', day: 1, from: 17.5, to: 24.5, tags: ['late'] },
        { id: 'wed', day: 2, from: 9, to: 12 },
      ],
      workers: [makeWorker({ id: 'sam', name: 'Sam', fairnessPrior: prior }), makeWorker({ id: 'kemi', name: 'Kemi' })],
    });

  it('is clean when the rota gives none of the category, however large the prior', () => {
    expect(judge('fairness.weekends', withPrior({ weekends: 9 }), places(['wed', 'sam'])).total).toBe(0);
  });

  it('breaks by (prior + c)^2 - prior^2, and says how many came before', () => {
    const r = judge('fairness.weekends', withPrior({ weekends: 3 }), places(['sat', 'sam']));
    expect(r.total).toBe(10 * (16 - 9));
    expect(r.messages[0]).toBe("Sam: 1 weekend slot, 3 before this rota (spread counts the square of 4 less 3's, 7)");
    expect(judge('fairness.bankHolidays', withPrior({ bankHolidays: 2 }), places(['bh', 'sam'])).total).toBe(10 * (9 - 4));
    expect(judge('fairness.lates', withPrior({ lates: 1 }), places(['late1', 'sam'])).total).toBe(10 * (4 - 1));
  });

  it('at the limit: a prior counts exactly as slots in the rota do, so moving a slot between equals is free', () => {
    // Sam has 2 weekend slots before the rota and none in it; Kemi holds both of this rota's. Moving
    // one from Kemi (a = 2) to Sam (b = 2, all prior) changes the spread by 2(b - a + 1) = 2 squared
    // units, exactly as if Sam's 2 were in this rota: Kemi both = 4 (40); split = Sam 3^2 - 2^2 = 5
    // plus Kemi 1 (60).
    const p = withPrior({ weekends: 2 });
    const kemiBoth = judge('fairness.weekends', p, places(['sat', 'kemi'], ['sun', 'kemi'])).total;
    const split = judge('fairness.weekends', p, places(['sat', 'sam'], ['sun', 'kemi'])).total;
    expect(kemiBoth).toBe(40);
    expect(split).toBe(60);
    expect(split - kemiBoth).toBe(10 * 2 * (2 - 2 + 1));
  });

  it('refuses a negative or fractional prior, naming the field', () => {
    expect(() => judge('fairness.weekends', withPrior({ weekends: -1 }), [])).toThrow(/workers\[0\]\.fairnessPrior\.weekends/);
  });
});

describe('fairness.nights', () => {
  const p = makeProblem({
    slots: [
      { id: 'n1', day: 0, from: 21, to: 31.5, typeId: 'night', tags: ['night'] },
      { id: 'n2', day: 2, from: 21, to: 31.5, typeId: 'night', tags: ['night'] },
      { id: 'day', day: 4, from: 9, to: 17 },
    ],
    workers: [makeWorker({ id: 'sam', name: 'Sam' }), makeWorker({ id: 'jo', name: 'Jo', fairnessPrior: { nights: 4 } })],
  });
  it('is clean without night slots', () => {
    expect(judge('fairness.nights', p, places(['day', 'sam'])).total).toBe(0);
  });
  it('penalises the square of night slots per worker, priors included', () => {
    const r = judge('fairness.nights', p, places(['n1', 'sam'], ['n2', 'sam']));
    expect(r.total).toBe(40);
    expect(r.messages[0]).toBe('Sam: 2 night slots (spread counts the square, 4)');
    expect(judge('fairness.nights', p, places(['n1', 'jo'])).total).toBe(10 * (25 - 16));
  });
  it('at the limit: one night each is the cheapest spread of two', () => {
    const noPrior = { ...p, workers: [p.workers[0], makeWorker({ id: 'jo', name: 'Jo' })] };
    expect(judge('fairness.nights', noPrior, places(['n1', 'sam'], ['n2', 'jo'])).total).toBe(20);
  });
});

describe('fairness.christmas', () => {
  const p = makeProblem({
    slots: [
      { id: 'eve', day: 3, from: 9, to: 17, tags: ['christmas'] },
      { id: 'day', day: 4, from: 9, to: 17, tags: ['christmas'] },
      { id: 'plain', day: 1, from: 9, to: 17 },
    ],
    workers: [makeWorker({ id: 'sam', name: 'Sam', fairnessPrior: { christmas: 2 } }), makeWorker({ id: 'jo', name: 'Jo' })],
  });
  it('is clean without Christmas/New Year slots', () => {
    expect(judge('fairness.christmas', p, places(['plain', 'sam'])).total).toBe(0);
  });
  it('counts who worked last Christmas: the same slot costs Sam (2 before) more than Jo', () => {
    const sam = judge('fairness.christmas', p, places(['eve', 'sam']));
    expect(sam.total).toBe(10 * (9 - 4));
    expect(sam.messages[0]).toContain('Sam: 1 Christmas/New Year slot, 2 before this rota');
    expect(judge('fairness.christmas', p, places(['eve', 'jo'])).total).toBe(10);
  });
  it('at the limit: Jo with two this year equals Sam with two last year and none now', () => {
    expect(judge('fairness.christmas', p, places(['eve', 'jo'], ['day', 'jo'])).total).toBe(40);
  });
});
