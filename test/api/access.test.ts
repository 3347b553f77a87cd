// Tokens at the door: a revoked or made-up token is 401, and the docs list every route. Who may call
// which route is checked against the README's policy table in policy.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.app.close();
});

describe('tokens at the door', () => {
  it('a revoked token is 401 from then on', async () => {
    const created = await t.call('manager', { method: 'POST', url: '/tokens', payload: { role: 'payroll', name: 'Temp Payroll', label: 'temp' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    const headers = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/services', headers })).statusCode).toBe(200);
    expect((await t.call('manager', { method: 'DELETE', url: `/tokens/${id}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/services', headers })).statusCode).toBe(401);
    expect((await t.call('manager', { method: 'DELETE', url: `/tokens/${id}` })).statusCode).toBe(404);
  });

  it('a made-up token is 401, and a malformed header is 401', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/services', headers: { authorization: 'Bearer not-a-real-token-at-all' } });
    expect(bad.statusCode).toBe(401);
    const basic = await t.app.inject({ method: 'GET', url: '/services', headers: { authorization: 'Basic abc' } });
    expect(basic.statusCode).toBe(401);
  });

  it('the docs are public and list every route with a tag', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/documentation/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({ path, m, op })));
    for (const route of t.app.routeCatalogue) {
      if (route.url.startsWith('/documentation') || route.method === 'HEAD' || route.hidden) continue;
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = documented.find((d) => d.path === path && d.m === route.method.toLowerCase());
      expect(op, `${route.method} ${route.url} in OpenAPI`).toBeDefined();
      expect(op!.op.tags?.length ?? 0, `${route.method} ${route.url} tagged`).toBeGreaterThan(0);
    }
  });
});
