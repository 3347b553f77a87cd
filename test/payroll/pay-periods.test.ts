import { describe, expect, it } from 'vitest';
import { nextPeriod, periodContaining, periodsCovering } from '../../src/payroll/index.ts';

describe('pay periods', () => {
  it('weekly from an anchor, before and after it', () => {
    const weekly = { frequency: 'weekly', anchorDate: '2026-11-02' } as const;
    expect(periodContaining(weekly, '2026-11-08')).toEqual({ id: '2026-11-02', startDate: '2026-11-02', endDate: '2026-11-09' });
    expect(periodContaining(weekly, '2026-11-09').startDate).toBe('2026-11-09');
    expect(periodContaining(weekly, '2026-10-26').startDate).toBe('2026-10-26');
    expect(periodContaining(weekly, '2026-10-25').startDate).toBe('2026-10-19');
  });

  it('fortnightly', () => {
    const f = { frequency: 'fortnightly', anchorDate: '2026-11-02' } as const;
    expect(periodContaining(f, '2026-11-15')).toEqual({ id: '2026-11-02', startDate: '2026-11-02', endDate: '2026-11-16' });
    expect(periodContaining(f, '2026-11-01').startDate).toBe('2026-10-19');
  });

  it('monthly on an anchor day, across a year end', () => {
    const m = { frequency: 'monthly', anchorDate: '2026-01-15' } as const;
    expect(periodContaining(m, '2026-12-20')).toEqual({ id: '2026-12-15', startDate: '2026-12-15', endDate: '2027-01-15' });
    expect(periodContaining(m, '2027-01-14').startDate).toBe('2026-12-15');
    expect(periodContaining(m, '2026-01-03')).toEqual({ id: '2025-12-15', startDate: '2025-12-15', endDate: '2026-01-15' });
    expect(nextPeriod(m, periodContaining(m, '2026-02-20')).startDate).toBe('2026-03-15');
  });

  it('covers a range made of whole periods and names the boundaries otherwise', () => {
    const weekly = { frequency: 'weekly', anchorDate: '2026-11-02' } as const;
    expect(periodsCovering(weekly, '2026-11-02', '2026-11-23').map((p) => p.id)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(() => periodsCovering(weekly, '2026-11-03', '2026-11-09')).toThrow(/from: 2026-11-03 is not the start of a pay period \(the period containing it is 2026-11-02\.\.2026-11-09\)/);
    expect(() => periodsCovering(weekly, '2026-11-02', '2026-11-10')).toThrow(/to: 2026-11-10/);
    expect(() => periodsCovering(weekly, '2026-11-02', '2026-11-02')).toThrow(/to: must be after from/);
  });

  it('rejects bad configuration naming the field', () => {
    expect(() => periodContaining({ frequency: 'monthly', anchorDate: '2026-01-31' }, '2026-02-01')).toThrow(/anchorDate: a monthly period must start on day 1\.\.28/);
    expect(() => periodContaining({ frequency: 'daily' as never, anchorDate: '2026-01-01' }, '2026-02-01')).toThrow(/frequency/);
    expect(() => periodContaining({ frequency: 'weekly', anchorDate: '2026-02-30' }, '2026-02-01')).toThrow(/anchorDate: not a calendar date/);
  });
});
