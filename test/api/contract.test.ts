// The request contract: routes that need no body take none, creates say where the new thing is,
// payroll finds the service from the rota, and every 400 names the field.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { services } from '../../src/db/schema/index.ts';
import { createToken } from '../../src/services/tokens.ts';
import { ROTA, seedDb, SERVICE } from '../payroll/db-seed.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK } from './helpers/sample-service.ts';

let t: TestApp | undefined;
const apps: FastifyInstance[] = [];
afterEach(async () => {
  await t?.app.close();
  t = undefined;
  for (const app of apps.splice(0)) await app.close();
});

async function plannedRota(app: TestApp): Promise<{ id: string; assignmentId: number }> {
  const created = await app.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 1 } });
  await app.app.ctx.rotas.idle();
  const id = created.json().id as string;
  const rota = (await app.call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
  return { id, assignmentId: rota.assignments[0].id };
}

const EMPTY_JSON = { headers: { 'content-type': 'application/json' }, payload: '' };

describe('routes that need no body', () => {
  it('pin, unpin, replan, publish and a DELETE with ?reason= take no body, or an empty one, or {}', async () => {
    t = await testApp();
    const { id, assignmentId } = await plannedRota(t);
    const a = `/rotas/${id}/assignments/${assignmentId}`;
    expect((await t.call('manager', { method: 'POST', url: `${a}/pin` })).statusCode).toBe(200);
    expect((await t.call('manager', { method: 'POST', url: `${a}/unpin`, ...EMPTY_JSON })).statusCode).toBe(200);
    expect((await t.call('manager', { method: 'POST', url: `${a}/pin`, payload: {} })).statusCode).toBe(200);
    // A body that is there is still checked.
    const extra = await t.call('manager', { method: 'POST', url: `${a}/pin`, payload: { pinned: true } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([{ path: 'body.pinned', message: 'is not a known field' }]);

    expect((await t.call('manager', { method: 'POST', url: `/rotas/${id}/replan`, ...EMPTY_JSON })).statusCode).toBe(202);
    await t.app.ctx.rotas.idle();
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${id}/publish` })).statusCode).toBe(200);

    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
    const place = rota.assignments.find((x: { roleId: string }) => x.roleId === 'support');
    const noReason = await t.call('manager', { method: 'DELETE', url: `/rotas/${id}/assignments/${place.id}` });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('body.reason');
    const bare = await t.call('manager', { method: 'DELETE', url: `/rotas/${id}/assignments/${place.id}?reason=not%20needed` });
    // 200, or 409 naming the hard rule it would break: either way the request itself was accepted.
    expect([200, 409]).toContain(bare.statusCode);
    const audit = (await t.call('manager', { method: 'GET', url: `/audit?entity=rota&entityId=${id}&limit=1` })).json();
    if (bare.statusCode === 200) expect(audit[0]).toMatchObject({ action: 'assignment.remove', reason: 'not needed' });

    // DELETE routes without a body schema and a bare content type.
    const del = await t.call('manager', { method: 'DELETE', url: '/services/test-sanctuary/staff/cat/qualifications/driving', ...EMPTY_JSON });
    expect(del.statusCode).toBe(200);
  });

  it('POST /rotas answers 202 with a Location that reads the rota', async () => {
    t = await testApp();
    const created = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 1 } });
    expect(created.statusCode).toBe(202);
    expect(created.headers.location).toBe(`/rotas/${created.json().id}`);
    const read = await t.call('manager', { method: 'GET', url: created.headers.location as string });
    expect(read.statusCode).toBe(200);
    expect(read.json().id).toBe(created.json().id);
    await t.app.ctx.rotas.idle();
  });
});

describe('payroll finds the service from the rota', () => {
  it('records and signs off without a serviceId when the database holds several services', async () => {
    const db = seedDb();
    db.insert(services).values({ id: 'another', name: 'Another service', createdAt: '2026-10-01T00:00:00Z', updatedAt: '2026-10-01T00:00:00Z' }).run();
    const app = await buildApp({ db, now: () => new Date('2026-11-02T09:00:00Z') });
    apps.push(app);
    const headers = { authorization: `Bearer ${createToken(db, { role: 'manager', name: 'Jo Bloggs' }).token}` };
    const place = { rotaId: ROTA, slotId: 'night@2026-10-24', staffId: 'ana' };
    const recorded = await app.inject({ method: 'POST', url: '/payroll/outcomes', headers, payload: { ...place, status: 'worked' } });
    expect(recorded.statusCode).toBe(200);
    const signed = await app.inject({ method: 'POST', url: '/payroll/sign-offs', headers, payload: { places: [place] } });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()[0].signedOffBy).toContain('Jo Bloggs');
    // A serviceId that disagrees with the rota names the field.
    const wrong = await app.inject({ method: 'POST', url: '/payroll/outcomes', headers, payload: { ...place, serviceId: 'another', status: 'worked' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('body.rotaId');
    const unknown = await app.inject({ method: 'POST', url: '/payroll/sign-offs', headers, payload: { places: [{ ...place, rotaId: 'nope' }] } });
    expect(unknown.statusCode).toBe(404);
    // Routes without a rota still need the service named when there are several.
    const settings = await app.inject({ method: 'GET', url: '/payroll/settings', headers });
    expect(settings.statusCode).toBe(400);
    expect(settings.json().errors[0].path).toBe('query.serviceId');
    expect((await app.inject({ method: 'GET', url: `/payroll/settings?serviceId=${SERVICE}`, headers })).statusCode).toBe(200);
  });
});

describe('every 400 names the field', () => {
  it('a body that is not JSON, a wrong content type, an unknown field', async () => {
    t = await testApp();
    const notJson = await t.call('manager', { method: 'POST', url: '/rotas', headers: { 'content-type': 'application/json' }, payload: '{"serviceId":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().errors).toEqual([{ path: 'body', message: 'is not valid JSON' }]);
    const poisoned = await t.call('manager', { method: 'POST', url: '/rotas', headers: { 'content-type': 'application/json' }, payload: '{"__proto__": {"x": 1}}' });
    expect(poisoned.statusCode).toBe(400);
    expect(poisoned.json().errors[0].path).toBe('body');
    const xml = await t.call('manager', { method: 'POST', url: '/rotas', headers: { 'content-type': 'application/xml' }, payload: '<rota/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().errors[0].path).toBe('headers.content-type');
    const query = await t.call('manager', { method: 'GET', url: '/rotas?weekStart=soon' });
    expect(query.statusCode).toBe(400);
    expect(query.json().errors[0].path).toBe('query.weekStart');
  });

  it('the payroll export names from or to, and a far date leaks nothing of the server', async () => {
    t = await testApp();
    const ask = (q: string) => t!.call('payroll', { method: 'GET', url: `/payroll/export?${q}` });
    const cases: [string, string[]][] = [
      ['from=2026-13-01&to=2026-12-07', ['query.from']],
      ['from=2026-11-30&to=2026-02-30', ['query.to']],
      ['from=2026-11-30&to=9999-12-31', ['query.to']],
      ['from=0001-01-01&to=2026-11-30', ['query.from']],
      ['from=2026-11-30&to=2026-11-30', ['query.to']],
      ['from=2026-11-30&to=2026-12-08', ['query.to']],
      ['from=2026-12-01&to=2026-12-07', ['query.from']],
      ['from=2020-01-06&to=2026-11-30', ['query.to']],
      ['from=x&to=y', ['query.from', 'query.to']],
    ];
    for (const [q, paths] of cases) {
      const res = await ask(q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path), q).toEqual(paths);
      expect(res.body, q).not.toMatch(/\+0\d{5}|expected a date|date:/);
    }
    expect((await ask('from=2026-11-30&to=2026-12-07')).statusCode).toBe(200);
    const lock = await t.call('payroll', { method: 'POST', url: '/payroll/periods/9999-12-27/lock' });
    expect(lock.statusCode).toBe(400);
    expect(lock.json().errors[0].path).toBe('params.periodId');
  });
});
