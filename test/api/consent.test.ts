// Bank workers hold nothing until they accept, and publishing is guarded (issue 19, points 8 and 9),
// through the API. The week: Cat and Eve are on leave, Bob is on leave until Wednesday, so the
// Tuesday and Wednesday drop-ins need Dan (bank, the worker token) as their support worker.
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK } from './helpers/sample-service.ts';

const SERVICE = 'test-sanctuary';
const TUE = 'drop-in@2026-12-08';
const WED = 'drop-in@2026-12-09';

interface Place {
  id: number;
  slotId: string;
  roleId: string;
  staffId: string;
  published: boolean;
  bankState: string | null;
  note: string | null;
}
interface Unfilled {
  slotId: string;
  roleId: string;
  level: string;
  missing: number;
  reasons: unknown[];
  awaiting?: { state: string; offerId: string | null; staffIds: string[]; message: string };
}

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

async function danWeek(): Promise<TestApp> {
  const t = await testApp();
  open.push(t);
  for (const staffId of ['cat', 'eve']) {
    const res = await t.call('manager', {
      method: 'POST',
      url: `/services/${SERVICE}/staff/${staffId}/leave`,
      payload: { kind: 'leave', from: '2026-12-07', to: '2026-12-13' },
    });
    expect(res.statusCode).toBe(201);
  }
  return t;
}

async function generate(t: TestApp, seed = 4) {
  const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: SAMPLE_WEEK, seed } });
  expect(res.statusCode, res.body).toBe(202);
  await t.app.ctx.rotas.idle();
  return read(t, res.json().id);
}

async function read(t: TestApp, id: string) {
  const res = await t.call('manager', { method: 'GET', url: `/rotas/${id}` });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const danAt = (rota: { assignments: Place[] }, slotId: string) => rota.assignments.find((a) => a.slotId === slotId && a.staffId === 'dan');

describe('bank workers hold nothing until they accept (point 8)', () => {
  it('publish turns the solver\'s bank places into offers, and only an accepted place is theirs and covers', async () => {
    const t = await danWeek();
    const rota = await generate(t);
    expect(rota.score.hard).toBe(0);
    // The solver's choice for Dan is a proposal: marked so, never published, and not cover yet.
    for (const slotId of [TUE, WED]) {
      expect(danAt(rota, slotId), slotId).toMatchObject({ roleId: 'support', bankState: 'proposed', published: false });
      expect(rota.unfilled.filter((u: Unfilled) => u.slotId === slotId && u.roleId === 'support')).toEqual([
        expect.objectContaining({ level: 'hard', missing: 1, awaiting: expect.objectContaining({ state: 'proposed', staffIds: ['dan'] }) }),
      ]);
    }
    for (const a of rota.assignments as Place[]) expect(a.bankState).toBe(a.staffId === 'dan' ? 'proposed' : null);

    const pub = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: { offerTtlMinutes: 600 } });
    expect(pub.statusCode, pub.body).toBe(200);
    const offers: { offerId: string; places: { slotId: string }[]; offeredTo: string[] }[] = pub.json().publishing.offers;
    const offerOf = (slotId: string) => offers.find((o) => o.places.some((p) => p.slotId === slotId))!;
    expect(offerOf(TUE).offeredTo[0]).toBe('dan');
    expect(offerOf(WED).offeredTo[0]).toBe('dan');

    // Dan holds nothing yet: no published place of his, his offers awaiting his answer.
    const published = await read(t, rota.id);
    expect(published.assignments.filter((a: Place) => a.staffId === 'dan')).toEqual([]);
    expect(published.assignments.every((a: Place) => a.published)).toBe(true);
    expect(published.offered.map((o: { slotId: string }) => o.slotId).sort()).toEqual(
      rota.assignments.filter((a: Place) => a.staffId === 'dan').map((a: Place) => a.slotId).sort(),
    );
    const tueOpen = published.unfilled.filter((u: Unfilled) => u.slotId === TUE && u.roleId === 'support');
    expect(tueOpen).toEqual([
      expect.objectContaining({
        level: 'hard',
        missing: 1,
        awaiting: expect.objectContaining({ state: 'offered', offerId: offerOf(TUE).offerId, message: 'offered to Dan Bank, awaiting an answer' }),
      }),
    ]);
    expect((await t.call('worker', { method: 'GET', url: `/rotas/${rota.id}` })).json().assignments).toEqual([]);
    const before = (await t.call('worker', { method: 'GET', url: '/me/assignments' })).json();
    expect(before.map((a: Place & { offerId: string }) => `${a.slotId} ${a.bankState} ${a.id} ${a.offerId}`)).toContain(
      `${TUE} offered null ${offerOf(TUE).offerId}`,
    );
    expect(before.every((a: Place) => a.bankState === 'offered' && a.published === false)).toBe(true);

    // Dan accepts Tuesday: now it is his, published with the rota, and covers the place.
    const accepted = await t.call('worker', { method: 'POST', url: `/me/offers/${offerOf(TUE).offerId}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const after = await read(t, rota.id);
    expect(danAt(after, TUE)).toMatchObject({ bankState: 'accepted', published: true, id: accepted.json().assignmentIds[0] });
    expect(after.unfilled.filter((u: Unfilled) => u.slotId === TUE && u.roleId === 'support')).toEqual([]);
    const mine = (await t.call('worker', { method: 'GET', url: '/me/assignments' })).json();
    expect(mine.find((a: Place) => a.slotId === TUE)).toMatchObject({ id: accepted.json().assignmentIds[0], bankState: 'accepted', published: true });

    // Dan declines Wednesday: nobody else may take it, so the place is open again, with the reasons.
    const declined = await t.call('worker', { method: 'POST', url: `/me/offers/${offerOf(WED).offerId}/decline`, payload: { reason: 'busy' } });
    expect(declined.statusCode).toBe(200);
    const wed = (await read(t, rota.id)).unfilled.filter((u: Unfilled) => u.slotId === WED && u.roleId === 'support');
    expect(wed).toHaveLength(1);
    expect(wed[0]).toMatchObject({ level: 'hard', missing: 1 });
    expect(wed[0].awaiting).toBeUndefined();
    expect(wed[0].reasons.length).toBeGreaterThan(0);
  });

  it('the manager may keep the bank places "to offer"; publishing again then sends them', async () => {
    const t = await danWeek();
    const rota = await generate(t);
    const kept = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: { bankPlaces: 'to-offer' } });
    expect(kept.statusCode, kept.body).toBe(200);
    const proposals = rota.assignments.filter((a: Place) => a.staffId === 'dan').length;
    expect(kept.json().publishing).toMatchObject({ changed: true, offers: [], toOffer: proposals });
    const still = await read(t, rota.id);
    for (const a of still.assignments.filter((x: Place) => x.staffId === 'dan')) expect(a).toMatchObject({ bankState: 'proposed', published: false });
    expect((await t.call('worker', { method: 'GET', url: '/me/assignments' })).json()).toEqual([]);
    // The same choice again changes nothing.
    const same = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: { bankPlaces: 'to-offer' } });
    expect(same.json().publishing.changed).toBe(false);
    const sent = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: {} });
    expect(sent.json().publishing.offers).toHaveLength(proposals);
    expect((await t.call('worker', { method: 'GET', url: '/me/offers' })).json()).toHaveLength(proposals);
  });
});

describe('the publish guard (point 9)', () => {
  it('refuses a rota below its minimum with 409 listing each breach in words, unless overridden with a reason (audited)', async () => {
    const t = await testApp();
    open.push(t);
    const rota = await generate(t, 11);
    // Both Thursday leads taken off (each removal needs an override): the place is below its minimum.
    const thuLead = rota.assignments.find((a: Place) => a.slotId === 'drop-in@2026-12-10' && a.roleId === 'lead');
    const friLead = rota.assignments.find((a: Place) => a.slotId === 'drop-in@2026-12-11' && a.roleId === 'lead');
    for (const a of [thuLead, friLead]) {
      const res = await t.call('manager', { method: 'DELETE', url: `/rotas/${rota.id}/assignments/${a.id}`, payload: { reason: 'test', override: true } });
      expect(res.statusCode).toBe(200);
    }
    const refused = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: {} });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().breaches).toEqual([
      'Thu 10 Dec drop-in 17:30-00:30 at Hub: Project worker (lead) has 0 of at least 1 (1 worker missing)',
      'Fri 11 Dec drop-in 17:30-00:30 at Hub: Project worker (lead) has 0 of at least 1 (1 worker missing)',
    ]);
    expect(refused.json().message).toContain('Project worker (lead) has 0 of at least 1');
    expect((await read(t, rota.id)).published).toBe(false);

    const noReason = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: { override: true } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([{ path: 'body.reason', message: 'required when override is true' }]);

    const forced = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: { override: true, reason: 'agency leads booked by phone' } });
    expect(forced.statusCode, forced.body).toBe(200);
    expect(forced.json().publishing.overriddenBreaches).toEqual(refused.json().breaches);
    const audit = (await t.call('manager', { method: 'GET', url: `/audit?entity=rota&entityId=${rota.id}` })).json();
    const entry = audit.find((e: { action: string }) => e.action === 'rota.publish.override');
    expect(entry).toMatchObject({ reason: 'agency leads booked by phone', details: { overriddenBreaches: refused.json().breaches } });
  });

  it('publishing an unchanged rota again changes nothing', async () => {
    const t = await danWeek();
    const rota = await generate(t);
    const first = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: {} });
    expect(first.json().publishing.changed).toBe(true);
    const snapshot = await read(t, rota.id);
    const offersBefore = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}/offers` })).json();
    const again = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: { note: 'again' } });
    expect(again.statusCode).toBe(200);
    expect(again.json().publishing).toEqual({ changed: false, placesPublished: 0, offers: [], notSent: [], toOffer: 0, overriddenBreaches: [] });
    expect(await read(t, rota.id)).toEqual(snapshot);
    expect((await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}/offers` })).json()).toEqual(offersBefore);
    const audit = (await t.call('manager', { method: 'GET', url: `/audit?entity=rota&entityId=${rota.id}` })).json();
    expect(audit.filter((e: { action: string }) => e.action.startsWith('rota.publish'))).toHaveLength(1);
  });

  it('a published place given to another worker stays published and its new holder sees it', async () => {
    const t = await testApp();
    open.push(t);
    const rota = await generate(t, 11);
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: {} })).statusCode).toBe(200);
    // A published support place of someone other than Eve (the other worker token) goes to Eve.
    const published = await read(t, rota.id);
    const place = published.assignments.find(
      (a: Place) => a.roleId === 'support' && a.staffId !== 'eve' && !published.assignments.some((b: Place) => b.slotId === a.slotId && b.staffId === 'eve'),
    );
    expect(place.published).toBe(true);
    const changed = await t.call('manager', {
      method: 'PATCH',
      url: `/rotas/${rota.id}/assignments/${place.id}`,
      payload: { staffId: 'eve', reason: 'swap agreed', override: true },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ staffId: 'eve', published: true });
    const eves = (await t.call('otherWorker', { method: 'GET', url: '/me/assignments' })).json();
    expect(eves.map((a: Place) => a.id)).toContain(place.id);
    expect((await t.call('otherWorker', { method: 'GET', url: `/rotas/${rota.id}` })).json().assignments.map((a: Place) => a.id)).toContain(place.id);
  });

  it('removing an accepted place closes its offer with the reason, which the worker sees', async () => {
    const t = await danWeek();
    const rota = await generate(t);
    const pub = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: {} });
    const tue = pub.json().publishing.offers.find((o: { places: { slotId: string }[] }) => o.places[0].slotId === TUE);
    const accepted = await t.call('worker', { method: 'POST', url: `/me/offers/${tue.offerId}/accept` });
    expect(accepted.statusCode).toBe(200);
    const [assignmentId] = accepted.json().assignmentIds;
    const removed = await t.call('manager', {
      method: 'DELETE',
      url: `/rotas/${rota.id}/assignments/${assignmentId}`,
      payload: { reason: 'the drop-in is closed for a flood', override: true },
    });
    expect(removed.statusCode, removed.body).toBe(200);
    const view = await t.call('worker', { method: 'GET', url: `/me/offers/${tue.offerId}` });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ state: 'cancelled', reason: 'removed by the manager: the drop-in is closed for a flood', assignmentIds: [] });
    const all = (await t.call('worker', { method: 'GET', url: '/me/offers?all=true' })).json();
    expect(all.find((o: { offerId: string }) => o.offerId === tue.offerId)).toMatchObject({ state: 'cancelled' });
    expect((await t.call('worker', { method: 'GET', url: '/me/assignments' })).json().some((a: Place) => a.id === assignmentId)).toBe(false);
    // The manager's history records it; accepting again is refused with the reason.
    const history = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}/offers` })).json();
    const h = history.find((o: { offerId: string }) => o.offerId === tue.offerId);
    expect(h.history.at(-1)).toMatchObject({ type: 'cancelled', staffId: 'dan', reason: 'removed by the manager: the drop-in is closed for a flood' });
    expect(h.status).toBe('withdrawn');
    const again = await t.call('worker', { method: 'POST', url: `/me/offers/${tue.offerId}/accept` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ refusal: 'cancelled', state: 'cancelled' });
  });
});
