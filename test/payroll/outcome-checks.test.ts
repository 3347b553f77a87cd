// Outcomes describe what happened: no minute of a worker is paid twice, and a session that has not
// started has no outcome. Seeded: Ana's wellbeing on Tue 27 Oct 10:00-13:00 (+60 paid prep), Carl's
// options on Wed 28 Oct 10:00-15:00 (cancellation minimum 180); below, other rotas add overlapping places.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { paidSpan } from '../../src/payroll/clashes.ts';
import { exportPayroll } from '../../src/payroll/ledger-service.ts';
import { putPayrollConfig, recordOutcome, signOff } from '../../src/payroll/service.ts';
import type { Actor } from '../../src/services/actor.ts';
import { AppError } from '../../src/services/errors.ts';
import { addPublishedPlace, closeDb, ROTA, seedDb, SERVICE } from './db-seed.ts';
import { london } from './helpers.ts';

const manager: Actor = { tokenId: 1, role: 'manager' };
const now = new Date('2026-11-02T09:00:00Z');
const WB = { rotaId: ROTA, slotId: 'wb@2026-10-27', staffId: 'ana' };
const OPT = { rotaId: ROTA, slotId: 'opt@2026-10-28', staffId: 'carl' };
// A day shift for Ana on another rota, 09:00-17:00 the same Tuesday: it covers the whole wellbeing session.
const DAY = { rotaId: 'rota-day', slotId: 'day@2026-10-27', staffId: 'ana' };

function refusal(fn: () => unknown): { status: number; message: string; paths: string[]; details: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const details = e.details ?? {};
    return { status: e.statusCode, message: e.message, paths: ((details.errors ?? []) as { path: string }[]).map((x) => x.path), details };
  }
  throw new Error('expected a refusal');
}

let db: Db;
beforeEach(() => {
  db = seedDb();
  putPayrollConfig(db, manager, now, SERVICE, { frequency: 'weekly', anchorDate: '2026-10-19', firstPeriodStart: '2026-10-19', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' });
  addPublishedPlace(db, DAY.rotaId, { id: DAY.slotId, templateId: 'day', kind: 'day', start: '2026-10-27 09:00', end: '2026-10-27 17:00', prep: 0, staffId: 'ana' });
});
afterEach(() => closeDb(db));

/** Ana's worked and paid minutes in the week of 26 Oct, from the export. */
function anaWeek(): { worked: number; paid: number } {
  const p = exportPayroll(db, SERVICE, '2026-10-26', '2026-11-02', 'json').periods[0];
  const t = p.totals.find((x) => x.workerId === 'ana');
  return { worked: t?.workedMinutes ?? 0, paid: t?.paidMinutes ?? 0 };
}

describe('no minute of a worker is paid twice', () => {
  it('refuses a second outcome over the same minutes, naming the place it clashes with', () => {
    recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'worked' });
    signOff(db, manager, now, SERVICE, [WB]);
    const clash = refusal(() => recordOutcome(db, manager, now, SERVICE, { ...DAY, status: 'worked' }));
    expect(clash).toMatchObject({ status: 409, paths: ['body.slotId'] });
    expect(clash.message).toMatch(/Ana, "Bank" is already paid for the wellbeing session from 2026-10-27 10:00 to 2026-10-27 13:00 \(worked, signed off\): 180 minute\(s\) would be paid twice/);
    expect(clash.details.clash).toMatchObject({ sessionId: `${ROTA}/wb@2026-10-27`, overlapMinutes: 180 });
    // Actual times that only touch it (half-open: 13:00 is free) are fine.
    const after = recordOutcome(db, manager, now, SERVICE, { ...DAY, status: 'worked', actualStart: '2026-10-27T13:00:00Z', actualEnd: '2026-10-27T17:00:00Z' });
    expect(after.status).toBe('worked');
    signOff(db, manager, now, SERVICE, [DAY]);
    // 3 h worked + 1 h paid prep, then 4 h: 7 h worked in an 8-hour day, 8 h paid.
    expect(anaWeek()).toEqual({ worked: 420, paid: 480 });
  });

  it('an unsigned draft counts too, and so does the signed-off version while a change awaits sign-off', () => {
    recordOutcome(db, manager, now, SERVICE, { ...DAY, status: 'worked' });
    expect(refusal(() => recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'worked' })).status).toBe(409);
    signOff(db, manager, now, SERVICE, [DAY]);
    // The day shift is corrected to a no-show, but until that is signed off the worked version is paid.
    recordOutcome(db, manager, now, SERVICE, { ...DAY, status: 'no-show' });
    expect(refusal(() => recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'worked' })).message).toMatch(/\(worked, signed off\)/);
    signOff(db, manager, now, SERVICE, [DAY]);
    recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'worked' });
    signOff(db, manager, now, SERVICE, [WB]);
    expect(anaWeek()).toEqual({ worked: 180, paid: 240 });
  });

  it('a cancellation minimum occupies its paid minutes from the scheduled start; other cancellations none', () => {
    addPublishedPlace(db, 'rota-late', { id: 'late@2026-10-28', templateId: 'wb', kind: 'wellbeing', start: '2026-10-28 12:00', end: '2026-10-28 15:00', prep: 0, staffId: 'carl' });
    const LATE = { rotaId: 'rota-late', slotId: 'late@2026-10-28', staffId: 'carl' };
    recordOutcome(db, manager, now, SERVICE, { ...OPT, status: 'cancelled', reason: 'no-service-users' });
    // Paid 10:00-13:00 as the 3-hour minimum: a session worked from 12:00 would pay 12:00-13:00 twice.
    expect(refusal(() => recordOutcome(db, manager, now, SERVICE, { ...LATE, status: 'worked' })).message).toMatch(/60 minute\(s\) would be paid twice/);
    expect(recordOutcome(db, manager, now, SERVICE, { ...LATE, status: 'worked', actualStart: '2026-10-28T13:00:00Z', actualEnd: '2026-10-28T15:00:00Z' }).status).toBe('worked');
    recordOutcome(db, manager, now, SERVICE, { ...OPT, status: 'cancelled', reason: 'other' });
    expect(recordOutcome(db, manager, now, SERVICE, { ...LATE, status: 'worked' }).status).toBe('worked');
  });

  it('paid spans: worked uses actual times, a no-show pays no time', () => {
    const s = { startMin: london('2026-10-27 10:00'), endMin: london('2026-10-27 13:00'), cancellationMinimumMinutes: 180 };
    expect(paidSpan(s, { status: 'worked' })).toEqual({ startMin: s.startMin, endMin: s.endMin });
    expect(paidSpan(s, { status: 'worked', actualStartMin: s.startMin + 5, actualEndMin: s.endMin + 30 })).toEqual({ startMin: s.startMin + 5, endMin: s.endMin + 30 });
    expect(paidSpan(s, { status: 'no-show' })).toBeUndefined();
    expect(paidSpan({ ...s, cancellationMinimumMinutes: null }, { status: 'cancelled', reason: 'no-service-users' })).toBeUndefined();
  });
});

describe('a session that has not started has no outcome', () => {
  // Now is Mon 2 Nov 2026 09:00 GMT.
  beforeEach(() => {
    addPublishedPlace(db, 'rota-next', { id: 'wb@2026-11-04', templateId: 'wb', kind: 'wellbeing', start: '2026-11-04 10:00', end: '2026-11-04 13:00', prep: 60, staffId: 'ana' }, '2026-11-02');
    addPublishedPlace(db, 'rota-now', { id: 'am@2026-11-02', templateId: 'wb', kind: 'wellbeing', start: '2026-11-02 08:00', end: '2026-11-02 12:00', prep: 0, staffId: 'carl' }, '2026-11-02');
  });
  const NEXT = { rotaId: 'rota-next', slotId: 'wb@2026-11-04', staffId: 'ana' };
  const RUNNING = { rotaId: 'rota-now', slotId: 'am@2026-11-02', staffId: 'carl' };

  it('refuses any outcome before the scheduled start, naming the place', () => {
    for (const status of ['worked', 'no-show'] as const) {
      const r = refusal(() => recordOutcome(db, manager, now, SERVICE, { ...NEXT, status }));
      expect(r).toMatchObject({ status: 409, paths: ['body.slotId'] });
      expect(r.message).toMatch(/has not started: it starts 2026-11-04 10:00 \(Europe\/London\)/);
    }
    expect(refusal(() => recordOutcome(db, manager, now, SERVICE, { ...NEXT, status: 'cancelled', reason: 'no-service-users' })).status).toBe(409);
    // Nothing was stored: the place is still listed as not recorded.
    const p = exportPayroll(db, SERVICE, '2026-11-02', '2026-11-09', 'json').periods[0];
    expect(p.pending.find((x) => x.sessionId === 'rota-next/wb@2026-11-04')?.state).toBe('not-recorded');
    // Once it has started, it can be recorded.
    expect(recordOutcome(db, manager, new Date('2026-11-04T10:00:00Z'), SERVICE, { ...NEXT, status: 'no-show' }).status).toBe('no-show');
  });

  it('a running session is worked only up to now', () => {
    expect(refusal(() => recordOutcome(db, manager, now, SERVICE, { ...RUNNING, status: 'worked' }))).toMatchObject({ status: 409, paths: ['body.status'] });
    expect(refusal(() => recordOutcome(db, manager, now, SERVICE, { ...RUNNING, status: 'worked', actualStart: '2026-11-02T08:00:00Z', actualEnd: '2026-11-02T09:30:00Z' })))
      .toMatchObject({ status: 400, paths: ['body.actualEnd'] });
    expect(recordOutcome(db, manager, now, SERVICE, { ...RUNNING, status: 'worked', actualStart: '2026-11-02T08:00:00Z', actualEnd: '2026-11-02T08:55:00Z' }).status).toBe('worked');
    expect(recordOutcome(db, manager, now, SERVICE, { ...RUNNING, status: 'cancelled', reason: 'other' }).status).toBe('cancelled');
  });
});
