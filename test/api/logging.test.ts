// The server's log as an operator reads it: at the default level (info) one structured pino line per
// event that matters, each with the acting identity; never a token or a calendar feed's secret.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { openDb, type Db } from '../../src/db/client.ts';
import { createToken } from '../../src/services/tokens.ts';
import { bankService, seed, WEEK } from '../offers/support/bank-service.ts';
import { closeDb, seedDb } from '../payroll/db-seed.ts';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** A log stream that keeps every line, parsed. */
function capture() {
  const text: string[] = [];
  return {
    stream: { write: (line: string) => void text.push(line) },
    text: () => text.join(''),
    lines: () => text.map((l) => JSON.parse(l) as Record<string, unknown>),
    events: (name: string) => text.map((l) => JSON.parse(l) as Record<string, any>).filter((l) => l.event === name),
  };
}

const T0 = Date.UTC(2026, 10, 20, 9);

/** The acting identity as the audit log names it for an action (one helper names both, actor.ts). */
function auditActor(db: Db, action: string): string {
  return (db.$client.prepare('select actor from audit_log where action = ? order by id limit 1').get(action) as { actor: string }).actor;
}

describe('the server log', () => {
  it('at the default level logs solves, publishing, offers, failed logins and period locks with who did them', async () => {
    const log = capture();
    const clock = { ms: T0 };
    const db = openDb(':memory:');
    const rotaId = seed(db, bankService('kent-bank', 3));
    // No level given: the default, as `npm start` runs it without LOG_LEVEL.
    const app = await buildApp({ db, now: () => new Date(clock.ms), solve: { maxMoves: 2000 }, logger: { stream: log.stream } });
    apps.push(app);
    const manager = createToken(db, { role: 'manager', name: 'Maria Manager' });
    const worker = createToken(db, { role: 'worker', staffId: 'bank-000' });
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const fake = 'notAToken-3f9a8c7e6d5b4a3f2e1d';

    expect((await app.inject({ method: 'GET', url: '/services' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/services', headers: auth(fake) })).statusCode).toBe(401);

    const generated = await app.inject({ method: 'POST', url: '/rotas', headers: auth(manager.token), payload: { serviceId: 'kent-bank', weekStart: WEEK, seed: 3 } });
    await app.ctx.rotas.idle();

    const sent = await app.inject({
      method: 'POST',
      url: `/rotas/${rotaId}/offers`,
      headers: auth(manager.token),
      payload: { mode: 'cascade', ttlMinutes: 30, places: [{ slotId: 'wellbeing@2026-11-24', roleId: 'support' }] },
    });
    const offerId = sent.json().offers[0].offerId;
    expect((await app.inject({ method: 'POST', url: `/me/offers/${offerId}/accept`, headers: auth(worker.token) })).statusCode).toBe(200);
    const late = await app.inject({
      method: 'POST',
      url: `/rotas/${rotaId}/offers`,
      headers: auth(manager.token),
      payload: { mode: 'cascade', ttlMinutes: 5, places: [{ slotId: 'wellbeing@2026-11-26', roleId: 'support' }] },
    });
    expect(late.statusCode).toBe(201);
    clock.ms += 6 * 60_000;
    for (let i = 0; i < 100 && log.events('offers.expired').length === 0; i++) await new Promise((r) => setTimeout(r, 50));

    const pub = await app.inject({
      method: 'POST',
      url: `/rotas/${rotaId}/publish`,
      headers: auth(manager.token),
      payload: { override: true, reason: 'cover arranged by phone' },
    });
    expect(pub.statusCode).toBe(200);

    const managerName = auditActor(db, 'rota.generate');
    const workerName = auditActor(db, 'offer.accept');
    expect(managerName).toContain('Maria Manager');
    expect(workerName).toContain('bank-000');
    expect(log.events('auth.failed')).toEqual([
      expect.objectContaining({ level: 30, msg: 'failed login', reason: 'no Authorization header', method: 'GET', url: '/services' }),
      expect.objectContaining({ level: 30, msg: 'failed login', reason: 'unknown, expired or revoked token', method: 'GET', url: '/services' }),
    ]);
    const about = { rotaId: generated.json().id, serviceId: 'kent-bank', weekStart: WEEK, kind: 'generate', actor: managerName };
    expect(log.events('solve.queued')).toEqual([expect.objectContaining({ ...about, level: 30, msg: 'solve queued' })]);
    expect(log.events('solve.started')).toEqual([expect.objectContaining({ ...about, msg: 'solve started', seed: 3, waitedSeconds: expect.any(Number) })]);
    const [finished] = log.events('solve.finished');
    expect(finished).toMatchObject({ ...about, msg: 'solve finished', seconds: expect.any(Number), moves: expect.any(Number) });
    const stored = (await app.inject({ method: 'GET', url: `/rotas/${generated.json().id}`, headers: auth(manager.token) })).json();
    expect(finished.score).toEqual(stored.solveRuns[0].score);
    expect(log.events('offers.sent')).toEqual([
      expect.objectContaining({ actor: managerName, rotaId, offers: [{ offerId, places: 1, offeredTo: 3 }], notSent: 0 }),
      expect.objectContaining({ actor: managerName, rotaId, offers: [{ offerId: late.json().offers[0].offerId, places: 1, offeredTo: 3 }] }),
    ]);
    expect(log.events('offer.accepted')).toEqual([expect.objectContaining({ actor: workerName, offerId, status: 'accepted', assignmentIds: [expect.any(Number)] })]);
    expect(log.events('offers.expired')).toEqual([
      expect.objectContaining({ actor: 'system', invites: 1, expired: [{ offerId: late.json().offers[0].offerId, serviceId: 'kent-bank', staffId: expect.any(String) }] }),
    ]);
    expect(log.events('rota.published')).toEqual([expect.objectContaining({ actor: managerName, rotaId, serviceId: 'kent-bank', weekStart: WEEK, changed: true })]);
    // Every line is an event (or an error): no request chatter at the default level.
    expect(log.lines().every((l) => typeof l.event === 'string')).toBe(true);
    for (const secret of [manager.token, worker.token, fake]) expect(log.text()).not.toContain(secret);
  });

  it('logs a period lock with who locked it', async () => {
    const log = capture();
    const db = seedDb();
    const app = await buildApp({ db, now: () => new Date('2026-11-02T09:00:00Z'), logger: { stream: log.stream } });
    apps.push(app);
    const payroll = createToken(db, { role: 'payroll', name: 'Pat Payroll' });
    const headers = { authorization: `Bearer ${payroll.token}` };
    const settings = { frequency: 'weekly', anchorDate: '2026-10-19', firstPeriodStart: '2026-10-19', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' };
    expect((await app.inject({ method: 'PUT', url: '/payroll/settings', headers, payload: settings })).statusCode).toBe(200);
    const lock = await app.inject({ method: 'POST', url: '/payroll/periods/2026-10-19/lock', headers, payload: { allowPending: true } });
    expect(lock.statusCode).toBe(200);
    expect(log.events('payroll.period.locked')).toEqual([
      expect.objectContaining({ actor: auditActor(db, 'payroll.lock'), serviceId: 'kent', periodId: '2026-10-19', startDate: '2026-10-19', endDate: '2026-10-26' }),
    ]);
    expect(auditActor(db, 'payroll.lock')).toContain('Pat Payroll');
    expect(log.text()).not.toContain(payroll.token);
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    closeDb(db);
  });

  it('at debug, each request is a line, with the calendar feed secret and the Authorization header left out', async () => {
    const log = capture();
    const db = openDb(':memory:');
    seed(db, bankService('kent-bank', 1));
    const app = await buildApp({ db, logger: { level: 'debug', stream: log.stream } });
    apps.push(app);
    const worker = createToken(db, { role: 'worker', staffId: 'bank-000' });
    const feed = await app.inject({ method: 'POST', url: '/me/calendar-feed', headers: { authorization: `Bearer ${worker.token}` } });
    const path: string = feed.json().path;
    const secret = /^\/calendar\/([^/]+)\/feed\.ics$/.exec(path)![1];
    expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `${path}?x=1` })).statusCode).toBe(200);
    const requests = log.lines().filter((l) => l.msg === 'request answered');
    expect(requests.map((l) => l.url)).toEqual(['/me/calendar-feed', '/calendar/[redacted]/feed.ics', '/calendar/[redacted]/feed.ics?x=1']);
    expect(log.text()).not.toContain(secret);
    expect(log.text()).not.toContain(worker.token);
  });
});

describe('LOG_LEVEL', () => {
  it('defaults to info, and takes any pino level', async () => {
    const { logLevelFromEnv } = await import('../../src/api/plugins/logging.ts');
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(logLevelFromEnv({ LOG_LEVEL: 'warn' })).toBe('warn');
    expect(logLevelFromEnv({ LOG_LEVEL: 'loud' })).toBe('info');
  });
});
