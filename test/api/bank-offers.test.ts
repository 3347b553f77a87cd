// Offers as a bank worker sees them, through the API (issue 19, point 11): a decline answers with the
// worker's own state, a repeat accept answers the same, a re-plan never proposes a place that
// clashes with an offer the worker has not answered, and offers show paid hours and pay in pounds.
import { afterEach, describe, expect, it } from 'vitest';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { createToken } from '../../src/services/tokens.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { outreachService, SAMPLE_WEEK } from './helpers/sample-service.ts';

const SERVICE = 'test-sanctuary';
const TUE = 'drop-in@2026-12-08';
const OUTREACH = 'outreach@2026-12-08';

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

async function app(): Promise<TestApp> {
  const t = await testApp();
  open.push(t);
  upsertServiceFile(t.db, outreachService(), '2026-11-24T00:00:00.000Z');
  return t;
}

async function generate(t: TestApp, seed = 3) {
  const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: SAMPLE_WEEK, seed } });
  expect(res.statusCode, res.body).toBe(202);
  await t.app.ctx.rotas.idle();
  return (await t.call('manager', { method: 'GET', url: `/rotas/${res.json().id}` })).json();
}

async function offer(t: TestApp, rotaId: string, slotId: string, roleId: string, payload: Record<string, unknown> = {}) {
  const sent = await t.call('manager', {
    method: 'POST',
    url: `/rotas/${rotaId}/offers`,
    payload: { mode: 'cascade', ttlMinutes: 600, places: [{ slotId, roleId }], ...payload },
  });
  expect(sent.statusCode, sent.body).toBe(201);
  return sent.json().offers[0] as { offerId: string; offeredTo: string[] };
}

describe('offers as a bank worker sees them (point 11)', () => {
  it('a decline answers with the worker\'s own state, a repeat changes nothing, and a repeat accept answers the same', async () => {
    const t = await app();
    // A second bank worker, so a cascade has somewhere to go.
    const added = await t.call('manager', {
      method: 'POST',
      url: `/services/${SERVICE}/staff`,
      payload: { id: 'fay', name: 'Fay Bank', kind: 'bank', roles: ['support'], skills: [{ skillId: 'safeguarding' }], costPencePerHour: 1450 },
    });
    expect(added.statusCode).toBe(201);
    const fay = createToken(t.db, { role: 'worker', staffId: 'fay' }).token;
    const asFay = (method: 'GET' | 'POST', url: string) => t.app.inject({ method, url, headers: { authorization: `Bearer ${fay}` } });
    const rota = await generate(t);
    const o = await offer(t, rota.id, TUE, 'support', { workerIds: ['dan', 'fay'] });
    expect(o.offeredTo).toEqual(['dan', 'fay']);

    // Dan declines: he is told he declined, not that the offer is still open (it went on to Fay).
    const declined = await t.call('worker', { method: 'POST', url: `/me/offers/${o.offerId}/decline`, payload: { reason: 'away' } });
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toEqual({ offerId: o.offerId, status: 'declined', assignmentIds: [], repeat: false });
    const again = await t.call('worker', { method: 'POST', url: `/me/offers/${o.offerId}/decline` });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'declined', repeat: true });

    // Fay accepts; her phone retries: the same answer, not "you lost it".
    const won = await asFay('POST', `/me/offers/${o.offerId}/accept`);
    expect(won.statusCode).toBe(200);
    expect(won.json()).toMatchObject({ status: 'accepted', repeat: false });
    const retry = await asFay('POST', `/me/offers/${o.offerId}/accept`);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ ...won.json(), repeat: true });
    // Declining what she holds is refused, with her state.
    const backOut = await asFay('POST', `/me/offers/${o.offerId}/decline`);
    expect(backOut.statusCode).toBe(409);
    expect(backOut.json()).toMatchObject({ refusal: 'not-open', state: 'accepted' });
    // Dan's own view of it: declined, whoever took it.
    expect((await t.call('worker', { method: 'GET', url: `/me/offers/${o.offerId}` })).json()).toMatchObject({ state: 'declined' });
  });

  it('a re-plan never proposes a place that clashes with an offer the worker has not answered yet', async () => {
    const t = await app();
    const rota = await generate(t, 3);
    // Dan is the only outreach worker: the plan proposes him for it.
    expect(rota.assignments.some((a: { staffId: string; slotId: string }) => a.staffId === 'dan' && a.slotId === OUTREACH)).toBe(true);
    // Tuesday's drop-in is offered to Dan; he has not answered when the manager re-plans.
    const o = await offer(t, rota.id, TUE, 'support', { workerIds: ['dan'] });
    expect(o.offeredTo).toEqual(['dan']);
    await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/replan`, payload: { seed: 8 } });
    await t.app.ctx.rotas.idle();
    const replanned = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(replanned.status).toBe('done');
    expect(replanned.assignments.some((a: { staffId: string; slotId: string }) => a.staffId === 'dan' && a.slotId === OUTREACH)).toBe(false);
    const short = replanned.unfilled.find((u: { slotId: string; level: string }) => u.slotId === OUTREACH && u.level === 'hard');
    expect(short.reasons.find((r: { workerId: string }) => r.workerId === 'dan').blocks.join(' ')).toMatch(/offered Tue 8 Dec drop-in 17:30-00:30 at Hub, awaiting an answer/);
    // The offered drop-in place is still spoken for: the re-plan did not give it to anyone else.
    expect(replanned.offered).toEqual([expect.objectContaining({ offerId: o.offerId, slotId: TUE, roleId: 'support', offeredTo: [{ staffId: 'dan', staffName: 'Dan Bank' }] })]);
    // Publishing sends no clashing offer to Dan.
    const pub = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: { override: true, reason: 'outreach by the council team' } });
    expect(pub.statusCode, pub.body).toBe(200);
    const mine = (await t.call('worker', { method: 'GET', url: '/me/offers' })).json();
    expect(mine.map((m: { sessions: { slotId: string }[] }) => m.sessions[0].slotId)).not.toContain(OUTREACH);
  });

  it('offers show the paid hours and the pay in pounds at the worker\'s own rate', async () => {
    const t = await app();
    const rota = await generate(t);
    const o = await offer(t, rota.id, TUE, 'support', { workerIds: ['dan'] });
    const [card] = (await t.call('worker', { method: 'GET', url: '/me/offers' })).json();
    // Dan is paid 1400 pence an hour: a 7-hour drop-in is £98.
    expect(card).toMatchObject({ offerId: o.offerId, paidHours: 7, hourlyRatePounds: 14, payPounds: 98, state: 'offered' });
    expect(card.sessions).toEqual([expect.objectContaining({ slotId: TUE, paidHours: 7, payPounds: 98 })]);
    // A pay rise shows on the offer at once.
    const dan = (await t.call('manager', { method: 'GET', url: `/services/${SERVICE}/staff/dan` })).json();
    await t.call('manager', { method: 'PUT', url: `/services/${SERVICE}/staff/dan`, payload: { ...dan, costPencePerHour: 1437 } });
    const [after] = (await t.call('worker', { method: 'GET', url: '/me/offers' })).json();
    expect(after).toMatchObject({ hourlyRatePounds: 14.37, payPounds: 100.59 });
  });
});
