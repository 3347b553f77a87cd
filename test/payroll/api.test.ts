// The payroll routes through app.inject, with a token per role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { payrollRoutes } from '../../src/api/routes/payroll.ts';
import { routePlugins } from '../../src/api/routes/index.ts';
import type { Db } from '../../src/db/client.ts';
import { createToken } from '../../src/services/tokens.ts';
import { closeDb, ROTA, seedDb, SERVICE } from './db-seed.ts';

let app: FastifyInstance;
let db: Db;
const tokens: Record<'manager' | 'payroll' | 'worker', string> = { manager: '', payroll: '', worker: '' };
const call = (role: keyof typeof tokens, opts: InjectOptions) =>
  app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${tokens[role]}` } });

const NIGHT = { rotaId: ROTA, slotId: 'night@2026-10-24', staffId: 'ana' };
const WB = { rotaId: ROTA, slotId: 'wb@2026-10-27', staffId: 'ana' };
const OPT = { rotaId: ROTA, slotId: 'opt@2026-10-28', staffId: 'carl' };

beforeAll(async () => {
  db = seedDb();
  app = await buildApp({ db, now: () => new Date('2026-11-02T09:00:00Z') });
  tokens.manager = createToken(db, { role: 'manager' }).token;
  tokens.payroll = createToken(db, { role: 'payroll' }).token;
  tokens.worker = createToken(db, { role: 'worker', staffId: 'ana' }).token;
});
afterAll(async () => {
  await app.close();
  closeDb(db);
});

describe('payroll API', () => {
  it('is registered in the app and documented in OpenAPI', async () => {
    expect(routePlugins).toContain(payrollRoutes);
    await app.ready();
    const doc = (app as unknown as { swagger(): { tags?: { name: string }[]; paths: Record<string, unknown> } }).swagger();
    expect(doc.tags?.filter((t) => t.name === 'payroll')).toHaveLength(1);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/payroll')).sort()).toEqual([
      '/payroll/export', '/payroll/outcomes', '/payroll/periods', '/payroll/periods/{periodId}/lock', '/payroll/settings', '/payroll/sign-offs',
    ]);
  });

  it('configures weekly periods from Monday 19 Oct', async () => {
    const settings = { frequency: 'weekly', anchorDate: '2026-10-19', firstPeriodStart: '2026-10-19', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' };
    expect((await call('worker', { method: 'PUT', url: '/payroll/settings', payload: settings })).statusCode).toBe(403);
    const res = await call('payroll', { method: 'PUT', url: '/payroll/settings', payload: settings });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ serviceId: SERVICE, frequency: 'weekly', firstPeriodStart: '2026-10-19', configured: true });
    const bad = await call('manager', { method: 'PUT', url: '/payroll/settings', payload: { ...settings, nightStartMinute: 1440 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.nightStartMinute');
  });

  it('records outcomes and signs off (manager only)', async () => {
    expect((await call('payroll', { method: 'POST', url: '/payroll/outcomes', payload: { ...NIGHT, status: 'worked' } })).statusCode).toBe(403);
    const rec = await call('manager', { method: 'POST', url: '/payroll/outcomes', payload: { ...NIGHT, status: 'worked' } });
    expect(rec.statusCode).toBe(200);
    expect(rec.json()).toMatchObject({ sessionId: `${ROTA}/night@2026-10-24`, status: 'worked', signedOffAt: null });
    const cancelled = await call('manager', { method: 'POST', url: '/payroll/outcomes', payload: { ...OPT, status: 'cancelled', reason: 'no-service-users' } });
    expect(cancelled.statusCode).toBe(200);
    const noReason = await call('manager', { method: 'POST', url: '/payroll/outcomes', payload: { ...WB, status: 'cancelled' } });
    expect([noReason.statusCode, noReason.json().errors[0].path]).toEqual([400, 'body.reason']);
    const badStatus = await call('manager', { method: 'POST', url: '/payroll/outcomes', payload: { ...WB, status: 'sick' } });
    expect(badStatus.statusCode).toBe(400);
    const unsignable = await call('manager', { method: 'POST', url: '/payroll/sign-offs', payload: { places: [NIGHT, WB] } });
    expect(unsignable.statusCode).toBe(409);
    const signed = await call('manager', { method: 'POST', url: '/payroll/sign-offs', payload: { places: [NIGHT, OPT] } });
    expect(signed.statusCode).toBe(200);
    expect(signed.json().map((o: { signedOffAt: string }) => o.signedOffAt)).toEqual(['2026-11-02T09:00:00.000Z', '2026-11-02T09:00:00.000Z']);
  });

  it('exports CSV and JSON to payroll and managers, not workers', async () => {
    expect((await call('worker', { method: 'GET', url: '/payroll/export?from=2026-10-19&to=2026-11-02' })).statusCode).toBe(403);
    const csv = await call('payroll', { method: 'GET', url: '/payroll/export?from=2026-10-19&to=2026-11-02&format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    // The wellbeing session has no outcome yet.
    expect(csv.headers['x-payroll-pending-places']).toBe('1');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="payroll-${SERVICE}-2026-10-19-2026-11-02.csv"`);
    const rows = csv.body.split('\r\n');
    expect(rows[0].startsWith('\uFEFFperiod_start,period_end,row_type,payroll_number,worker_id,')).toBe(true);
    // Night: 780 worked and paid, 480 at night, all at the weekend; 13 h at 12.50 an hour = 162.50.
    expect(rows[1]).toBe(`2026-10-19,2026-10-26,session,KB0042,ana,"Ana, ""Bank""",bank,${ROTA}/night@2026-10-24,night,worked,2026-10-24,2026-10-24 20:00,2026-10-25 08:00,,780,13.00,780,13.00,780,480,0,162.50,780,162.50`);
    // The wellbeing session has nothing recorded yet: listed, with no figures.
    expect(rows[2]).toBe(`2026-10-26,2026-11-02,unsigned,KB0042,ana,"Ana, ""Bank""",bank,${ROTA}/wb@2026-10-27,wellbeing,not-recorded,2026-10-27,2026-10-27 10:00,2026-10-27 13:00,,,,,,,,,,,`);
    // Options cancelled for no service users: 0 worked, 180 paid at 15.00 an hour; Carl has no payroll number.
    expect(rows[3]).toContain(`,session,,carl,Carl Contract,contracted,${ROTA}/opt@2026-10-28,options,cancelled,2026-10-28,`);
    expect(rows[3]).toContain(',0,0.00,180,3.00,0,0,0,45.00,0,0.00');
    expect(rows.slice(4)).toEqual(['']);
    const totals = await call('payroll', { method: 'GET', url: '/payroll/export?from=2026-10-19&to=2026-11-02&format=csv-totals' });
    expect(totals.headers['content-disposition']).toBe(`attachment; filename="payroll-totals-${SERVICE}-2026-10-19-2026-11-02.csv"`);
    // 780 x 0.1207 = 94.146 -> 94 min of holiday accrued = 1.57 h.
    expect(totals.body.split('\r\n')[1]).toBe('2026-10-19,2026-10-26,KB0042,ana,"Ana, ""Bank""",bank,1,0,780,13.00,780,13.00,780,480,0,162.50,780,162.50,94,1.57,0.00');
    const json = await call('manager', { method: 'GET', url: '/payroll/export?from=2026-10-19&to=2026-10-26&format=json' });
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.json().periods[0].lines[0].days.map((d: { date: string; workedMinutes: number }) => [d.date, d.workedMinutes])).toEqual([['2026-10-24', 240], ['2026-10-25', 540]]);
    const misaligned = await call('payroll', { method: 'GET', url: '/payroll/export?from=2026-10-20&to=2026-10-26' });
    expect([misaligned.statusCode, misaligned.json().message]).toEqual([400, expect.stringMatching(/2026-10-20 is not the start of a pay period/)]);
  });

  it('locks a period: repeated exports are byte-identical; a later change is an adjustment next period', async () => {
    const lock = await call('payroll', { method: 'POST', url: '/payroll/periods/2026-10-19/lock', payload: {} });
    expect(lock.statusCode).toBe(200);
    expect(lock.json()).toMatchObject({ periodId: '2026-10-19', endDate: '2026-10-26', lines: 1, pending: [] });
    const url = '/payroll/export?from=2026-10-19&to=2026-10-26&format=csv';
    const first = (await call('payroll', { method: 'GET', url })).rawPayload;
    const rec = await call('manager', { method: 'POST', url: '/payroll/outcomes', payload: { ...NIGHT, status: 'worked', actualStart: '2026-10-24T19:00:00Z', actualEnd: '2026-10-25T08:30:00Z' } });
    expect(rec.statusCode).toBe(200);
    await call('manager', { method: 'POST', url: '/payroll/sign-offs', payload: { places: [NIGHT] } });
    const second = (await call('payroll', { method: 'GET', url })).rawPayload;
    expect(Buffer.compare(first, second)).toBe(0);
    const next = (await call('payroll', { method: 'GET', url: '/payroll/export?from=2026-10-26&to=2026-11-02&format=json' })).json();
    const adj = next.periods[0].lines.find((l: { lineType: string }) => l.lineType === 'adjustment');
    expect(adj).toMatchObject({ sessionId: `${ROTA}/night@2026-10-24`, workedMinutes: 30, paidMinutes: 30, adjustsPeriodId: '2026-10-19' });
    const twice = await call('payroll', { method: 'POST', url: '/payroll/periods/2026-10-19/lock', payload: {} });
    expect(twice.statusCode).toBe(409);
    const pending = await call('payroll', { method: 'POST', url: '/payroll/periods/2026-10-26/lock' });
    expect([pending.statusCode, pending.json().errors]).toEqual([409, [{ path: 'pending[0]', message: `${ROTA}/wb@2026-10-27 ana: no signed-off outcome` }]]);
  });
});
