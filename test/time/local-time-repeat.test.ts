// Compiling a week asks for the same local times and instants thousands of times; each is worked out
// once (luxon's zone lookups were most of a 300-staff week's compile) and every later answer is the
// same as the first, zone by zone, across clock changes, for dates of any year.
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays, isValidDate, localToUtcMin, utcMinToLocal, weekdayOf } from '../../src/time/local-time.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('local times asked again', () => {
  it('an instant shown in a zone a second time does not go back to luxon', () => {
    const spy = vi.spyOn(DateTime, 'fromMillis');
    const at = 29_500_000 + 7; // Thu 31 Jan 2026 about 00:07 UTC
    const first = utcMinToLocal(at, 'America/New_York');
    const calls = spy.mock.calls.length;
    const second = utcMinToLocal(at, 'America/New_York');
    expect(second).toEqual(first);
    expect(spy.mock.calls.length).toBe(calls);
  });

  it('gives each zone its own answer, asked in turn', () => {
    for (let i = 0; i < 3; i++) {
      // 09:00 on 14 July 2027: BST in London (08:00 UTC), EDT in New York (13:00 UTC).
      expect(localToUtcMin('2027-07-14', '09:00', 'Europe/London')).toBe(Date.UTC(2027, 6, 14, 8, 0) / 60_000);
      expect(localToUtcMin('2027-07-14', '09:00', 'America/New_York')).toBe(Date.UTC(2027, 6, 14, 13, 0) / 60_000);
      expect(utcMinToLocal(Date.UTC(2027, 6, 14, 13, 0) / 60_000, 'Europe/London')).toEqual({ date: '2027-07-14', time: '14:00' });
      expect(utcMinToLocal(Date.UTC(2027, 6, 14, 13, 0) / 60_000, 'America/New_York')).toEqual({ date: '2027-07-14', time: '09:00' });
    }
  });

  it('keeps the clock-change rules on every asking: a skipped time moves forward, a repeated one is the first', () => {
    for (let i = 0; i < 2; i++) {
      // 28 March 2027, London: 01:30 does not exist (read as 02:30 BST = 01:30 UTC).
      expect(localToUtcMin('2027-03-28', '01:30', 'Europe/London')).toBe(Date.UTC(2027, 2, 28, 1, 30) / 60_000);
      // 31 October 2027, London: 01:30 happens twice; the first is BST (00:30 UTC).
      expect(localToUtcMin('2027-10-31', '01:30', 'Europe/London')).toBe(Date.UTC(2027, 9, 31, 0, 30) / 60_000);
    }
  });

  it('an answer handed out cannot change the next one', () => {
    const at = Date.UTC(2027, 0, 5, 12, 0) / 60_000;
    const first = utcMinToLocal(at, 'Europe/London');
    first.date = '1999-01-01';
    expect(utcMinToLocal(at, 'Europe/London')).toEqual({ date: '2027-01-05', time: '12:00' });
  });
});

describe('calendar dates without luxon', () => {
  it('adds days across months, years and leap days, forwards and back', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2027-01-10', -40)).toBe('2026-12-01');
    expect(addDays('2027-06-15', 365)).toBe('2028-06-14');
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
  });

  it('knows a real date from one that is not', () => {
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2027-02-29')).toBe(false);
    expect(isValidDate('2027-04-31')).toBe(false);
    expect(isValidDate('2027-13-01')).toBe(false);
    expect(isValidDate('2027-00-10')).toBe(false);
    expect(isValidDate('0050-06-30')).toBe(true);
    expect(() => addDays('2027-02-30', 1)).toThrow(/not a real date/);
  });

  it('weekdays of dates in other years', () => {
    expect(weekdayOf('2027-12-25')).toBe(5); // a Saturday
    expect(weekdayOf('2032-02-29')).toBe(6); // a Sunday
  });
});
