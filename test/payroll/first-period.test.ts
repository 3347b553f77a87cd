// Payroll starts at an explicit first period and locks strictly in order from it: no period holding
// signed-off places can be skipped (and paid again later), and every period stays exportable, before
// the first one, locked or open. Weekly periods from Monday 19 Oct 2026: the seeded night (24 Oct) is
// in [19 Oct, 26 Oct), the wellbeing (27 Oct) and options (28 Oct) sessions in [26 Oct, 2 Nov).
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Db } from '../../src/db/client.ts';
import { lockPayPeriod } from '../../src/payroll/ledger-service.ts';
import { getPayrollConfig, putPayrollConfig, recordOutcome, signOff } from '../../src/payroll/service.ts';
import type { Actor } from '../../src/services/actor.ts';
import { AppError } from '../../src/services/errors.ts';
import { createToken } from '../../src/services/tokens.ts';
import { closeDb, ROTA, seedDb, SERVICE } from './db-seed.ts';

const manager: Actor = { tokenId: 1, role: 'manager' };
const now = new Date('2026-11-09T09:00:00Z');
const NIGHT = { rotaId: ROTA, slotId: 'night@2026-10-24', staffId: 'ana' };
const WB = { rotaId: ROTA, slotId: 'wb@2026-10-27', staffId: 'ana' };
const OPT = { rotaId: ROTA, slotId: 'opt@2026-10-28', staffId: 'carl' };
const weekly = (firstPeriodStart?: string) => ({
  frequency: 'weekly' as const, anchorDate: '2026-10-19', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' as const,
  ...(firstPeriodStart ? { firstPeriodStart } : {}),
});

/** Status, message and field paths of what a call throws. */
function refusal(fn: () => unknown): { status: number; message: string; paths: string[] } {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const errors = (e.details?.errors ?? []) as { path: string }[];
    return { status: e.statusCode, message: e.message, paths: errors.map((x) => x.path) };
  }
  throw new Error('expected a refusal');
}

describe('the first pay period (service)', () => {
  let db: Db;
  beforeEach(() => {
    db = seedDb();
  });
  afterEach(() => closeDb(db));

  it('locking needs a first period, then goes strictly in order from it, naming the earlier period', () => {
    putPayrollConfig(db, manager, now, SERVICE, weekly());
    expect(getPayrollConfig(db, SERVICE).firstPeriodStart).toBeNull();
    recordOutcome(db, manager, now, SERVICE, { ...NIGHT, status: 'worked' });
    signOff(db, manager, now, SERVICE, [NIGHT]);
    expect(refusal(() => lockPayPeriod(db, manager, now, SERVICE, '2026-10-26', { allowPending: true }))).toMatchObject({ status: 409, message: expect.stringMatching(/firstPeriodStart/) });
    putPayrollConfig(db, manager, now, SERVICE, weekly('2026-10-19'));
    // The week holding the signed-off night cannot be skipped.
    const skip = refusal(() => lockPayPeriod(db, manager, now, SERVICE, '2026-10-26', { allowPending: true }));
    expect(skip).toMatchObject({ status: 409, message: 'pay period 2026-10-26 cannot be locked before the period starting 2026-10-19', paths: ['params.periodId'] });
    expect(refusal(() => lockPayPeriod(db, manager, now, SERVICE, '2026-10-12'))).toMatchObject({ status: 409, message: expect.stringMatching(/before the first pay period 2026-10-19/) });
    expect(lockPayPeriod(db, manager, now, SERVICE, '2026-10-19')).toMatchObject({ periodId: '2026-10-19', lines: 1 });
    expect(lockPayPeriod(db, manager, now, SERVICE, '2026-10-26', { allowPending: true })).toMatchObject({ periodId: '2026-10-26', lines: 0 });
    // Once periods are locked the first period is fixed; leaving it out of the settings keeps it.
    expect(refusal(() => putPayrollConfig(db, manager, now, SERVICE, weekly('2026-11-02')))).toMatchObject({ status: 409, paths: ['body.firstPeriodStart'] });
    expect(putPayrollConfig(db, manager, now, SERVICE, { ...weekly(), holidayMode: 'rolled-up' }).firstPeriodStart).toBe('2026-10-19');
  });

  it('the first period starts a period and leaves no recorded place before it', () => {
    expect(refusal(() => putPayrollConfig(db, manager, now, SERVICE, weekly('2026-10-20')))).toMatchObject({ status: 400, paths: ['body.firstPeriodStart'] });
    recordOutcome(db, manager, now, SERVICE, { ...NIGHT, status: 'worked' });
    const skipped = refusal(() => putPayrollConfig(db, manager, now, SERVICE, weekly('2026-10-26')));
    expect(skipped).toMatchObject({ status: 409, message: expect.stringMatching(/start before 2026-10-26 and would never be paid: choose 2026-10-19 or earlier/), paths: ['places[0]'] });
    expect(getPayrollConfig(db, SERVICE).firstPeriodStart).toBeNull();
  });

  it('a place before the first period cannot be recorded: it was paid outside rota', () => {
    putPayrollConfig(db, manager, now, SERVICE, weekly('2026-10-26'));
    expect(refusal(() => recordOutcome(db, manager, now, SERVICE, { ...NIGHT, status: 'worked' }))).toMatchObject({
      status: 409, message: expect.stringMatching(/2026-10-24 is before the first pay period \(2026-10-26\)/), paths: ['body.slotId'],
    });
    expect(recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'worked' })).toMatchObject({ status: 'worked' });
  });
});

describe('every period stays exportable (API)', () => {
  let app: FastifyInstance;
  let db: Db;
  let token = '';
  const call = (opts: InjectOptions) => app.inject({ ...opts, headers: { authorization: `Bearer ${token}` } });
  const exportOf = (from: string, to: string, format = 'json') => call({ method: 'GET', url: `/payroll/export?from=${from}&to=${to}&format=${format}` });
  /** Paid minutes of one place summed over every line of every period from 12 Oct to `to`. */
  async function paidOverAllPeriods(sessionId: string, to = '2026-11-16'): Promise<number> {
    const res = await exportOf('2026-10-12', to);
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json() as { periods: { lines: { sessionId: string; paidMinutes: number }[] }[] };
    return doc.periods.flatMap((p) => p.lines).filter((l) => l.sessionId === sessionId).reduce((s, l) => s + l.paidMinutes, 0);
  }

  beforeEach(async () => {
    db = seedDb();
    app = await buildApp({ db, now: () => now });
    token = createToken(db, { role: 'manager' }).token;
    for (const p of [NIGHT, WB, OPT]) {
      expect((await call({ method: 'POST', url: '/payroll/outcomes', payload: { ...p, status: 'worked' } })).statusCode).toBe(200);
    }
    expect((await call({ method: 'POST', url: '/payroll/sign-offs', payload: { places: [NIGHT, WB, OPT] } })).statusCode).toBe(200);
  });
  afterEach(async () => {
    await app.close();
    closeDb(db);
  });

  it('periods before, at and after the first locked one export (200), and the night is paid once', async () => {
    const settings = await call({ method: 'PUT', url: '/payroll/settings', payload: weekly('2026-10-19') });
    expect(settings.statusCode, settings.body).toBe(200);
    const early = await call({ method: 'POST', url: '/payroll/periods/2026-10-26/lock', payload: {} });
    expect([early.statusCode, early.json().message]).toEqual([409, 'pay period 2026-10-26 cannot be locked before the period starting 2026-10-19']);
    expect((await call({ method: 'POST', url: '/payroll/periods/2026-10-19/lock', payload: {} })).statusCode).toBe(200);
    expect((await call({ method: 'POST', url: '/payroll/periods/2026-10-26/lock', payload: {} })).statusCode).toBe(200);
    // The week before the first period: nothing is paid through rota there, and it says so with 200.
    const before = await exportOf('2026-10-12', '2026-10-19', 'csv');
    expect(before.statusCode, before.body).toBe(200);
    expect(before.body.split('\r\n').filter(Boolean)).toHaveLength(1);
    for (const [from, to] of [['2026-10-12', '2026-11-16'], ['2026-10-19', '2026-10-26'], ['2026-11-02', '2026-11-09']]) {
      for (const format of ['csv', 'csv-totals', 'json']) expect((await exportOf(from, to, format)).statusCode).toBe(200);
    }
    // 13 h worked (20:00 BST to 08:00 GMT across the clock change) paid once over all periods.
    expect(await paidOverAllPeriods(`${ROTA}/night@2026-10-24`)).toBe(780);
  });

  it('a locked period keeps its boundaries and bytes when the frequency changes after it', async () => {
    expect((await call({ method: 'PUT', url: '/payroll/settings', payload: weekly('2026-10-19') })).statusCode).toBe(200);
    expect((await call({ method: 'POST', url: '/payroll/periods/2026-10-19/lock', payload: {} })).statusCode).toBe(200);
    const first = (await exportOf('2026-10-19', '2026-10-26', 'csv')).rawPayload;
    const fortnightly = { ...weekly(), frequency: 'fortnightly', anchorDate: '2026-10-26' };
    expect((await call({ method: 'PUT', url: '/payroll/settings', payload: fortnightly })).statusCode).toBe(200);
    const again = await exportOf('2026-10-19', '2026-10-26', 'csv');
    expect(again.statusCode, again.body).toBe(200);
    expect(Buffer.compare(again.rawPayload, first)).toBe(0);
    // Before the first period the fortnight stops at it; after the lock, fortnights from 26 Oct.
    expect((await exportOf('2026-10-12', '2026-10-19')).statusCode).toBe(200);
    expect((await exportOf('2026-10-26', '2026-11-09')).statusCode).toBe(200);
    expect((await exportOf('2026-10-26', '2026-11-02')).statusCode).toBe(400);
    expect(await paidOverAllPeriods(`${ROTA}/night@2026-10-24`, '2026-11-23')).toBe(780);
  });
});
