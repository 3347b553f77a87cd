// Staff, templates and sites that anything refers to are archived, not deleted: history keeps them,
// their tokens and calendar feeds end, their ids are never given to anyone else.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDb, type Db } from '../../src/db/client.ts';
import { createToken } from '../../src/services/tokens.ts';
import { bankService, seed } from '../offers/support/bank-service.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK, sampleService } from './helpers/sample-service.ts';

const T0 = Date.UTC(2026, 10, 20, 9);
const apps: FastifyInstance[] = [];
let t: TestApp | undefined;
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await t?.app.close();
  t = undefined;
});

async function bank() {
  const db: Db = openDb(':memory:');
  const rotaId = seed(db, bankService('kent-bank', 3));
  const app = await buildApp({ db, now: () => new Date(T0) });
  apps.push(app);
  const manager = createToken(db, { role: 'manager', name: 'Jo Bloggs' }).token;
  const worker = (id: string) => createToken(db, { role: 'worker', staffId: id }).token;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  return { db, app, rotaId, manager, worker, as };
}

describe('archiving a staff member', () => {
  it('who holds an accepted session: archived, token and feed revoked, offers move on, history kept, id never reused', async () => {
    const b = await bank();
    const zero = b.worker('bank-000');
    const one = b.worker('bank-001');
    const sent = await b.app.inject({
      method: 'POST',
      url: `/rotas/${b.rotaId}/offers`,
      headers: b.as(b.manager),
      payload: { mode: 'broadcast', ttlMinutes: 60, places: [{ slotId: 'wellbeing@2026-11-24', roleId: 'support' }] },
    });
    expect(sent.statusCode).toBe(201);
    const first = sent.json().offers[0].offerId as string;
    expect((await b.app.inject({ method: 'POST', url: `/me/offers/${first}/accept`, headers: b.as(zero) })).statusCode).toBe(200);
    const feed = await b.app.inject({ method: 'POST', url: '/me/calendar-feed', headers: b.as(zero) });
    expect(feed.statusCode).toBe(201);
    expect((await b.app.inject({ method: 'GET', url: feed.json().path })).statusCode).toBe(200);
    // A cascade now waiting for bank-000's answer.
    const waiting = await b.app.inject({
      method: 'POST',
      url: `/rotas/${b.rotaId}/offers`,
      headers: b.as(b.manager),
      payload: { mode: 'cascade', ttlMinutes: 60, places: [{ slotId: 'wellbeing@2026-11-26', roleId: 'support' }] },
    });
    const second = waiting.json().offers[0];
    expect(second.offeredTo[0]).toBe('bank-000');

    const removed = await b.app.inject({ method: 'DELETE', url: '/services/kent-bank/staff/bank-000?reason=left', headers: b.as(b.manager) });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({
      deleted: false,
      archived: true,
      heldBy: { acceptedOffers: 1, tokens: 1, calendarFeeds: 1 },
      revoked: { tokens: 1, calendarFeeds: 1, offerInvites: 1 },
    });

    // Their token and feed stop working; an accept is refused at the door, not a 500.
    expect((await b.app.inject({ method: 'GET', url: '/me', headers: b.as(zero) })).statusCode).toBe(401);
    expect((await b.app.inject({ method: 'POST', url: `/me/offers/${second.offerId}/accept`, headers: b.as(zero) })).statusCode).toBe(401);
    expect((await b.app.inject({ method: 'GET', url: feed.json().path })).statusCode).toBe(404);
    // The cascade moved on to the next worker.
    const next = await b.app.inject({ method: 'GET', url: '/me/offers', headers: b.as(one) });
    expect(next.json().map((o: { offerId: string }) => o.offerId)).toEqual([second.offerId]);

    // History keeps the session and the name; lists and planning leave them out.
    const rota = (await b.app.inject({ method: 'GET', url: `/rotas/${b.rotaId}`, headers: b.as(b.manager) })).json();
    expect(rota.assignments).toEqual([expect.objectContaining({ staffId: 'bank-000', staffName: 'Bank Worker 0', source: 'offer' })]);
    const staff = (await b.app.inject({ method: 'GET', url: '/services/kent-bank/staff', headers: b.as(b.manager) })).json();
    expect(staff.map((s: { id: string }) => s.id)).not.toContain('bank-000');
    const gone = await b.app.inject({ method: 'GET', url: '/services/kent-bank/staff/bank-000', headers: b.as(b.manager) });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().message).toContain('archived');

    // The id is never given to another person: not by POST, not by import, not by a new token.
    const reuse = await b.app.inject({
      method: 'POST',
      url: '/services/kent-bank/staff',
      headers: b.as(b.manager),
      payload: { id: 'bank-000', name: 'Someone Else', kind: 'bank', roles: ['support'], costPencePerHour: 1200 },
    });
    expect(reuse.statusCode).toBe(409);
    expect(reuse.json().errors[0].path).toBe('body.id');
    const reimport = await b.app.inject({ method: 'POST', url: '/services/import', headers: b.as(b.manager), payload: bankService('kent-bank', 3) });
    expect(reimport.statusCode).toBe(409);
    expect(reimport.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.staff[1].id']);
    const token = await b.app.inject({ method: 'POST', url: '/tokens', headers: b.as(b.manager), payload: { role: 'worker', staffId: 'bank-000' } });
    expect(token.statusCode).toBe(404);
    const archived = (await b.app.inject({ method: 'GET', url: '/services/kent-bank/archived', headers: b.as(b.manager) })).json();
    expect(archived).toEqual([expect.objectContaining({ kind: 'staff', id: 'bank-000', name: 'Bank Worker 0', archivedBy: expect.stringContaining('Jo Bloggs') })]);

    // Restoring brings the same person back; the old token stays revoked.
    const restored = await b.app.inject({ method: 'POST', url: '/services/kent-bank/staff/bank-000/restore', headers: b.as(b.manager) });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().name).toBe('Bank Worker 0');
    expect((await b.app.inject({ method: 'GET', url: '/me', headers: b.as(zero) })).statusCode).toBe(401);
    const fresh = await b.app.inject({ method: 'POST', url: '/tokens', headers: b.as(b.manager), payload: { role: 'worker', staffId: 'bank-000' } });
    expect(fresh.statusCode).toBe(201);
    expect((await b.app.inject({ method: 'GET', url: '/me', headers: b.as(fresh.json().token) })).json()).toMatchObject({ staffId: 'bank-000', name: 'Bank Worker 0' });
  });

  it('is not planned again, and their published places survive a re-plan', async () => {
    t = await testApp();
    const S = '/services/test-sanctuary';
    const created = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 2 } });
    const id = created.json().id as string;
    await t.app.ctx.rotas.idle();
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
    const held = rota.assignments.filter((a: { staffId: string }) => a.staffId === 'eve').length;
    expect(held).toBeGreaterThan(0);
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${id}/publish` })).statusCode).toBe(200);

    const removed = await t.call('manager', { method: 'DELETE', url: `${S}/staff/eve` });
    expect(removed.json()).toMatchObject({ archived: true, heldBy: { publishedAssignments: held } });

    expect((await t.call('manager', { method: 'POST', url: `/rotas/${id}/replan` })).statusCode).toBe(202);
    await t.app.ctx.rotas.idle();
    const after = (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
    expect(after.status).toBe('done');
    const eves = after.assignments.filter((a: { staffId: string }) => a.staffId === 'eve');
    expect(eves).toHaveLength(held);
    expect(eves.every((a: { staffName: string; published: boolean }) => a.staffName === 'Eve Support' && a.published)).toBe(true);

    // A new week is planned without her.
    const next = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: '2026-12-14', seed: 2 } });
    await t.app.ctx.rotas.idle();
    const week = (await t.call('manager', { method: 'GET', url: `/rotas/${next.json().id}` })).json();
    expect(week.status).toBe('done');
    expect(week.assignments.length).toBeGreaterThan(0);
    expect(week.assignments.some((a: { staffId: string }) => a.staffId === 'eve')).toBe(false);
    expect((await t.call('manager', { method: 'GET', url: '/services' })).json()[0].counts.staff).toBe(4);
  });

  it('that nothing refers to is deleted outright, and the id is free again', async () => {
    t = await testApp();
    const S = '/services/test-sanctuary';
    const fay = { id: 'fay', name: 'Fay', kind: 'bank', roles: ['support'], costPencePerHour: 1200 };
    expect((await t.call('manager', { method: 'POST', url: `${S}/staff`, payload: fay })).statusCode).toBe(201);
    const removed = await t.call('manager', { method: 'DELETE', url: `${S}/staff/fay` });
    expect(removed.json()).toEqual({ deleted: true, archived: false, heldBy: {} });
    expect((await t.call('manager', { method: 'GET', url: `${S}/archived` })).json()).toEqual([]);
    const again = await t.call('manager', { method: 'POST', url: `${S}/staff`, payload: { ...fay, name: 'Fay Again' } });
    expect(again.statusCode).toBe(201);
    expect(again.headers.location).toBe(`${S}/staff/fay`);
  });
});

describe('archiving templates and sites', () => {
  it('a template or site holding published sessions is archived; its id is kept; it can be restored', async () => {
    t = await testApp();
    const S = '/services/test-sanctuary';
    const created = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 4 } });
    const id = created.json().id as string;
    await t.app.ctx.rotas.idle();
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${id}/publish` })).statusCode).toBe(200);

    // The site is still used by the template: the service's own reference comes first.
    expect((await t.call('manager', { method: 'DELETE', url: `${S}/sites/hub` })).statusCode).toBe(409);

    const template = await t.call('manager', { method: 'DELETE', url: `${S}/templates/drop-in` });
    expect(template.statusCode).toBe(200);
    expect(template.json()).toMatchObject({ archived: true, heldBy: { publishedAssignments: expect.any(Number) } });
    expect((await t.call('manager', { method: 'GET', url: `${S}/templates` })).json()).toEqual([]);
    const reuse = await t.call('manager', { method: 'POST', url: `${S}/templates`, payload: { ...sampleService().templates[0], name: 'Another drop-in' } });
    expect(reuse.statusCode).toBe(409);
    // The published rota still reads as it was.
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
    expect(rota.slots.every((s: { templateId: string }) => s.templateId === 'drop-in')).toBe(true);
    expect(rota.assignments.length).toBeGreaterThan(0);

    // Once nothing of the service uses the hub (the template is archived, the annex's travel to it
    // removed), its published sessions keep it archived, not deleted.
    expect((await t.call('manager', { method: 'PUT', url: `${S}/sites/annex`, payload: { id: 'annex', name: 'Annex' } })).statusCode).toBe(200);
    const site = await t.call('manager', { method: 'DELETE', url: `${S}/sites/hub` });
    expect(site.statusCode).toBe(200);
    expect(site.json()).toMatchObject({ archived: true, heldBy: { rotas: 1 } });
    expect((await t.call('manager', { method: 'GET', url: `${S}/sites/hub` })).statusCode).toBe(404);

    expect((await t.call('manager', { method: 'POST', url: `${S}/sites/hub/restore` })).statusCode).toBe(200);
    const back = await t.call('manager', { method: 'POST', url: `${S}/templates/drop-in/restore` });
    expect(back.statusCode).toBe(200);
    expect(back.json().name).toBe('Evening drop-in');
    const actions = (await t.call('manager', { method: 'GET', url: '/audit?limit=4' })).json().map((e: { action: string }) => e.action);
    expect(actions).toEqual(['templates.restore', 'sites.restore', 'sites.archive', 'sites.update']);
  });
});
