import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  englandAndWalesBankHolidays as bundled,
  isBankHoliday,
  loadBankHolidaysFile,
  parseGovUkBankHolidays,
} from '../../src/time/bank-holidays.ts';
import { addDays, weekdayOf } from '../../src/time/local-time.ts';

/** Easter Sunday by the anonymous Gregorian algorithm: an independent check of the bundled data. */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
function firstMonday(year: number, month: number): string {
  let d = `${year}-${pad(month)}-01`;
  while (weekdayOf(d) !== 0) d = addDays(d, 1);
  return d;
}
function lastMonday(year: number, month: number): string {
  let d = addDays(`${year}-${pad(month + 1)}-01`, -1);
  while (weekdayOf(d) !== 0) d = addDays(d, -1);
  return d;
}
/** The statutory pattern for England and Wales, with weekend substitutes. */
function expectedDates(year: number): string[] {
  const out: string[] = [];
  let ny = `${year}-01-01`;
  while (weekdayOf(ny) >= 5) ny = addDays(ny, 1);
  out.push(ny);
  const easter = easterSunday(year);
  out.push(addDays(easter, -2), addDays(easter, 1), firstMonday(year, 5), lastMonday(year, 5), lastMonday(year, 8));
  const xmas = `${year}-12-25`;
  const wd = weekdayOf(xmas);
  if (wd === 5) out.push(addDays(xmas, 2), addDays(xmas, 3)); // Sat: Mon 27 and Tue 28
  else if (wd === 6) out.push(addDays(xmas, 2), addDays(xmas, 1)); // Sun: Boxing Day Mon 26, Christmas Tue 27
  else if (wd === 4) out.push(xmas, addDays(xmas, 3)); // Fri: Boxing Day moves to Mon 28
  else out.push(xmas, addDays(xmas, 1));
  return out.sort();
}

describe('England and Wales bank holidays (bundled GOV.UK data)', () => {
  it('has the 2026 dates', () => {
    expect(bundled.between('2026-01-01', '2027-01-01').map((e) => e.date)).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
    ]);
    expect(bundled.get('2026-12-28')).toMatchObject({ title: 'Boxing Day', notes: 'Substitute day' });
    expect(isBankHoliday('2026-12-26')).toBe(false);
  });

  it.each([2024, 2025, 2026, 2027, 2028, 2029, 2030])('matches the statutory pattern in %i', (year) => {
    expect(bundled.between(`${year}-01-01`, `${year + 1}-01-01`).map((e) => e.date)).toEqual(expectedDates(year));
  });

  it('covers 2024 to 2030 and every date is a weekday', () => {
    expect(bundled.coveredYears).toEqual({ first: 2024, last: 2030 });
    for (const e of bundled.events) expect(weekdayOf(e.date)).toBeLessThan(5);
  });

  it('can be replaced by a file in the GOV.UK format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rota-bh-'));
    const path = join(dir, 'bank-holidays.json');
    writeFileSync(
      path,
      JSON.stringify({
        'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Extra day', date: '2031-06-02', notes: '', bunting: true }] },
        scotland: { division: 'scotland', events: [{ title: 'St Andrew’s Day', date: '2031-12-01', notes: '', bunting: true }] },
      }),
    );
    const calendar = loadBankHolidaysFile(path);
    expect(calendar.has('2031-06-02')).toBe(true);
    expect(calendar.has('2026-12-25')).toBe(false);
    expect(loadBankHolidaysFile(path, 'scotland').has('2031-12-01')).toBe(true);
  });

  it('names the bad field in a malformed document', () => {
    expect(() => parseGovUkBankHolidays({ 'england-and-wales': { events: [{ title: 'x', date: '1/1/2030' }] } })).toThrow(
      /events\[0\]\.date must be a date/,
    );
    expect(() => parseGovUkBankHolidays({})).toThrow(/"england-and-wales" is missing/);
  });
});
