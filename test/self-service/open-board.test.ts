// The open sessions board through the API: what a worker sees (open places they may take, checked
// as offers are), requests, the manager's approval with requests ranked, the service's automatic
// approval of the first eligible request, and races for one place: exactly one winner.
import { afterEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { assignments, auditLog, openPlaceClaims, openSessionRequests } from '../../src/db/schema/index.ts';
import { selfApp, selfServiceFile, SERVICE, WEEK_PLACES, type SelfApp } from './support.ts';

const apps: SelfApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.app.close();
});

const TUE = 'drop-in@2026-12-08';
const M = `/services/${SERVICE}`;
/** The week with Tuesday's support place left open. */
const OPEN_TUE = WEEK_PLACES.filter(([slot, role]) => !(slot === TUE && role === 'support'));

async function setup(file = selfServiceFile()) {
  const t = await selfApp(file);
  apps.push(t);
  const rota = await t.publishedRota(OPEN_TUE);
  return { ...t, ...rota };
}

function holdersOf(t: SelfApp, slotId: string, roleId: string): string[] {
  return t.db
    .select()
    .from(assignments)
    .where(and(eq(assignments.slotId, slotId), eq(assignments.roleId, roleId)))
    .all()
    .map((a) => a.staffId);
}

async function listen(t: SelfApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

describe('the open sessions board', () => {
  it('shows each worker the open places they may take, and none they may not', async () => {
    const t = await setup();
    const board = async (who: string) => (await t.call(who, { method: 'GET', url: '/me/open-sessions' })).json() as { slotId: string; roleId: string; open: number }[];
    // Dan (bank): Tuesday's drop-in; not the Wednesday outreach (09:00, outside his availability)
    // nor the annex group (a venue he refuses).
    const dan = await board('dan');
    expect(dan.map((p) => `${p.slotId} ${p.roleId}`)).toEqual([`${TUE} support`]);
    expect(dan[0]).toMatchObject({ open: 1, label: 'Tue 8 Dec drop-in 17:30-00:30 at Hub', requestId: null });
    // Bob is on leave on Tuesday and Wednesday, and Thursday's annex group ends ten minutes before
    // his drop-in at the Hub, twenty minutes away: nothing. Eve, free on Thursday, may take the annex group.
    expect(await board('bob')).toEqual([]);
    expect((await board('eve')).map((p) => p.slotId)).toContain('annex-group@2026-12-10');
    // Ann already leads Tuesday's drop-in: not offered its support place as well.
    expect((await board('ann')).map((p) => p.slotId)).not.toContain(TUE);
  });

  it('a request, ranked for the manager as offers are, approved: the place is the worker\'s, and the others asking are told it went', async () => {
    const t = await setup();
    const ask = (who: string) => t.call(who, { method: 'POST', url: '/me/open-requests', payload: { rotaId: t.rotaId, slotId: TUE, roleId: 'support', note: 'happy to' } });
    const dan = await ask('dan');
    expect(dan.statusCode, dan.body).toBe(201);
    expect(dan.json()).toMatchObject({ status: 'requested', staffId: 'dan', note: 'happy to' });
    expect((await ask('dan')).json().id).toBe(dan.json().id); // asking twice is the same request
    const fay = await ask('fay');
    expect(fay.statusCode).toBe(201);
    // Not eligible: Bob is on leave that night; he is told why.
    const bob = await ask('bob');
    expect(bob.statusCode).toBe(409);
    expect(bob.json().breaches.join(' ')).toMatch(/on leave/);

    const waiting = (await t.call('manager', { method: 'GET', url: `${M}/open-requests?status=requested` })).json();
    expect(waiting.map((r: { staffId: string }) => r.staffId).sort()).toEqual(['dan', 'fay']);
    expect(waiting.map((r: { rank: number }) => r.rank).sort()).toEqual([1, 2]);
    // Dan, bank, costs more on the bank-use rule than Fay, contracted: Fay ranks first.
    expect(waiting.find((r: { staffId: string }) => r.staffId === 'fay').rank).toBe(1);

    const approved = await t.call('manager', { method: 'POST', url: `${M}/open-requests/${fay.json().id}/approve`, payload: { reason: 'thanks Fay' } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', autoApproved: false, assignmentId: expect.any(Number) });
    const row = t.db.select().from(assignments).where(eq(assignments.id, approved.json().assignmentId)).get()!;
    expect(row).toMatchObject({ staffId: 'fay', slotId: TUE, published: true, proposed: false, pinned: true });
    expect((await t.call('fay', { method: 'GET', url: '/me/calendar.ics' })).body).toContain('DTSTART;TZID=Europe/London:20261208T173000');
    // Dan's request is closed with the reason; the place is gone from the board.
    const mine = (await t.call('dan', { method: 'GET', url: '/me/open-requests' })).json();
    expect(mine[0]).toMatchObject({ status: 'closed', decisionReason: 'the place was given to another worker' });
    expect((await t.call('dan', { method: 'GET', url: '/me/open-sessions' })).json()).toEqual([]);
    const again = await t.call('manager', { method: 'POST', url: `${M}/open-requests/${dan.json().id}/approve` });
    expect(again.statusCode).toBe(409);
    const actions = t.db.select().from(auditLog).where(eq(auditLog.entity, 'open-request')).orderBy(asc(auditLog.id)).all().map((a) => `${a.action} ${a.entityId === fay.json().id ? 'fay' : 'dan'}`);
    expect(actions).toEqual(['open.request dan', 'open.request fay', 'open.approve fay', 'open.close dan']);
  });

  it('a manager declines with a reason; a worker withdraws', async () => {
    const t = await setup();
    const req = (await t.call('dan', { method: 'POST', url: '/me/open-requests', payload: { rotaId: t.rotaId, slotId: TUE, roleId: 'support' } })).json();
    expect((await t.call('manager', { method: 'POST', url: `${M}/open-requests/${req.id}/decline`, payload: {} })).statusCode).toBe(400);
    const declined = await t.call('manager', { method: 'POST', url: `${M}/open-requests/${req.id}/decline`, payload: { reason: 'a contracted worker first' } });
    expect(declined.json()).toMatchObject({ status: 'declined', decisionReason: 'a contracted worker first' });
    const other = (await t.call('fay', { method: 'POST', url: '/me/open-requests', payload: { rotaId: t.rotaId, slotId: TUE, roleId: 'support' } })).json();
    expect((await t.call('fay', { method: 'POST', url: `/me/open-requests/${other.id}/withdraw` })).json().status).toBe('withdrawn');
    expect((await t.call('dan', { method: 'POST', url: `/me/open-requests/${other.id}/withdraw` })).statusCode).toBe(404);
    expect(holdersOf(t, TUE, 'support')).toEqual([]);
  });

  it('leave approved after a request: refused at approval with the reason', async () => {
    const t = await setup();
    const req = (await t.call('fay', { method: 'POST', url: '/me/open-requests', payload: { rotaId: t.rotaId, slotId: TUE, roleId: 'support' } })).json();
    await t.call('manager', { method: 'POST', url: `${M}/staff/fay/leave`, payload: { kind: 'training', from: '2026-12-08', to: '2026-12-08' } });
    const res = await t.call('manager', { method: 'POST', url: `${M}/open-requests/${req.id}/approve` });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/Fay Support can no longer take it: .*training/);
    expect(holdersOf(t, TUE, 'support')).toEqual([]);
  });
});

describe('exactly one winner per open place', () => {
  function manyBank() {
    const file = selfServiceFile();
    for (let i = 0; i < 12; i++) {
      file.staff.push({ id: `bank-${i}`, name: `Bank ${i}`, kind: 'bank', roles: ['support'], skills: [{ skillId: 'safeguarding' }], costPencePerHour: 1200 });
    }
    return file;
  }

  it('twelve bank workers asking for one open session at once, the service approving the first eligible: one gets it', async () => {
    const t = await setup(manyBank());
    await t.call('manager', { method: 'PUT', url: `${M}/self-service-settings`, payload: { openAutoApprove: true } });
    const base = await listen(t);
    const ids = Array.from({ length: 12 }, (_, i) => `bank-${i}`);
    const results = await Promise.all(
      ids.map(async (id) => {
        const res = await fetch(`${base}/me/open-requests`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.tokens.get(id)}`, 'content-type': 'application/json' },
          body: JSON.stringify({ rotaId: t.rotaId, slotId: TUE, roleId: 'support' }),
        });
        return { id, status: res.status, body: (await res.json()) as { status?: string; autoApproved?: boolean } };
      }),
    );
    const won = results.filter((r) => r.status === 201 && r.body.status === 'approved');
    expect(won).toHaveLength(1);
    expect(won[0].body.autoApproved).toBe(true);
    // Everyone else is refused: the place is no longer open.
    expect(results.filter((r) => r.status === 409)).toHaveLength(11);
    expect(holdersOf(t, TUE, 'support')).toEqual([won[0].id]);
    expect(t.db.select().from(openPlaceClaims).all()).toHaveLength(1);
  });

  it('two approvals of two requests for one place at once: one 200, one 409', async () => {
    const t = await setup(manyBank());
    const a = (await t.call('bank-0', { method: 'POST', url: '/me/open-requests', payload: { rotaId: t.rotaId, slotId: TUE, roleId: 'support' } })).json();
    const b = (await t.call('bank-1', { method: 'POST', url: '/me/open-requests', payload: { rotaId: t.rotaId, slotId: TUE, roleId: 'support' } })).json();
    const base = await listen(t);
    const approve = (id: string) =>
      fetch(`${base}${M}/open-requests/${id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${t.tokens.get('manager')}` } }).then((r) => r.status);
    const statuses = await Promise.all([approve(a.id), approve(b.id)]);
    expect(statuses.sort()).toEqual([200, 409]);
    expect(holdersOf(t, TUE, 'support')).toHaveLength(1);
    const rows = t.db.select().from(openSessionRequests).all();
    expect(rows.map((r) => r.status).sort()).toEqual(['approved', 'closed']);
  });
});
