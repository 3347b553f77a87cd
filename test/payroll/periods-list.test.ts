// GET /payroll/periods: the periods around a date for the payroll page, with which is locked, which are
// before the first pay period, and the one to lock next.
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../api/helpers/app.ts';

let t: TestApp;
afterEach(async () => {
  await t.app.close();
});

describe('listing pay periods', () => {
  it('before setup, periods are the defaults with nothing to lock; after, the first period is next to lock, then the one after it', async () => {
    t = await testApp({ now: () => new Date('2026-12-20T12:00:00Z') });
    const before = await t.call('payroll', { method: 'GET', url: '/payroll/periods?serviceId=test-sanctuary&around=2026-11-18&before=1&after=1' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ nextToLock: null, settings: { frequency: 'weekly', firstPeriodStart: null } });
    expect(before.json().periods.map((p: { startDate: string }) => p.startDate)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);

    const settings = { serviceId: 'test-sanctuary', frequency: 'monthly', anchorDate: '2026-11-01', firstPeriodStart: '2026-11-01', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' };
    expect((await t.call('payroll', { method: 'PUT', url: '/payroll/settings', payload: settings })).statusCode).toBe(200);
    const list = (await t.call('manager', { method: 'GET', url: '/payroll/periods?serviceId=test-sanctuary&around=2026-11-15&before=1&after=1' })).json();
    expect(list.nextToLock).toBe('2026-11-01');
    expect(list.periods).toEqual([
      { periodId: '2026-10-01', startDate: '2026-10-01', endDate: '2026-11-01', locked: false, beforeFirst: true, nextToLock: false },
      { periodId: '2026-11-01', startDate: '2026-11-01', endDate: '2026-12-01', locked: false, beforeFirst: false, nextToLock: true },
      { periodId: '2026-12-01', startDate: '2026-12-01', endDate: '2027-01-01', locked: false, beforeFirst: false, nextToLock: false },
    ]);
    const locked = await t.call('payroll', { method: 'POST', url: '/payroll/periods/2026-11-01/lock', payload: { serviceId: 'test-sanctuary', allowPending: true } });
    expect(locked.statusCode, locked.body).toBe(200);
    const after = (await t.call('payroll', { method: 'GET', url: '/payroll/periods?serviceId=test-sanctuary&around=2026-11-15&before=0&after=1' })).json();
    expect(after.nextToLock).toBe('2026-12-01');
    expect(after.periods.map((p: { locked: boolean; nextToLock: boolean }) => [p.locked, p.nextToLock])).toEqual([[true, false], [false, true]]);
    // Default: the period containing today.
    const today = (await t.call('payroll', { method: 'GET', url: '/payroll/periods?serviceId=test-sanctuary&before=0&after=0' })).json();
    expect(today.periods[0].startDate).toBe('2026-12-01');
    expect((await t.call('worker', { method: 'GET', url: '/payroll/periods?serviceId=test-sanctuary' })).statusCode).toBe(403);
    const bad = await t.call('payroll', { method: 'GET', url: '/payroll/periods?serviceId=test-sanctuary&around=2026-02-30' });
    expect(bad.statusCode).toBe(400);
  });
});
