// Tokens: they expire, name who holds them, can be listed without secrets and revoked (a worker's
// with their calendar feeds); failed sign-ins are limited per address; a start-up makes a manager
// token only when no manager can get in; the audit log names people, not token numbers.
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.ts';
import { assignments, rotas, solveRuns } from '../../src/db/schema/index.ts';
import { mintFirstManagerToken } from '../../src/services/startup.ts';
import { actorForToken, createToken } from '../../src/services/tokens.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK } from './helpers/sample-service.ts';

const DAY = 24 * 60 * 60 * 1000;
let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

describe('tokens', () => {
  it('expire after their lifetime (default or asked for), answering 401 from then on', async () => {
    const clock = { ms: Date.UTC(2026, 10, 20, 9) };
    t = await testApp({ now: () => new Date(clock.ms), tokenDays: 30 });
    const short = await t.call('manager', { method: 'POST', url: '/tokens', payload: { role: 'payroll', name: 'Sam Patel', expiresInDays: 2 } });
    expect(short.statusCode).toBe(201);
    expect(short.json().expiresAt).toBe(new Date(clock.ms + 2 * DAY).toISOString());
    const long = await t.call('manager', { method: 'POST', url: '/tokens', payload: { role: 'worker', staffId: 'dan' } });
    expect(long.json().expiresAt).toBe(new Date(clock.ms + 30 * DAY).toISOString());
    const me = (token: string) => t!.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
    expect((await me(short.json().token)).statusCode).toBe(200);
    clock.ms += 2 * DAY;
    expect((await me(short.json().token)).statusCode).toBe(401);
    expect((await me(long.json().token)).statusCode).toBe(200);
    clock.ms += 28 * DAY;
    expect((await me(long.json().token)).statusCode).toBe(401);
    const states = (await t.call('manager', { method: 'GET', url: '/tokens' })).json() as { id: number; state: string }[];
    expect(states.find((r) => r.id === short.json().id)?.state).toBe('expired');
    expect(states.find((r) => r.id === long.json().id)?.state).toBe('expired');
  });

  it('are listed without their secrets, and named after who holds them', async () => {
    t = await testApp();
    const made = await t.call('manager', { method: 'POST', url: '/tokens', payload: { role: 'manager', name: 'Jo Bloggs', label: 'office' } });
    const revoked = await t.call('manager', { method: 'POST', url: '/tokens', payload: { role: 'payroll', name: 'Sam Patel' } });
    await t.call('manager', { method: 'DELETE', url: `/tokens/${revoked.json().id}` });
    const list = await t.call('manager', { method: 'GET', url: '/tokens' });
    expect(list.statusCode).toBe(200);
    for (const secret of [made.json().token, revoked.json().token, ...Object.values(t.tokens)]) expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain('tokenHash');
    expect(list.body).not.toMatch(/[0-9a-f]{64}/);
    const rows = list.json() as { id: number; name: string | null; role: string; state: string; createdBy: string | null }[];
    expect(rows.find((r) => r.id === made.json().id)).toMatchObject({ name: 'Jo Bloggs', role: 'manager', state: 'active', createdBy: expect.stringContaining('Mo Manager') });
    expect(rows.find((r) => r.id === revoked.json().id)).toMatchObject({ name: 'Sam Patel', state: 'revoked' });
    const workers = (await t.call('manager', { method: 'GET', url: '/tokens?role=worker&state=active' })).json();
    expect(workers.map((r: { staffId: string }) => r.staffId).sort()).toEqual(['dan', 'eve']);
    // A manager or payroll token must say whose it is.
    const nameless = await t.call('manager', { method: 'POST', url: '/tokens', payload: { role: 'manager' } });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json().errors[0].path).toBe('body.name');
  });

  it("revoking a worker's token says how many calendar feeds remain, and ends them on request", async () => {
    t = await testApp();
    const made = await t.call('manager', { method: 'POST', url: '/tokens', payload: { role: 'worker', staffId: 'dan' } });
    const headers = { authorization: `Bearer ${made.json().token}` };
    const feed = await t.app.inject({ method: 'POST', url: '/me/calendar-feed', headers });
    expect(feed.statusCode).toBe(201);
    const kept = await t.call('manager', { method: 'DELETE', url: `/tokens/${made.json().id}` });
    expect(kept.json()).toEqual({ revoked: true, feedsRevoked: 0, feedsRemaining: 1 });
    expect((await t.app.inject({ method: 'GET', url: '/me', headers })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: feed.json().path })).statusCode).toBe(200);

    const second = await t.call('manager', { method: 'POST', url: '/tokens', payload: { role: 'worker', staffId: 'dan' } });
    const ended = await t.call('manager', { method: 'DELETE', url: `/tokens/${second.json().id}?revokeFeeds=true` });
    expect(ended.json()).toEqual({ revoked: true, feedsRevoked: 1, feedsRemaining: 0 });
    expect((await t.app.inject({ method: 'GET', url: feed.json().path })).statusCode).toBe(404);
  });

  it('failed authentication is limited per address: 429 past the limit, before any token is checked', async () => {
    t = await testApp({ authFailureLimit: { max: 3, timeWindowMs: 60_000 } });
    const from = (remoteAddress: string, token?: string) =>
      t!.app.inject({ method: 'GET', url: '/services', remoteAddress, headers: token ? { authorization: `Bearer ${token}` } : {} });
    // No credentials at all is not an attempt: never counted.
    for (let i = 0; i < 10; i++) expect((await from('10.0.0.1')).statusCode).toBe(401);
    for (let i = 0; i < 3; i++) expect((await from('10.0.0.1', `made-up-token-number-${i}`)).statusCode).toBe(401);
    const blocked = await from('10.0.0.1', 'made-up-token-number-4');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Even a good token from that address waits: guessing gains nothing.
    expect((await from('10.0.0.1', t.tokens.manager)).statusCode).toBe(429);
    // Other addresses are not affected.
    expect((await from('10.0.0.2', t.tokens.manager)).statusCode).toBe(200);
    expect((await from('10.0.0.2', 'made-up-token-number-5')).statusCode).toBe(401);
  });

  it('a start-up makes a manager token only when no manager can get in', () => {
    const db = openDb(':memory:');
    const now = new Date(Date.UTC(2026, 10, 20, 9));
    const first = mintFirstManagerToken(db, { name: 'Jo Bloggs', days: 90, now });
    expect(first).not.toBeNull();
    expect(actorForToken(db, first!.token, now)).toMatchObject({ role: 'manager', name: 'Jo Bloggs' });
    expect(mintFirstManagerToken(db, { name: 'Jo Bloggs', days: 90, now })).toBeNull();
    expect(mintFirstManagerToken(db, { name: 'Jo Bloggs', days: 90, now: new Date(now.getTime() + 89 * DAY) })).toBeNull();
    // Once every manager token has expired, the next start makes one again.
    const later = new Date(now.getTime() + 91 * DAY);
    const again = mintFirstManagerToken(db, { name: 'Jo Bloggs', days: 90, now: later });
    expect(again).not.toBeNull();
    expect(again!.token).not.toBe(first!.token);
    // A payroll or worker token does not count as a manager.
    const other = openDb(':memory:');
    createToken(other, { role: 'payroll', name: 'Sam Patel' }, now);
    expect(mintFirstManagerToken(other, { name: 'Jo Bloggs', days: 90, now })).not.toBeNull();
  });
});

describe('the audit log names people', () => {
  it('audit rows and createdBy/updatedBy/publishedBy name the person, with the token id kept', async () => {
    t = await testApp();
    const managerId = (await t.call('manager', { method: 'GET', url: '/me' })).json().tokenId as number;
    const created = await t.call('manager', { method: 'POST', url: `/rotas?reason=weekly`, payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 3 } });
    const id = created.json().id as string;
    await t.app.ctx.rotas.idle();
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
    const place = rota.assignments[0];
    await t.call('manager', { method: 'POST', url: `/rotas/${id}/assignments/${place.id}/pin` });
    await t.call('manager', { method: 'POST', url: `/rotas/${id}/publish` });
    const feed = await t.call('worker', { method: 'POST', url: '/me/calendar-feed' });
    expect(feed.statusCode).toBe(201);

    const manager = `Mo Manager (manager, token ${managerId})`;
    const audit = (await t.call('manager', { method: 'GET', url: '/audit?limit=20' })).json() as { action: string; actor: string; actorTokenId: number | null }[];
    const byAction = (action: string) => audit.find((e) => e.action === action)!;
    for (const action of ['rota.generate', 'assignment.pin', 'rota.publish']) {
      expect(byAction(action)).toMatchObject({ actor: manager, actorTokenId: managerId });
    }
    for (const e of audit) expect(e.actor).not.toMatch(/^token:/);

    const row = t.db.select().from(rotas).all().find((r) => r.id === id)!;
    expect(row.createdBy).toBe(manager);
    expect(row.publishedBy).toBe(manager);
    const pinned = t.db.select().from(assignments).all().find((a) => a.id === place.id)!;
    expect(pinned.updatedBy).toBe(manager);
    expect(t.db.select().from(solveRuns).all()[0].requestedBy).toBe(manager);

    // A worker is named after their staff record.
    const offersAudit = t.db.$client.prepare("select actor from audit_log where action = 'calendar.feed.create'").all() as { actor: string }[];
    expect(offersAudit[0].actor).toMatch(/^Dan Bank \(worker test-sanctuary\/dan, token \d+\)$/);
  });
});
