// The payroll service on a real (in-memory, migrated) database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { eq } from 'drizzle-orm';
import { auditLog, payrollLedger, staff } from '../../src/db/schema/index.ts';
import { exportPayroll, lockPayPeriod } from '../../src/payroll/ledger-service.ts';
import { getPayrollConfig, putPayrollConfig, recordOutcome, signOff } from '../../src/payroll/service.ts';
import type { Actor } from '../../src/services/actor.ts';
import { closeDb, ROTA, seedDb, SERVICE } from './db-seed.ts';

const manager: Actor = { tokenId: 1, role: 'manager' };
const now = new Date('2026-11-02T09:00:00Z');
const place = (slotId: string, staffId: string) => ({ rotaId: ROTA, slotId, staffId });
const NIGHT = place('night@2026-10-24', 'ana');
const WB = place('wb@2026-10-27', 'ana');
const OPT = place('opt@2026-10-28', 'carl');
// Weekly periods from Monday 19 Oct: [19 Oct, 26 Oct) holds the night, [26 Oct, 2 Nov) the others.

let db: Db;
beforeEach(() => {
  db = seedDb();
  putPayrollConfig(db, manager, now, SERVICE, { frequency: 'weekly', anchorDate: '2026-10-19', firstPeriodStart: '2026-10-19', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' });
});
const ids = (pending: readonly { sessionId: string; workerId: string }[]) => pending.map((p) => ({ sessionId: p.sessionId, workerId: p.workerId }));
afterEach(() => closeDb(db));

describe('payroll service', () => {
  it('records, signs off and exports the hand-worked night', () => {
    expect(getPayrollConfig(db, SERVICE)).toMatchObject({ frequency: 'weekly', configured: true });
    recordOutcome(db, manager, now, SERVICE, { ...NIGHT, status: 'worked' });
    let e = exportPayroll(db, SERVICE, '2026-10-19', '2026-10-26', 'json');
    expect(e.periods[0].lines).toEqual([]);
    expect(e.periods[0].pending).toEqual([{
      sessionId: `${ROTA}/night@2026-10-24`, workerId: 'ana', workerName: 'Ana, "Bank"', workerKind: 'bank', payrollNumber: 'KB0042', sessionKind: 'night',
      state: 'not-signed-off', localDate: '2026-10-24', startLocal: '2026-10-24 20:00', endLocal: '2026-10-25 08:00',
    }]);
    signOff(db, manager, now, SERVICE, [NIGHT]);
    e = exportPayroll(db, SERVICE, '2026-10-19', '2026-10-26', 'json');
    const doc = JSON.parse(e.body);
    expect(doc.periods[0].lines[0]).toMatchObject({ workedMinutes: 780, workedHours: '13.00', paidMinutes: 780, nightMinutes: 480, weekendMinutes: 780 });
    // 780 x 0.1207 = 94.146 -> 94 min accrued for the bank worker.
    expect(doc.periods[0].totals[0]).toMatchObject({ workerId: 'ana', workerName: 'Ana, "Bank"', holidayAccrualMinutes: 94 });
    const csv = exportPayroll(db, SERVICE, '2026-10-19', '2026-10-26', 'csv');
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.body).toContain('"Ana, ""Bank"""');
  });

  it('copies the paid preparation and cancellation minimum from the rota', () => {
    recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'worked' });
    recordOutcome(db, manager, now, SERVICE, { ...OPT, status: 'cancelled', reason: 'no-service-users', note: 'nobody came' });
    signOff(db, manager, now, SERVICE, [WB, OPT]);
    const p = exportPayroll(db, SERVICE, '2026-10-26', '2026-11-02', 'json').periods[0];
    const bySlot = new Map(p.lines.map((l) => [l.sessionId.split('/')[1], l]));
    expect([bySlot.get('wb@2026-10-27')!.workedMinutes, bySlot.get('wb@2026-10-27')!.paidMinutes]).toEqual([180, 240]);
    expect([bySlot.get('opt@2026-10-28')!.workedMinutes, bySlot.get('opt@2026-10-28')!.paidMinutes]).toEqual([0, 180]);
    // 3 h at Carl's 1500 p/h.
    expect(bySlot.get('opt@2026-10-28')!.payPence).toBe(4500);
  });

  it('locks a period: same bytes on every export, later changes as adjustments, never paid twice', () => {
    recordOutcome(db, manager, now, SERVICE, { ...NIGHT, status: 'worked' });
    signOff(db, manager, now, SERVICE, [NIGHT]);
    expect(lockPayPeriod(db, manager, now, SERVICE, '2026-10-19')).toMatchObject({ periodId: '2026-10-19', endDate: '2026-10-26', lines: 1 });
    const first = exportPayroll(db, SERVICE, '2026-10-19', '2026-10-26', 'csv').body;
    const firstJson = exportPayroll(db, SERVICE, '2026-10-19', '2026-10-26', 'json').body;
    // The night actually ran an hour over (08:00 -> 09:00 GMT) and is re-recorded and signed off.
    recordOutcome(db, manager, now, SERVICE, { ...NIGHT, status: 'worked', actualStart: '2026-10-24T20:00:00+01:00', actualEnd: '2026-10-25T09:00:00Z' });
    signOff(db, manager, now, SERVICE, [NIGHT]);
    expect(exportPayroll(db, SERVICE, '2026-10-19', '2026-10-26', 'csv').body).toBe(first);
    expect(exportPayroll(db, SERVICE, '2026-10-19', '2026-10-26', 'json').body).toBe(firstJson);
    const next = exportPayroll(db, SERVICE, '2026-10-26', '2026-11-02', 'json').periods[0];
    expect(next.lines.map((l) => [l.lineType, l.workedMinutes, l.adjustsPeriodId])).toEqual([['adjustment', 60, '2026-10-19']]);

    // Locking the next period refuses while places are unrecorded, unless told to go ahead.
    expect(() => lockPayPeriod(db, manager, now, SERVICE, '2026-10-26')).toThrow(/not recorded and signed off/);
    expect(() => lockPayPeriod(db, manager, now, SERVICE, '2026-11-02')).toThrow(/cannot be locked before the period starting 2026-10-26/);
    expect(() => lockPayPeriod(db, manager, now, SERVICE, '2026-10-27')).toThrow(/not the start of a pay period/);
    lockPayPeriod(db, manager, now, SERVICE, '2026-10-26', { allowPending: true });
    expect(() => lockPayPeriod(db, manager, now, SERVICE, '2026-10-26')).toThrow(/already locked/);
    expect(exportPayroll(db, SERVICE, '2026-11-02', '2026-11-09', 'json').periods[0].lines).toEqual([]);

    const ledger = db.select().from(payrollLedger).all();
    expect(ledger.map((r) => [r.periodId, r.lineType, r.workedMinutes])).toEqual([['2026-10-19', 'session', 780], ['2026-10-26', 'adjustment', 60]]);
    // The database itself refuses a second 'session' line for a place.
    expect(() => db.insert(payrollLedger).values({ ...ledger[0], id: undefined, periodId: '2026-11-02' }).run()).toThrow(/UNIQUE|duplicate key/);
    expect(db.select().from(auditLog).all().map((a) => a.action)).toEqual(expect.arrayContaining(['payroll.lock', 'payroll.sign-off', 'payroll.outcome.change']));
  });

  it('a change after sign-off is pending: the signed-off version is paid until the change is signed off', () => {
    recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'worked' });
    signOff(db, manager, now, SERVICE, [WB]);
    // A pay rise after the session does not reprice it: the rate was fixed when first recorded.
    db.update(staff).set({ costPencePerHour: 2000 }).where(eq(staff.id, 'ana')).run();
    recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'no-show', note: 'entered on the wrong line' });
    let p = exportPayroll(db, SERVICE, '2026-10-26', '2026-11-02', 'json').periods[0];
    const wb = () => p.lines.find((l) => l.sessionId === `${ROTA}/wb@2026-10-27`)!;
    // Still the signed-off 3 h worked, 4 h paid at 1250 p/h; and listed as awaiting sign-off.
    expect([wb().outcome, wb().workedMinutes, wb().paidMinutes, wb().payPence]).toEqual(['worked', 180, 240, 5000]);
    expect(ids(p.pending)).toContainEqual({ sessionId: `${ROTA}/wb@2026-10-27`, workerId: 'ana' });
    signOff(db, manager, now, SERVICE, [WB]);
    p = exportPayroll(db, SERVICE, '2026-10-26', '2026-11-02', 'json').periods[0];
    expect([wb().outcome, wb().paidMinutes]).toEqual(['no-show', 0]);
    expect(ids(p.pending)).not.toContainEqual({ sessionId: `${ROTA}/wb@2026-10-27`, workerId: 'ana' });
  });

  it('refuses bad outcomes naming the field, and unpublished rotas', () => {
    expect(() => recordOutcome(db, manager, now, SERVICE, { ...OPT, status: 'cancelled' })).toThrow(/body\.reason/);
    expect(() => recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'no-show', actualStart: '2026-10-27T10:00:00Z', actualEnd: '2026-10-27T12:00:00Z' })).toThrow(/body\.actualStart/);
    expect(() => recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'worked', actualStart: '2026-10-27T12:00:00Z', actualEnd: '2026-10-27T10:00:00Z' })).toThrow(/body\.actualEnd must be after/);
    expect(() => recordOutcome(db, manager, now, SERVICE, { ...WB, staffId: 'nobody', status: 'worked' })).toThrow(/not found/);
    expect(() => signOff(db, manager, now, SERVICE, [WB])).toThrow(/no outcome recorded/);
    expect(() => exportPayroll(db, SERVICE, '2026-10-20', '2026-10-26', 'csv')).toThrow(/query\.from 2026-10-20 is not the start of a pay period/);
    const unpublished = seedDb({ published: false });
    expect(() => recordOutcome(unpublished, manager, now, SERVICE, { ...WB, status: 'worked' })).toThrow(/not published/);
    closeDb(unpublished);
  });

  it('will not move pay periods under locked history', () => {
    recordOutcome(db, manager, now, SERVICE, { ...NIGHT, status: 'worked' });
    signOff(db, manager, now, SERVICE, [NIGHT]);
    lockPayPeriod(db, manager, now, SERVICE, '2026-10-19');
    expect(() => putPayrollConfig(db, manager, now, SERVICE, { frequency: 'monthly', anchorDate: '2026-01-01', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' })).toThrow(/must start on 2026-10-26/);
    expect(putPayrollConfig(db, manager, now, SERVICE, { frequency: 'fortnightly', anchorDate: '2026-10-26', nightStartMinute: 1320, nightEndMinute: 360, holidayMode: 'rolled-up' })).toMatchObject({ frequency: 'fortnightly', holidayMode: 'rolled-up' });
  });
});
