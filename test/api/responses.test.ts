// The app writes answers with JSON.stringify, so the response schemas only document them. This walks
// a manager's and a worker's day and checks every answer against the schema documented for its route
// and status code (an undocumented status code fails too).
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../src/api/plugins/auth.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK, sampleService } from './helpers/sample-service.ts';

let t: TestApp;
let ajv: Ajv;
const checked = new Set<string>();
const problems: string[] = [];

beforeAll(async () => {
  t = await testApp();
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
  ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const schema of Object.values(t.app.getSchemas())) ajv.addSchema(schema as object);
});
afterAll(async () => {
  await t.app.close();
});

function routeFor(method: string, path: string): RouteEntry | undefined {
  return t.app.routeCatalogue.find((r) => {
    if (r.method !== method) return false;
    const pattern = new RegExp(`^${r.url.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
    return pattern.test(path);
  });
}

const compiled = new Map<unknown, ValidateFunction>();
async function call(role: Parameters<TestApp['call']>[0], options: InjectOptions & { method: string; url: string }) {
  const res = await t.call(role, options);
  const path = options.url.split('?')[0];
  const route = routeFor(options.method, path);
  if (!route) throw new Error(`no route for ${options.method} ${path}`);
  const schema = route.responseSchemas?.[String(res.statusCode)];
  const key = `${route.method} ${route.url} ${res.statusCode}`;
  checked.add(key);
  if (!schema) {
    problems.push(`${key}: status not documented`);
    return res;
  }
  let validate = compiled.get(schema);
  if (!validate) {
    const { description: _d, ...rest } = schema as Record<string, unknown>;
    validate = ajv.compile(rest);
    compiled.set(schema, validate);
  }
  if (!validate(res.json())) problems.push(`${key}: ${ajv.errorsText(validate.errors)}`);
  return res;
}

describe('answers match their documented schemas', () => {
  it("a manager's and a worker's day", async () => {
    const S = '/services/test-sanctuary';
    await call('manager', { method: 'POST', url: '/services/import', payload: sampleService() });
    await call('manager', { method: 'POST', url: '/services/import', payload: { formatVersion: 2 } });
    await call('payroll', { method: 'GET', url: '/services' });
    await call('manager', { method: 'GET', url: `${S}/file` });
    await call('manager', { method: 'GET', url: `${S}/staff` });
    await call('manager', { method: 'GET', url: `${S}/staff/ann` });
    await call('manager', { method: 'GET', url: `${S}/staff/nobody` });
    await call('manager', { method: 'POST', url: `${S}/staff`, payload: { id: 'fay', name: 'Fay', kind: 'bank', roles: ['support'], costPencePerHour: 1 } });
    await call('manager', { method: 'PUT', url: `${S}/staff/fay`, payload: { id: 'fay', name: 'Fay B', kind: 'bank', roles: ['support'], costPencePerHour: 1 } });
    await call('manager', { method: 'DELETE', url: `${S}/staff/fay` });
    await call('manager', { method: 'GET', url: `${S}/staff/cat/qualifications` });
    await call('manager', { method: 'PUT', url: `${S}/staff/cat/qualifications/driving`, payload: { validUntil: '2030-01-01' } });
    await call('manager', { method: 'DELETE', url: `${S}/staff/cat/qualifications/driving` });
    await call('manager', { method: 'GET', url: `${S}/staff/dan/availability` });
    await call('manager', { method: 'GET', url: `${S}/staff/ann/availability` });
    await call('manager', { method: 'PUT', url: `${S}/staff/ann/availability`, payload: { windows: [] } });
    await call('manager', { method: 'DELETE', url: `${S}/staff/ann/availability` });
    await call('manager', { method: 'GET', url: `${S}/staff/bob/leave` });
    await call('manager', { method: 'POST', url: `${S}/staff/bob/leave`, payload: { id: 'x1', kind: 'training', from: '2026-12-20', to: '2026-12-20' } });
    await call('manager', { method: 'POST', url: `${S}/staff/bob/leave`, payload: { id: 'x1', kind: 'training', from: '2026-12-20', to: '2026-12-20' } });
    await call('manager', { method: 'PUT', url: `${S}/staff/bob/leave/x1`, payload: { kind: 'training', from: '2026-12-21', to: '2026-12-21' } });
    await call('manager', { method: 'DELETE', url: `${S}/staff/bob/leave/x1` });
    await call('manager', { method: 'GET', url: `${S}/sites` });
    await call('manager', { method: 'GET', url: `${S}/sites/hub` });
    await call('manager', { method: 'DELETE', url: `${S}/sites/hub` });
    await call('manager', { method: 'GET', url: `${S}/templates` });
    await call('manager', { method: 'GET', url: `${S}/templates/drop-in` });

    const created = await call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 3 } });
    const id = created.json().id as string;
    await call('manager', { method: 'GET', url: `/rotas/${id}` });
    await t.app.ctx.rotas.idle();
    await call('manager', { method: 'GET', url: '/rotas' });
    const rota = (await call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
    const lead = rota.assignments.find((a: { roleId: string }) => a.roleId === 'lead');
    const support = rota.assignments.find((a: { roleId: string }) => a.roleId === 'support');
    await call('manager', { method: 'PATCH', url: `/rotas/${id}/assignments/${lead.id}`, payload: { staffId: 'cat', reason: 'r' } });
    await call('manager', { method: 'POST', url: `/rotas/${id}/assignments/${support.id}/pin`, payload: {} });
    await call('manager', { method: 'POST', url: `/rotas/${id}/assignments/${support.id}/unpin`, payload: {} });
    await call('manager', { method: 'POST', url: `/rotas/${id}/assignments`, payload: { slotId: lead.slotId, roleId: 'support', staffId: 'bob', reason: 'r', override: true } });
    await call('manager', { method: 'DELETE', url: `/rotas/${id}/assignments/${support.id}`, payload: { reason: 'r', override: true } });
    await call('manager', { method: 'POST', url: `/rotas/${id}/publish`, payload: {} });
    await call('manager', { method: 'POST', url: `/rotas/${id}/publish`, payload: { override: true, reason: 'r' } });
    await call('manager', { method: 'POST', url: `/rotas/${id}/publish`, payload: {} });
    await call('manager', { method: 'POST', url: `/rotas/${id}/replan`, payload: {} });
    await t.app.ctx.rotas.idle();
    await call('manager', { method: 'GET', url: `/rotas/${id}` });
    // Room for Dan (bank, the worker token) on Tuesday and Friday, offered to him.
    const now = (await call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
    const days = ['drop-in@2026-12-08', 'drop-in@2026-12-11'];
    for (const a of now.assignments as { id: number; slotId: string; roleId: string; staffId: string }[]) {
      if (days.includes(a.slotId) && a.roleId === 'support') {
        await call('manager', { method: 'DELETE', url: `/rotas/${id}/assignments/${a.id}`, payload: { reason: 'r', override: true } });
      }
    }
    await call('manager', {
      method: 'POST',
      url: `/rotas/${id}/offers`,
      payload: { mode: 'broadcast', ttlMinutes: 60, places: days.map((slotId) => ({ slotId, roleId: 'support' })), workerIds: ['dan'] },
    });
    await call('manager', { method: 'GET', url: `/rotas/${id}` });
    await call('manager', { method: 'GET', url: `/rotas/${id}/offers` });
    const offered = (await call('worker', { method: 'GET', url: '/me/offers' })).json() as { offerId: string }[];
    expect(offered.length).toBeGreaterThan(1);
    await call('worker', { method: 'GET', url: '/me/assignments' });
    await call('worker', { method: 'POST', url: `/me/offers/${offered[0].offerId}/accept` });
    await call('worker', { method: 'POST', url: `/me/offers/${offered[0].offerId}/accept` });
    await call('worker', { method: 'POST', url: `/me/offers/${offered[0].offerId}/decline` });
    await call('worker', { method: 'POST', url: `/me/offers/${offered[1].offerId}/decline`, payload: { reason: 'r' } });
    await call('worker', { method: 'POST', url: `/me/offers/${offered[1].offerId}/decline` });
    await call('worker', { method: 'GET', url: `/me/offers/${offered[0].offerId}` });
    await call('worker', { method: 'GET', url: '/me/offers/no-such-offer' });
    await call('worker', { method: 'GET', url: '/me/offers?all=true' });
    await call('worker', { method: 'GET', url: `/rotas/${id}` });
    await call('worker', { method: 'GET', url: '/rotas' });
    await call('worker', { method: 'GET', url: '/me' });
    await call('worker', { method: 'GET', url: '/me/assignments' });
    await call('worker', { method: 'GET', url: `${S}/staff/ann` });
    await call('none', { method: 'GET', url: '/rotas' });
    await call('manager', { method: 'POST', url: '/tokens', payload: { role: 'worker', staffId: 'ann' } });
    await call('manager', { method: 'GET', url: '/audit?limit=5' });
    await call('none', { method: 'GET', url: '/health' });

    expect(problems).toEqual([]);
    expect(checked.size).toBeGreaterThan(40);
  });
});
