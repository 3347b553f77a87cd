// Issue 19, point 8: "a place is covered only when accepted". A rota whose coordinators are only
// proposed to bank workers, or offered and awaiting their answer, must not read as covered to the
// manager: not in the headline, not in the feasible flag of the rota or of the list of rotas. Once
// the bank workers accept, it does. (The plan's score may count proposals: they are the plan.)
import { afterEach, describe, expect, it } from 'vitest';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { createToken } from '../../src/services/tokens.ts';
import { COORD_NOW, COORD_SERVICE, COORD_WEEK, coordinatorService } from './helpers/coordinator-service.ts';
import { testApp, type TestApp } from './helpers/app.ts';

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

// Ann, the only contracted coordinator, is on leave Thursday to Sunday: those four coordinator
// places can only go to Bob or Cat (bank).
const BANK_DAYS = ['2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13'];

async function setUp(): Promise<TestApp> {
  const t = await testApp({ now: () => COORD_NOW });
  open.push(t);
  upsertServiceFile(t.db, coordinatorService({ annLeave: { from: '2026-12-10', to: '2026-12-13' } }), '2026-11-01T00:00:00.000Z');
  return t;
}

async function read(t: TestApp, id: string) {
  const res = await t.call('manager', { method: 'GET', url: `/rotas/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function listed(t: TestApp, id: string) {
  const res = await t.call('manager', { method: 'GET', url: `/rotas?serviceId=${COORD_SERVICE}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().find((r: { id: string }) => r.id === id);
}

function bankCoordinatorPlaces(rota: { unfilled: { slotId: string; roleId: string; level: string; awaiting?: unknown }[] }) {
  return rota.unfilled.filter((u) => u.roleId === 'coordinator' && u.level === 'hard' && u.awaiting !== undefined);
}

describe('bank places below the minimum are not covered until accepted', () => {
  it('a rota whose coordinators are only proposed, then only offered, does not read as covered; accepted, it does', async () => {
    const t = await setUp();
    const gen = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: COORD_SERVICE, weekStart: COORD_WEEK, seed: 3 } });
    expect(gen.statusCode, gen.body).toBe(202);
    await t.app.ctx.rotas.idle();
    const id = gen.json().id as string;

    // The plan: Thursday to Sunday's coordinators are proposals to bank workers.
    const draft = await read(t, id);
    const proposed = draft.assignments.filter((a: { roleId: string; bankState: string | null }) => a.roleId === 'coordinator' && a.bankState === 'proposed');
    expect(proposed.map((a: { slotId: string }) => a.slotId.split('@')[1]).sort()).toEqual(BANK_DAYS);
    expect(bankCoordinatorPlaces(draft)).toHaveLength(4);
    expect(draft.feasible).toBe(false);
    expect(draft.headline.kind).not.toBe('feasible');
    expect(draft.headline.text).toMatch(/4 places below their minimum/);
    expect(draft.headline.text).toMatch(/proposed for (Bob|Cat) Bank/);
    expect(draft.headline.text).toContain('Service coordinator');
    expect((await listed(t, id)).feasible).toBe(false);
    // The awaiting entries speak the role's name, like the others.
    for (const u of bankCoordinatorPlaces(draft)) expect(u).toMatchObject({ roleName: 'Service coordinator' });

    // Publishing sends the proposals out as offers (the guard lets them through: they are the plan).
    const pub = await t.call('manager', { method: 'POST', url: `/rotas/${id}/publish`, payload: {} });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().publishing.offers.length).toBeGreaterThan(0);
    expect(pub.json().feasible).toBe(false);

    const published = await read(t, id);
    expect(bankCoordinatorPlaces(published)).toHaveLength(4);
    expect(published.feasible).toBe(false);
    expect(published.headline.kind).not.toBe('feasible');
    expect(published.headline.text).not.toMatch(/^Feasible/);
    expect(published.headline.text).toMatch(/4 places below their minimum/);
    expect(published.headline.text).toMatch(/offered to (Bob|Cat) Bank/);
    expect((await listed(t, id)).feasible).toBe(false);

    // Bob and Cat accept everything they are asked; then every place is covered.
    const tokens = ['bob', 'cat'].map((staffId) => createToken(t.db, { role: 'worker', staffId, serviceId: COORD_SERVICE }).token);
    for (let round = 0; round < 8; round++) {
      let accepted = 0;
      for (const token of tokens) {
        const mine = await t.app.inject({ method: 'GET', url: '/me/offers', headers: { authorization: `Bearer ${token}` } });
        for (const offer of mine.json() as { offerId: string }[]) {
          const res = await t.app.inject({ method: 'POST', url: `/me/offers/${offer.offerId}/accept`, headers: { authorization: `Bearer ${token}` } });
          if (res.statusCode === 200) accepted++;
        }
      }
      if (accepted === 0) break;
    }
    const covered = await read(t, id);
    expect(bankCoordinatorPlaces(covered)).toHaveLength(0);
    expect(
      covered.assignments.filter((a: { roleId: string; bankState: string | null }) => a.roleId === 'coordinator' && a.bankState === 'accepted'),
    ).toHaveLength(4);
    expect(covered.feasible).toBe(true);
    expect(covered.headline.kind).toBe('feasible');
    expect((await listed(t, id)).feasible).toBe(true);
  });
});
