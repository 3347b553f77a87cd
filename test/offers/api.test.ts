// The offer routes through the app: inject for the flow, and real HTTP on a loopback port for the
// race: 100 concurrent accepts must give one winner and 99 refusals, checked in the database after.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { openDb, type Db } from '../../src/db/client.ts';
import { assignments, auditLog, offerFills, offers as offersTable } from '../../src/db/schema/index.ts';
import { createToken } from '../../src/services/tokens.ts';
import { bankService, seed } from './support/bank-service.ts';

const T0 = Date.UTC(2026, 10, 20, 9);
const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function setup(bankWorkers = 4, clock = { ms: T0 }) {
  const db = openDb(':memory:');
  const rotaId = seed(db, bankService('kent-bank', bankWorkers));
  const app = await buildApp({ db, now: () => new Date(clock.ms) });
  apps.push(app);
  const manager = createToken(db, { role: 'manager' }).token;
  const workerToken = new Map<string, string>();
  for (let i = 0; i < bankWorkers; i++) {
    const id = `bank-${String(i).padStart(3, '0')}`;
    workerToken.set(id, createToken(db, { role: 'worker', staffId: id }).token);
  }
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  return { db, app, rotaId, manager, workerToken, auth, clock };
}

describe('offer routes', () => {
  it('send, list, accept, refuse, decline, history and calendar', async () => {
    const t = await setup();
    const created = await t.app.inject({
      method: 'POST',
      url: `/rotas/${t.rotaId}/offers`,
      headers: t.auth(t.manager),
      payload: { mode: 'cascade', ttlMinutes: 30, places: [{ slotId: 'wellbeing@2026-11-24', roleId: 'support' }] },
    });
    expect(created.statusCode).toBe(201);
    const [offer] = created.json().offers;
    expect(offer.offeredTo).toEqual(['bank-000', 'bank-001', 'bank-002', 'bank-003']);

    const mine = await t.app.inject({ method: 'GET', url: '/me/offers', headers: t.auth(t.workerToken.get('bank-000')!) });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject([
      { offerId: offer.offerId, sessions: [{ venue: { name: 'Gravesend Community Hub' }, start: '2026-11-24T10:00:00+00:00', paidHours: 4 }] },
    ]);

    // Not their turn yet in the cascade.
    const early = await t.app.inject({ method: 'POST', url: `/me/offers/${offer.offerId}/accept`, headers: t.auth(t.workerToken.get('bank-001')!) });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: 'conflict', refusal: 'not-open' });

    const declined = await t.app.inject({
      method: 'POST',
      url: `/me/offers/${offer.offerId}/decline`,
      headers: t.auth(t.workerToken.get('bank-000')!),
      payload: { reason: 'cannot get to Gravesend on Tuesdays' },
    });
    expect(declined.statusCode).toBe(200);

    const accepted = await t.app.inject({ method: 'POST', url: `/me/offers/${offer.offerId}/accept`, headers: t.auth(t.workerToken.get('bank-001')!) });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', assignmentIds: [expect.any(Number)] });

    const history = await t.app.inject({ method: 'GET', url: `/rotas/${t.rotaId}/offers`, headers: t.auth(t.manager) });
    expect(history.json()[0].history.map((h: { type: string }) => h.type)).toEqual(['offered', 'declined', 'offered', 'accepted']);
    expect(history.json()[0].history[1].reason).toBe('cannot get to Gravesend on Tuesdays');

    const ics = await t.app.inject({ method: 'GET', url: '/me/calendar.ics', headers: t.auth(t.workerToken.get('bank-001')!) });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(ics.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics.body).toContain('DTSTART;TZID=Europe/London:20261124T100000\r\n');

    // A phone subscribes to an address with its own secret, no bearer token; a new one replaces it.
    const feed = await t.app.inject({ method: 'POST', url: '/me/calendar-feed', headers: t.auth(t.workerToken.get('bank-001')!) });
    expect(feed.statusCode).toBe(201);
    const path = feed.json().path as string;
    expect(path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{20,}\/feed\.ics$/);
    const subscribed = await t.app.inject({ method: 'GET', url: path });
    expect(subscribed.statusCode).toBe(200);
    expect(subscribed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(subscribed.body).toContain('DTSTART;TZID=Europe/London:20261124T100000\r\n');
    const again = await t.app.inject({ method: 'POST', url: '/me/calendar-feed', headers: t.auth(t.workerToken.get('bank-001')!) });
    expect(again.statusCode).toBe(409);
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    const replaced = await t.app.inject({
      method: 'POST',
      url: '/me/calendar-feed',
      headers: t.auth(t.workerToken.get('bank-001')!),
      payload: { replace: true },
    });
    expect(replaced.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: replaced.json().path })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/calendar/made-up-secret/feed.ics' })).statusCode).toBe(404);

    // Only workers use /me; only managers send offers.
    expect((await t.app.inject({ method: 'GET', url: '/me/offers', headers: t.auth(t.manager) })).statusCode).toBe(403);
    const byWorker = await t.app.inject({
      method: 'POST',
      url: `/rotas/${t.rotaId}/offers`,
      headers: t.auth(t.workerToken.get('bank-000')!),
      payload: { mode: 'cascade', ttlMinutes: 30 },
    });
    expect(byWorker.statusCode).toBe(403);
  });

  it('a manager reading the rota after an accept sees the place filled and the score as the rota now stands', async () => {
    const WELLBEING = { slotId: 'wellbeing@2026-11-24', roleId: 'support' };
    const manual = async (t: Awaited<ReturnType<typeof setup>>, staffId: string, slotId: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/rotas/${t.rotaId}/assignments`,
        headers: t.auth(t.manager),
        payload: { slotId, roleId: 'support', staffId, reason: 'by hand' },
      });
      expect(res.statusCode).toBeLessThan(300);
    };
    const read = async (t: Awaited<ReturnType<typeof setup>>) => {
      const res = await t.app.inject({ method: 'GET', url: `/rotas/${t.rotaId}`, headers: t.auth(t.manager) });
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const isWellbeing = (u: { slotId: string; roleId: string }) => u.slotId === WELLBEING.slotId && u.roleId === WELLBEING.roleId;

    // A manual change scores the rota: the Tuesday wellbeing place is short.
    const t = await setup();
    await manual(t, 'carl', 'evening@2026-11-23');
    const before = await read(t);
    expect(before.unfilled.filter(isWellbeing)).toMatchObject([{ level: 'hard', missing: 1 }]);

    const created = await t.app.inject({
      method: 'POST',
      url: `/rotas/${t.rotaId}/offers`,
      headers: t.auth(t.manager),
      payload: { mode: 'broadcast', ttlMinutes: 30, places: [WELLBEING] },
    });
    const [offer] = created.json().offers;
    const accepted = await t.app.inject({ method: 'POST', url: `/me/offers/${offer.offerId}/accept`, headers: t.auth(t.workerToken.get('bank-000')!) });
    expect(accepted.statusCode).toBe(200);

    const after = await read(t);
    expect(after.assignments.filter(isWellbeing)).toMatchObject([{ staffId: 'bank-000', source: 'offer', pinned: true }]);
    expect(after.unfilled.filter(isWellbeing)).toEqual([]);
    expect(Math.abs(after.score.hard)).toBeLessThan(Math.abs(before.score.hard));
    // The list shows the same score as the rota itself.
    const listed = (await t.app.inject({ method: 'GET', url: '/rotas', headers: t.auth(t.manager) })).json();
    expect(listed.find((r: { id: string }) => r.id === t.rotaId).score).toEqual(after.score);

    // The same score as a manager placing the same worker by hand (the one rescoring path), but a
    // bank worker placed by hand is only proposed: the unfilled view still lists the place, saying so.
    const byHand = await setup();
    await manual(byHand, 'carl', 'evening@2026-11-23');
    await manual(byHand, 'bank-000', WELLBEING.slotId);
    const expected = await read(byHand);
    expect({ score: after.score, feasible: after.feasible, scoreByConstraint: after.scoreByConstraint }).toEqual({
      score: expected.score,
      feasible: expected.feasible,
      scoreByConstraint: expected.scoreByConstraint,
    });
    expect(expected.unfilled.filter((u: { awaiting?: unknown }) => !u.awaiting)).toEqual(after.unfilled);
    expect(expected.unfilled.filter(isWellbeing)).toMatchObject([
      { level: 'hard', missing: 1, awaiting: { state: 'proposed', staffIds: ['bank-000'], message: 'proposed for Bank Worker 0, not offered yet' } },
    ]);

    // A planned bank place sent out as an offer leaves the rota: the next read shows it short again.
    const planned = await setup();
    const add = await planned.app.inject({
      method: 'POST',
      url: `/rotas/${planned.rotaId}/assignments`,
      headers: planned.auth(planned.manager),
      payload: { ...WELLBEING, staffId: 'bank-001', reason: 'planned', pinned: false },
    });
    expect(add.statusCode).toBeLessThan(300);
    // Proposed is not covered either: the unfilled view says whom it is proposed for.
    expect((await read(planned)).unfilled.filter(isWellbeing)).toMatchObject([{ level: 'hard', missing: 1, awaiting: { state: 'proposed', staffIds: ['bank-001'] } }]);
    const sent = await planned.app.inject({
      method: 'POST',
      url: `/rotas/${planned.rotaId}/offers`,
      headers: planned.auth(planned.manager),
      payload: { mode: 'cascade', ttlMinutes: 30, places: [WELLBEING] },
    });
    expect(sent.statusCode).toBe(201);
    // Out as an offer the place is still not covered: the unfilled view says who is asked.
    expect((await read(planned)).unfilled.filter(isWellbeing)).toMatchObject([
      { level: 'hard', missing: 1, awaiting: { state: 'offered', staffIds: ['bank-001'], message: 'offered to Bank Worker 1, awaiting an answer' } },
    ]);
  });

  it('an accept, its bearer token included, runs only statements prepared before (no SQL built per request)', async () => {
    const t = await setup();
    const created = await t.app.inject({
      method: 'POST',
      url: `/rotas/${t.rotaId}/offers`,
      headers: t.auth(t.manager),
      payload: {
        mode: 'broadcast',
        ttlMinutes: 30,
        places: [
          { slotId: 'wellbeing@2026-11-24', roleId: 'support' },
          { slotId: 'wellbeing@2026-11-26', roleId: 'support' },
        ],
      },
    });
    const [tuesday, thursday] = created.json().offers;
    const accept = (offerId: string, staffId: string) =>
      t.app.inject({ method: 'POST', url: `/me/offers/${offerId}/accept`, headers: t.auth(t.workerToken.get(staffId)!) });
    // The first accept on this connection prepares the statements (and compiles the worker's week).
    expect((await accept(tuesday.offerId, 'bank-000')).statusCode).toBe(200);

    const prepare = vi.spyOn(t.db.$client, 'prepare');
    try {
      expect((await accept(thursday.offerId, 'bank-000')).statusCode).toBe(200);
      const late = await accept(tuesday.offerId, 'bank-001');
      expect(late.statusCode).toBe(409);
      expect(late.json().refusal).toBe('offer-closed');
      expect(prepare.mock.calls.map((c) => c[0])).toEqual([]);
    } finally {
      prepare.mockRestore();
    }
  });

  it('sends a series over two weekly rotas through the API', async () => {
    const t = await setup();
    seed(t.db, bankService('kent-bank', 4), 'rota-2', '2026-11-30');
    const res = await t.app.inject({
      method: 'POST',
      url: '/offers/series',
      headers: t.auth(t.manager),
      payload: {
        mode: 'broadcast',
        ttlMinutes: 60,
        places: [
          { rotaId: t.rotaId, slotId: 'group@2026-11-23', roleId: 'support' },
          { rotaId: 'rota-2', slotId: 'group@2026-11-30', roleId: 'support' },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    const offer = res.json();
    expect(offer.offeredTo).toHaveLength(4);
    const accepted = await t.app.inject({ method: 'POST', url: `/me/offers/${offer.offerId}/accept`, headers: t.auth(t.workerToken.get('bank-002')!) });
    expect(accepted.json().assignmentIds).toHaveLength(2);
  });

  it('names bad fields when sending offers', async () => {
    const t = await setup();
    const res = await t.app.inject({ method: 'POST', url: `/rotas/${t.rotaId}/offers`, headers: t.auth(t.manager), payload: { mode: 'shout', ttlMinutes: 0 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.mode', 'body.ttlMinutes']);
    const missing = await t.app.inject({ method: 'POST', url: '/rotas/nope/offers', headers: t.auth(t.manager), payload: { mode: 'cascade', ttlMinutes: 5 } });
    expect(missing.statusCode).toBe(404);
  });

  it('the server expires offers on its own clock, with no request', async () => {
    const t = await setup();
    await t.app.ready();
    const created = await t.app.inject({
      method: 'POST',
      url: `/rotas/${t.rotaId}/offers`,
      headers: t.auth(t.manager),
      payload: { mode: 'cascade', ttlMinutes: 1, places: [{ slotId: 'wellbeing@2026-11-26', roleId: 'support' }] },
    });
    const offerId = created.json().offers[0].offerId as string;
    t.clock.ms = T0 + 2 * 60_000;
    let expired = false;
    for (let i = 0; i < 60 && !expired; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expired = t.db.select().from(auditLog).where(and(eq(auditLog.entityId, offerId), eq(auditLog.action, 'offer.expire'))).all().length === 1;
    }
    expect(expired).toBe(true);
    const next = await t.app.inject({ method: 'GET', url: '/me/offers', headers: t.auth(t.workerToken.get('bank-001')!) });
    expect(next.json().map((o: { offerId: string }) => o.offerId)).toEqual([offerId]);
  });
});

describe('exactly one winner over real HTTP', () => {
  async function listen(t: Awaited<ReturnType<typeof setup>>): Promise<string> {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return `http://127.0.0.1:${address.port}`;
  }

  function checkOneWinner(db: Db, offerId: string, winner: string) {
    const fills = db.select().from(offerFills).where(eq(offerFills.offerId, offerId)).all();
    expect(fills).toHaveLength(1);
    expect(fills[0].staffId).toBe(winner);
    const held = db.select().from(assignments).where(eq(assignments.slotId, 'wellbeing@2026-11-24')).all();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ staffId: winner, pinned: true, source: 'offer' });
    const row = db.select().from(offersTable).where(eq(offersTable.id, offerId)).get()!;
    expect(row).toMatchObject({ status: 'accepted', winnerStaffId: winner });
  }

  it('100 workers accepting one broadcast place at once: one success, 99 refusals', async () => {
    const t = await setup(100);
    const base = await listen(t);
    const created = await fetch(`${base}/rotas/${t.rotaId}/offers`, {
      method: 'POST',
      headers: { ...t.auth(t.manager), 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'broadcast', ttlMinutes: 60, places: [{ slotId: 'wellbeing@2026-11-24', roleId: 'support' }] }),
    });
    expect(created.status).toBe(201);
    const offer = (await created.json()).offers[0];
    expect(offer.offeredTo).toHaveLength(100);

    const ids = [...t.workerToken.keys()];
    const results = await Promise.all(
      ids.map(async (id) => {
        const res = await fetch(`${base}/me/offers/${offer.offerId}/accept`, { method: 'POST', headers: t.auth(t.workerToken.get(id)!) });
        return { id, status: res.status, body: (await res.json()) as { refusal?: string } };
      }),
    );
    const wins = results.filter((r) => r.status === 200);
    expect(wins).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(99);
    for (const r of refused) expect(r.body.refusal).toBe('offer-closed');
    checkOneWinner(t.db, offer.offerId, wins[0].id);
  });

  it('one worker accepting the same offer 100 times at once gets it once, and every retry is told so', async () => {
    const t = await setup(3);
    const base = await listen(t);
    const created = await fetch(`${base}/rotas/${t.rotaId}/offers`, {
      method: 'POST',
      headers: { ...t.auth(t.manager), 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'cascade', ttlMinutes: 60, places: [{ slotId: 'wellbeing@2026-11-24', roleId: 'support' }] }),
    });
    const offer = (await created.json()).offers[0];
    const token = t.workerToken.get('bank-000')!;
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${base}/me/offers/${offer.offerId}/accept`, { method: 'POST', headers: t.auth(token) }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { status: string; assignmentIds: number[]; repeat: boolean },
        })),
      ),
    );
    // A phone retrying must never hear "you lost it": all 100 are 200 with the same place, one of them new.
    expect(answers.map((a) => a.status)).toEqual(new Array(100).fill(200));
    expect(new Set(answers.map((a) => `${a.body.status} ${a.body.assignmentIds.join(',')}`)).size).toBe(1);
    expect(answers.filter((a) => !a.body.repeat)).toHaveLength(1);
    checkOneWinner(t.db, offer.offerId, 'bank-000');
  });
});
