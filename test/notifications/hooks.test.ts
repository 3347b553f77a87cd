// The events that write emails, in the same transaction as the event: offers sent (each worker an
// offer reaches, cascade steps included), offers about to expire (once), a rota published (each worker
// their own shifts). A refused publish writes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { openDb } from '../../src/db/client.ts';
import { outbox } from '../../src/db/schema/index.ts';
import { createToken } from '../../src/services/tokens.ts';
import { bankService, seed } from '../offers/support/bank-service.ts';
import { testApp, type TestApp } from '../api/helpers/app.ts';

const T0 = Date.UTC(2026, 10, 20, 9);
const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function until<T>(fn: () => T | undefined, what: string, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('offer emails', () => {
  it('each worker an offer reaches is written to (with the session, pay and when to answer by), then reminded once before it closes', async () => {
    const clock = { ms: T0 };
    const db = openDb(':memory:');
    const file = bankService('kent-bank', 3);
    file.staff.forEach((s) => (s.email = `${s.id}@example.org`));
    file.staff.find((s) => s.id === 'bank-001')!.email = undefined;
    const rotaId = seed(db, file);
    const app = await buildApp({ db, now: () => new Date(clock.ms) });
    apps.push(app);
    const manager = createToken(db, { role: 'manager' }).token;
    const mails = () => db.select().from(outbox).all();

    const created = await app.inject({
      method: 'POST',
      url: `/rotas/${rotaId}/offers`,
      headers: { authorization: `Bearer ${manager}` },
      payload: { mode: 'cascade', ttlMinutes: 60, places: [{ slotId: 'wellbeing@2026-11-24', roleId: 'support' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().offers[0].offeredTo).toEqual(['bank-000', 'bank-001', 'bank-002']);
    expect(mails()).toHaveLength(1);
    const first = mails()[0];
    expect(first).toMatchObject({ kind: 'offer', staffId: 'bank-000', toAddress: 'bank-000@example.org', status: 'queued' });
    expect(first.subject).toBe('Offer: Tue 24 Nov wellbeing 10:00-13:00 at Gravesend Community Hub');
    // 3 h + 1 paid hour at the worker's rate; the answer is due an hour after sending (09:00 UTC = 09:00 London in November).
    expect(first.bodyText).toContain('paid hours 4:00, pay £');
    expect(first.bodyText).toContain('accept or decline by 10:00 on Fri 20 Nov 2026');
    expect(first.expiresAt).toBe(new Date(T0 + 3600_000).toISOString());

    // A quarter of the hour left: one reminder (the timer runs every second).
    clock.ms = T0 + 45 * 60_000;
    const reminder = await until(() => mails().find((m) => m.kind === 'offer-expiring'), 'the reminder');
    expect(reminder).toMatchObject({ staffId: 'bank-000', subject: 'Reminder: offer closes 10:00 on Fri 20 Nov 2026' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(mails().filter((m) => m.kind === 'offer-expiring')).toHaveLength(1);

    // Time up: the cascade moves on to bank-001, who has no address: a no-address row says so.
    clock.ms = T0 + 61 * 60_000;
    const second = await until(() => mails().find((m) => m.kind === 'offer' && m.staffId === 'bank-001'), 'the next offer');
    expect(second).toMatchObject({ status: 'no-address', toAddress: null });
  });
});

describe('publish emails', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.app.close();
  });

  it('each worker with places on the published rota gets their own shifts; a refused publish writes nothing', async () => {
    t = await testApp({ now: () => new Date('2026-11-20T09:00:00Z') });
    for (const id of ['ann', 'bob', 'cat', 'dan', 'eve']) {
      const url = `/services/test-sanctuary/staff/${id}`;
      const member = (await t.call('manager', { method: 'GET', url })).json();
      expect((await t.call('manager', { method: 'PUT', url, payload: { ...member, email: `${id}@example.org` } })).statusCode).toBe(200);
    }
    const make = async () => {
      const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: '2026-12-07', seed: 1 } });
      await t.app.ctx.rotas.idle();
      return res.json().id as string;
    };
    const rotaId = await make();
    const other = await make();
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${rotaId}/publish`, payload: {} })).statusCode).toBe(200);
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${rotaId}` })).json() as {
      assignments: { staffId: string; slotLabel: string }[];
    };
    const mails = t.db.select().from(outbox).all();
    const workers = [...new Set(rota.assignments.map((a) => a.staffId))].sort();
    expect(workers.length).toBeGreaterThan(1);
    expect(mails.map((m) => m.staffId).sort()).toEqual(workers);
    for (const m of mails) {
      expect(m).toMatchObject({ kind: 'rota-published', toAddress: `${m.staffId}@example.org`, subject: 'Your shifts for the week of Mon 7 Dec 2026' });
      const mine = rota.assignments.filter((a) => a.staffId === m.staffId);
      const lines = m.bodyText.split('\n').filter((l) => l.startsWith('- '));
      expect(lines).toHaveLength(mine.length);
      for (const a of mine) expect(m.bodyText).toContain(a.slotLabel);
    }
    // A second rota of the same week cannot be published: no emails for it.
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${other}/publish`, payload: {} })).statusCode).toBe(409);
    expect(t.db.select().from(outbox).all()).toHaveLength(mails.length);
  });
});
