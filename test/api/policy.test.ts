// Who may do what, checked against the policy table in README.md (written by hand from what the
// product should allow, apart from the routes' own declarations). Every route the app registers
// must have a row; each is called with a manager, payroll and worker token, another worker's token
// and no token, and the answer must say allowed, 401 or 403 exactly as the table does.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK } from './helpers/sample-service.ts';

type WorkerRule = 'no' | 'yes' | 'own record' | 'own places';
interface Policy {
  manager: boolean;
  payroll: boolean;
  worker: WorkerRule;
  anyone: boolean;
}
interface Row {
  method: string;
  path: string;
  policy: Policy;
}

/** The rows between the policy-table markers of README.md. */
function readPolicyTable(): Row[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('<!-- policy-table:start -->');
  const end = readme.indexOf('<!-- policy-table:end -->');
  if (start < 0 || end < start) throw new Error('README.md has no policy table');
  const rows: Row[] = [];
  for (const line of readme.slice(start, end).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || cells[1] === 'method' || cells[1].startsWith('---')) continue;
    const [, methods, rawPath, who] = cells;
    const path = rawPath.replace(/`/g, '');
    const policy: Policy = { manager: false, payroll: false, worker: 'no', anyone: false };
    for (const part of who.split(',').map((w) => w.trim())) {
      if (part === 'anyone') policy.anyone = true;
      else if (part === 'manager') policy.manager = true;
      else if (part === 'payroll') policy.payroll = true;
      else if (part === 'worker') policy.worker = 'yes';
      else if (part === 'worker (own record)') policy.worker = 'own record';
      else if (part === 'worker (own places)') policy.worker = 'own places';
      else throw new Error(`policy table: unknown "${part}" in the row for ${path}`);
    }
    for (const method of methods.split(',').map((m) => m.trim())) rows.push({ method, path, policy });
  }
  return rows;
}

function policyFor(rows: readonly Row[], method: string, url: string): Policy | undefined {
  // HEAD is answered by the GET route.
  const m = method === 'HEAD' ? 'GET' : method;
  return rows.find((r) => r.method === m && (r.path === url || (r.path.endsWith('/*') && (url === r.path.slice(0, -2) || url.startsWith(r.path.slice(0, -1))))))
    ?.policy;
}

type Caller = 'none' | 'manager' | 'payroll' | 'worker' | 'otherWorker';
type Outcome = 'allowed' | 'unauthorized' | 'forbidden';

function expected(policy: Policy, caller: Caller): Outcome {
  if (policy.anyone) return 'allowed';
  if (caller === 'none') return 'unauthorized';
  if (caller === 'manager') return policy.manager ? 'allowed' : 'forbidden';
  if (caller === 'payroll') return policy.payroll ? 'allowed' : 'forbidden';
  // Paths name the first worker's record (dan); the other worker (eve) is not dan.
  if (policy.worker === 'own record') return caller === 'worker' ? 'allowed' : 'forbidden';
  return policy.worker === 'no' ? 'forbidden' : 'allowed';
}

function outcome(status: number): Outcome {
  return status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'allowed';
}

/**
 * Workers' calls name dan's record (their own, or another worker's for eve); everyone else's name
 * records that do not exist, so a walk that is let through changes nothing.
 */
function fill(url: string, caller: Caller): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    if (name === 'serviceId') return 'test-sanctuary';
    if (name === 'staffId') return caller === 'worker' || caller === 'otherWorker' ? 'dan' : 'nobody';
    if (name === 'assignmentId' || name === 'tokenId') return '999999';
    if (name === 'periodId') return '2031-01-06';
    return 'no-such-id';
  }).replace(/\*$/, 'json');
}

let t: TestApp;
let rows: Row[];
beforeAll(async () => {
  t = await testApp();
  rows = readPolicyTable();
});
afterAll(async () => {
  await t.app.close();
});

describe('the policy table', () => {
  it('has a row for every route the app registers, and no row for a route it does not', () => {
    const routes = t.app.routeCatalogue;
    expect(routes.length).toBeGreaterThan(60);
    const missing = routes.filter((r) => !policyFor(rows, r.method, r.url)).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    const stale = rows
      .filter((row) => !routes.some((r) => r.method === row.method && (r.url === row.path || (row.path.endsWith('/*') && r.url.startsWith(row.path.slice(0, -2))))))
      .map((row) => `${row.method} ${row.path}`);
    expect(stale).toEqual([]);
  });

  it('matches what every route answers to a manager, payroll, a worker, another worker and no token', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of t.app.routeCatalogue) {
      // The web app's pages and assets (public, hidden from the API docs; not built here) are walked in test/web.
      if (route.hidden) continue;
      const policy = policyFor(rows, route.method, route.url)!;
      for (const caller of ['none', 'manager', 'payroll', 'worker', 'otherWorker'] as const) {
        const url = fill(route.url, caller);
        const res = await t.call(caller, { method: route.method as 'GET', url, ...(route.hasBody ? { payload: {} } : {}) });
        checked++;
        const want = expected(policy, caller);
        const got = outcome(res.statusCode);
        if (want !== got) failures.push(`${caller} ${route.method} ${url}: the table says ${want}, the app answered ${res.statusCode} ${res.body.slice(0, 100)}`);
        if (res.statusCode >= 500) failures.push(`${caller} ${route.method} ${url}: ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });
});

describe('own-object rules', () => {
  it("a worker reads their own qualifications, availability and leave, and never another worker's", async () => {
    for (const part of ['', '/qualifications', '/availability', '/leave']) {
      const own = await t.call('worker', { method: 'GET', url: `/services/test-sanctuary/staff/dan${part}` });
      expect(own.statusCode, `own ${part}`).toBe(200);
      const other = await t.call('worker', { method: 'GET', url: `/services/test-sanctuary/staff/eve${part}` });
      expect(other.statusCode, `other ${part}`).toBe(403);
      expect(other.body).not.toContain('Eve');
    }
  });

  it('a worker sees published rotas of their service only, and in them only their own places', async () => {
    const created = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 5 } });
    expect(created.statusCode).toBe(202);
    const id = created.json().id as string;
    await t.app.ctx.rotas.idle();
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
    // Eve (contracted, the other worker's token) holds at least one place whatever the solver chose.
    if (!rota.assignments.some((a: { staffId: string }) => a.staffId === 'eve')) {
      const slot = rota.slots[0];
      const add = await t.call('manager', {
        method: 'POST',
        url: `/rotas/${id}/assignments`,
        payload: { slotId: slot.id, roleId: 'support', staffId: 'eve', reason: 'policy test', override: true },
      });
      expect(add.statusCode).toBe(201);
    }
    for (const caller of ['worker', 'otherWorker'] as const) {
      expect((await t.call(caller, { method: 'GET', url: `/rotas/${id}` })).statusCode).toBe(404);
      expect((await t.call(caller, { method: 'GET', url: '/rotas' })).json()).toEqual([]);
    }
    const published = await t.call('manager', { method: 'POST', url: `/rotas/${id}/publish`, payload: { override: true, reason: 'policy test', bankPlaces: 'to-offer' } });
    expect(published.statusCode).toBe(200);
    const all = (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
    expect(new Set(all.assignments.map((a: { staffId: string }) => a.staffId)).size).toBeGreaterThan(1);
    const eves = (await t.call('otherWorker', { method: 'GET', url: `/rotas/${id}` })).json();
    expect(eves.assignments.length).toBeGreaterThan(0);
    expect(eves.assignments.every((a: { staffId: string }) => a.staffId === 'eve')).toBe(true);
    expect(eves.unfilled).toEqual([]);
    const dans = (await t.call('worker', { method: 'GET', url: `/rotas/${id}` })).json();
    expect(dans.assignments.every((a: { staffId: string }) => a.staffId === 'dan')).toBe(true);
    expect((await t.call('worker', { method: 'GET', url: '/rotas' })).json().map((r: { id: string }) => r.id)).toEqual([id]);
  });
});
