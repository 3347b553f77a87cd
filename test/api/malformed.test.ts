// Throws generated malformed bodies (and junk path parameters) at every write route the app has:
// the answer is always 400, 404, 409 or 413, never a 500.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../src/api/plugins/auth.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK } from './helpers/sample-service.ts';

const ALLOWED = new Set([400, 404, 409, 413]);

let t: TestApp;
let rotaId: string;
let ajv: Ajv;

beforeAll(async () => {
  t = await testApp();
  const created = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 1 } });
  rotaId = created.json().id;
  await t.app.ctx.rotas.idle();
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
  ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  for (const schema of Object.values(t.app.getSchemas())) ajv.addSchema(schema as object);
});
afterAll(async () => {
  await t.app.close();
});

const REAL: Record<string, string> = {
  serviceId: 'test-sanctuary',
  staffId: 'ann',
  siteId: 'hub',
  templateId: 'drop-in',
  skillId: 'safeguarding',
  leaveId: 'leave-2026-12-07',
  assignmentId: '1',
};
const JUNK = ['nobody', '0', '-1', '..', 'a'.repeat(300), '%E2%82%AC', 'x%20y', '99999999999999999999999'];

function realValue(name: string, caller: Caller): string {
  if (name === 'id') return rotaId;
  if (name === 'staffId' && caller === 'worker') return 'dan'; // the worker token's own record
  return REAL[name] ?? 'nobody';
}

type Caller = 'manager' | 'worker' | 'payroll';

/** A role the route admits, so the request gets past authentication to the input checks. */
function callerFor(route: RouteEntry): Caller {
  if (route.access === 'public' || route.access.includes('manager')) return 'manager';
  if (route.access.includes('worker') || route.access.includes('worker:self')) return 'worker';
  return 'payroll';
}

function pathFor(route: RouteEntry, junk: Record<string, string> | null): string {
  const caller = callerFor(route);
  return route.url.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
    encodeURIComponent(junk?.[name] ?? realValue(name, caller)).replace(/%25/g, '%'),
  );
}

/** The property names a body schema knows, so generated objects are near misses, not just noise. */
function knownKeys(schema: unknown): string[] {
  let s = schema as { $ref?: string; properties?: Record<string, unknown> } | undefined;
  if (s?.$ref) s = ajv.getSchema(s.$ref)?.schema as typeof s;
  return Object.keys(s?.properties ?? {});
}

function bodyArbitrary(keys: string[]) {
  const nearMiss = fc.dictionary(keys.length > 0 ? fc.constantFrom(...keys, 'unknownField') : fc.string(), fc.jsonValue(), {
    maxKeys: Math.max(1, keys.length + 1),
  });
  return fc.oneof(
    { weight: 3, arbitrary: nearMiss.map((v) => ({ json: v as unknown })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ json: v as unknown })) },
    { weight: 1, arbitrary: fc.constantFrom('{"a":', '[1,2', 'nul', '{"__proto__": {"x": 1}}', '"\\ud800"', '{}}').map((raw) => ({ raw })) },
  );
}

/** A 400 says which field is wrong: errors[] with a path for each. */
function namesFields(body: { errors?: { path?: unknown; message?: unknown }[] }): boolean {
  return Array.isArray(body.errors) && body.errors.length > 0 && body.errors.every((e) => typeof e.path === 'string' && e.path !== '' && typeof e.message === 'string');
}

describe('malformed input never gives a 500', () => {
  it('every write route with a body answers generated bad bodies with 400/404/409/413', async () => {
    const routes = t.app.routeCatalogue.filter((r) => r.hasBody && !['GET', 'HEAD'].includes(r.method));
    expect(routes.length).toBeGreaterThan(12);
    for (const route of routes) {
      const validate = ajv.compile(route.bodySchema as object);
      const keys = knownKeys(route.bodySchema);
      await fc.assert(
        fc.asyncProperty(bodyArbitrary(keys), fc.boolean(), async (body, junkIds) => {
          if ('json' in body) fc.pre(!validate(structuredClone(body.json)));
          const ownStaff = (p: string) => p === ':staffId' && callerFor(route) === 'worker';
          const junk = junkIds
            ? Object.fromEntries(route.url.match(/:[A-Za-z]+/g)?.filter((p) => !ownStaff(p)).map((p) => [p.slice(1), 'nobody']) ?? [])
            : null;
          const res = await t.call(callerFor(route), {
            method: route.method as 'POST',
            url: pathFor(route, junk),
            headers: { 'content-type': 'application/json' },
            payload: 'json' in body ? JSON.stringify(body.json) : body.raw,
          });
          if (!ALLOWED.has(res.statusCode)) {
            throw new Error(`${route.method} ${route.url} -> ${res.statusCode} ${res.body.slice(0, 300)}`);
          }
          if (res.statusCode === 400 && !namesFields(res.json())) {
            throw new Error(`${route.method} ${route.url} -> 400 without a field named: ${res.body.slice(0, 300)}`);
          }
        }),
        { numRuns: 40, seed: 20261123 },
      );
    }
  });

  it('bad bodies name each bad field', async () => {
    const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 7, weekStart: 'soon', extra: true } });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.serviceId', 'body.weekStart', 'body.extra']));
  });

  it('a body over 1 MB is 413', async () => {
    const res = await t.call('manager', {
      method: 'POST',
      url: '/services/import',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ comment: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.statusCode).toBe(413);
  });

  it('write routes without a body answer junk ids with 400 or 404', async () => {
    // Only routes that take ids (POST /auth/sign-out has none: it ends the caller's own session).
    const routes = t.app.routeCatalogue.filter((r) => !r.hasBody && !['GET', 'HEAD'].includes(r.method) && r.url.includes(':'));
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...JUNK), async (junkId) => {
          const keep = (p: string) => p === ':serviceId' || (p === ':staffId' && callerFor(route) === 'worker');
          const junk = Object.fromEntries(
            route.url.match(/:[A-Za-z]+/g)?.filter((p) => !keep(p)).map((p) => [p.slice(1), junkId]) ?? [],
          );
          const res = await t.call(callerFor(route), { method: route.method as 'DELETE', url: pathFor(route, junk) });
          if (!ALLOWED.has(res.statusCode)) throw new Error(`${route.method} ${route.url} (${junkId}) -> ${res.statusCode} ${res.body.slice(0, 300)}`);
          if (res.statusCode === 400 && !namesFields(res.json())) throw new Error(`${route.method} ${route.url} (${junkId}) -> 400 without a field named`);
        }),
        { numRuns: JUNK.length, seed: 1 },
      );
    }
  });

  it('unknown ids are 404 on reads too', async () => {
    for (const url of ['/rotas/nope', '/services/nope/staff', '/services/test-sanctuary/staff/nobody', '/services/test-sanctuary/sites/nowhere']) {
      const res = await t.call('manager', { method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
  });
});
