// Walks EVERY route the app has (read from the app itself, so a new route is covered automatically)
// with every role and with no token, and checks 401 / 403 / allowed against the route's rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../src/api/access.ts';
import { testApp, type TestApp } from './helpers/app.ts';

type Caller = 'none' | 'manager' | 'payroll' | 'worker';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.app.close();
});

/** Fills path parameters; staffId is the worker token's own staff member unless `otherStaff`. */
function fill(url: string, otherStaff: boolean): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    if (name === 'serviceId') return 'test-sanctuary';
    if (name === 'staffId') return otherStaff ? 'eve' : 'dan';
    if (name === 'assignmentId') return '999';
    return 'no-such-id';
  });
}

function expected(access: Access, caller: Caller, otherStaff: boolean): 'unauthorized' | 'forbidden' | 'allowed' {
  if (access === 'public') return 'allowed';
  if (caller === 'none') return 'unauthorized';
  if (access.includes(caller)) return 'allowed';
  if (caller === 'worker' && access.includes('worker:self')) return otherStaff ? 'forbidden' : 'allowed';
  return 'forbidden';
}

function outcome(status: number): 'unauthorized' | 'forbidden' | 'allowed' {
  return status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'allowed';
}

describe('every route, every role', () => {
  it('the app lists its routes, each with an access rule', () => {
    const routes = t.app.routeCatalogue.filter((r) => r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(25);
    for (const r of routes) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  it('answers 401 without a token, 403 for a role the rule leaves out, and lets allowed roles through', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of t.app.routeCatalogue) {
      // The web app's pages and assets (public, hidden from the API docs) are walked in test/web.
      if (route.hidden) continue;
      // Use paths that name nothing real (or the worker's own record), so walking has no side effects.
      const staffVariants = route.url.includes(':staffId') ? [false, true] : [false];
      for (const otherStaff of staffVariants) {
        for (const caller of ['none', 'manager', 'payroll', 'worker'] as const) {
          const url = fill(route.url, otherStaff);
          const res = await t.call(caller, {
            method: route.method as 'GET',
            url,
            ...(route.hasBody ? { payload: {} } : {}),
          });
          checked++;
          const want = expected(route.access, caller, otherStaff);
          const got = outcome(res.statusCode);
          if (want !== got) failures.push(`${caller} ${route.method} ${url}: wanted ${want}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
          if (res.statusCode >= 500) failures.push(`${caller} ${route.method} ${url}: ${res.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  // Payroll reads hours and changes nothing of the rota, staff or services. The payroll area's own
  // book-keeping (pay-period settings, locking a period it has exported) lives under /payroll/ and is
  // the only place a payroll token may write; any other write admitting payroll fails here.
  // Signing in is the one public write (nobody has a session before it), and ending one's own session
  // the one write outside /payroll/ that payroll may make.
  const PUBLIC_WRITES = ['POST /auth/links', 'POST /auth/links/redeem', 'POST /auth/token'];
  const OWN_SESSION_WRITES = ['POST /auth/sign-out'];
  it('payroll changes nothing: no write route outside /payroll/ admits a payroll token', () => {
    const writes = t.app.routeCatalogue.filter((r) => !['GET', 'HEAD'].includes(r.method));
    expect(writes.length).toBeGreaterThan(10);
    expect(writes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`).sort()).toEqual([...PUBLIC_WRITES].sort());
    for (const r of writes) {
      if (r.access === 'public' || OWN_SESSION_WRITES.includes(`${r.method} ${r.url}`)) continue;
      if (r.url.startsWith('/payroll/')) continue;
      expect(r.access.includes('payroll'), `${r.method} ${r.url}`).toBe(false);
    }
  });

  it('a revoked token is 401 from then on', async () => {
    const created = await t.call('manager', { method: 'POST', url: '/tokens', payload: { role: 'payroll', label: 'temp' } });
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
