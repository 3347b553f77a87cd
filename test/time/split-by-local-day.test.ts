import { describe, expect, it } from 'vitest';
import { splitByLocalDay } from '../../src/time/split-by-local-day.ts';
import { localToUtcMin } from '../../src/time/local-time.ts';
import { BankHolidayCalendar } from '../../src/time/bank-holidays.ts';

const LONDON = 'Europe/London';
const HOUR = 60;

describe('splitByLocalDay', () => {
  it('gives a Christmas Eve drop-in 390 min on the 24th and 30 min on the bank holiday', () => {
    const start = localToUtcMin('2026-12-24', '17:30', LONDON);
    const end = localToUtcMin('2026-12-25', '00:30', LONDON);
    const pieces = splitByLocalDay(start, end, LONDON);
    expect(pieces.map(({ date, minutes, weekday, isBankHoliday }) => ({ date, minutes, weekday, isBankHoliday }))).toEqual([
      { date: '2026-12-24', minutes: 390, weekday: 3, isBankHoliday: false },
      { date: '2026-12-25', minutes: 30, weekday: 4, isBankHoliday: true },
    ]);
    expect(pieces[0].endMin).toBe(pieces[1].startMin);
    expect(pieces[1].bankHolidayTitle).toBe('Christmas Day');
  });

  it('counts real minutes on the clock-change nights', () => {
    const autumn = splitByLocalDay(localToUtcMin('2026-10-24', '20:00', LONDON), localToUtcMin('2026-10-25', '08:00', LONDON), LONDON);
    expect(autumn.map((p) => p.minutes)).toEqual([4 * HOUR, 9 * HOUR]);
    const spring = splitByLocalDay(localToUtcMin('2026-03-28', '20:00', LONDON), localToUtcMin('2026-03-29', '08:00', LONDON), LONDON);
    expect(spring.map((p) => p.minutes)).toEqual([4 * HOUR, 7 * HOUR]);
  });

  it('splits a multi-day interval into whole local days, 23 h on the spring-forward day', () => {
    const pieces = splitByLocalDay(localToUtcMin('2026-03-28', '00:00', LONDON), localToUtcMin('2026-03-31', '00:00', LONDON), LONDON);
    expect(pieces.map((p) => [p.date, p.minutes])).toEqual([
      ['2026-03-28', 24 * HOUR],
      ['2026-03-29', 23 * HOUR],
      ['2026-03-30', 24 * HOUR],
    ]);
  });

  it('uses the calendar it is given, and returns nothing for an empty interval', () => {
    const calendar = new BankHolidayCalendar([{ title: 'Test day', date: '2026-11-24', notes: '', bunting: false }]);
    const start = localToUtcMin('2026-11-24', '09:00', LONDON);
    expect(splitByLocalDay(start, start + 60, LONDON, calendar)[0].isBankHoliday).toBe(true);
    expect(splitByLocalDay(start, start, LONDON)).toEqual([]);
    expect(() => splitByLocalDay(start, start - 1, LONDON)).toThrow(/before startMin/);
  });

  it('works in another zone', () => {
    const start = localToUtcMin('2026-11-24', '22:00', 'America/New_York');
    const pieces = splitByLocalDay(start, start + 4 * HOUR, 'America/New_York');
    expect(pieces.map((p) => [p.date, p.minutes])).toEqual([
      ['2026-11-24', 2 * HOUR],
      ['2026-11-25', 2 * HOUR],
    ]);
  });
});

describe('splitByLocalDay properties', () => {
  it('pieces are contiguous, sum to the interval and each lies within one local date', async () => {
    const fc = await import('fast-check');
    const { localMidnightUtcMin, addDays, utcMinToLocal } = await import('../../src/time/local-time.ts');
    const from2024 = Date.UTC(2024, 0, 1) / 60_000;
    const to2030 = Date.UTC(2030, 11, 1) / 60_000;
    fc.assert(
      fc.property(
        fc.integer({ min: from2024, max: to2030 }),
        fc.integer({ min: 0, max: 4 * 24 * 60 }),
        fc.constantFrom('Europe/London', 'America/New_York', 'Australia/Sydney', 'UTC'),
        (start, length, zone) => {
          const pieces = splitByLocalDay(start, start + length, zone);
          expect(pieces.reduce((sum, p) => sum + p.minutes, 0)).toBe(length);
          let at = start;
          for (const p of pieces) {
            expect(p.startMin).toBe(at);
            expect(p.minutes).toBeGreaterThan(0);
            expect(utcMinToLocal(p.startMin, zone).date).toBe(p.date);
            expect(p.endMin).toBeLessThanOrEqual(localMidnightUtcMin(addDays(p.date, 1), zone));
            at = p.endMin;
          }
          expect(at).toBe(start + length);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
