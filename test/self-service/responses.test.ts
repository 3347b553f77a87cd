// The app writes answers with JSON.stringify, so the response schemas only document them. This walks
// every self-service route through a day of swaps, open sessions, requests and the ledger, checks each
// answer against the schema documented for its route and status code, and fails when a self-service
// route was never called (a new one must be added here).
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../src/api/plugins/auth.ts';
import { selfApp, SERVICE, WEEK_PLACES, type SelfApp } from './support.ts';

let t: SelfApp;
let ajv: Ajv;
const checked = new Set<string>();
const problems: string[] = [];
const M = `/services/${SERVICE}`;
const SELF_ROUTES = /^\/me\/(swaps|colleagues|open-|requests|fairness)|\/(swaps|open-requests|requests|leave-clashes|fairness|self-service-settings)/;

beforeAll(async () => {
  t = await selfApp();
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
  ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const schema of Object.values(t.app.getSchemas())) ajv.addSchema(schema as object);
});
afterAll(async () => {
  await t.app.close();
});

function routeFor(method: string, path: string): RouteEntry | undefined {
  return t.app.routeCatalogue.find((r) => r.method === method && new RegExp(`^${r.url.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(path));
}

const compiled = new Map<unknown, ValidateFunction>();
async function call(who: string, options: InjectOptions & { method: string; url: string }) {
  const res = await t.call(who, options);
  const route = routeFor(options.method, options.url.split('?')[0]);
  if (!route) throw new Error(`no route for ${options.method} ${options.url}`);
  const key = `${route.method} ${route.url} ${res.statusCode}`;
  checked.add(`${route.method} ${route.url}`);
  const schema = route.responseSchemas?.[String(res.statusCode)];
  if (!schema) {
    problems.push(`${key}: status not documented (${res.body.slice(0, 200)})`);
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

describe('self-service answers match their documented schemas', () => {
  it('a day of swaps, open sessions, requests and the ledger', async () => {
    const open = WEEK_PLACES.filter(([s, r]) => !(s === 'drop-in@2026-12-08' && r === 'support'));
    const { rotaId, ids } = await t.publishedRota([...open, ['drop-in@2026-12-08', 'support', 'fay']]);
    const catThu = ids.get('drop-in@2026-12-10 cat')!;
    const fayTue = ids.get('drop-in@2026-12-08 fay')!;

    await call('manager', { method: 'GET', url: `${M}/self-service-settings` });
    await call('manager', { method: 'PUT', url: `${M}/self-service-settings`, payload: { swapAutoApprove: false, swapMaxSoftRise: 10 } });
    await call('manager', { method: 'PUT', url: `${M}/self-service-settings`, payload: { swapMaxSoftRise: -1 } });
    await call('cat', { method: 'GET', url: `/me/colleagues?assignmentId=${catThu}` });
    await call('cat', { method: 'GET', url: '/me/colleagues?assignmentId=999999' });
    await call('cat', { method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: catThu } });
    await call('cat', { method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: catThu, toStaffId: 'fay', forAssignmentId: fayTue } });
    await call('cat', { method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: catThu, toStaffId: 'fay' } });
    const refused = await call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: catThu, toStaffId: 'fay' } });
    expect(refused.statusCode).toBe(409);
    await call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: 'x' } });
    const swap = (await call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: catThu, toStaffId: 'ann' } })).json();
    await call('cat', { method: 'GET', url: '/me/swaps' });
    await call('ann', { method: 'POST', url: `/me/swaps/${swap.id}/accept` });
    await call('eve', { method: 'POST', url: `/me/swaps/${swap.id}/accept` });
    await call('manager', { method: 'GET', url: `${M}/swaps` });
    await call('manager', { method: 'GET', url: `${M}/swaps?status=accepted` });
    await call('manager', { method: 'POST', url: `${M}/swaps/${swap.id}/approve`, payload: { reason: 'ok' } });
    await call('manager', { method: 'POST', url: `${M}/swaps/${swap.id}/approve` });
    await call('manager', { method: 'POST', url: `${M}/swaps/${swap.id}/reject`, payload: { reason: 'too late' } });
    const other = (await call('eve', { method: 'POST', url: '/me/swaps', payload: { assignmentId: ids.get('drop-in@2026-12-11 eve')!, toStaffId: 'fay' } })).json();
    await call('fay', { method: 'POST', url: `/me/swaps/${other.id}/decline`, payload: { reason: 'busy' } });
    const third = (await call('eve', { method: 'POST', url: '/me/swaps', payload: { assignmentId: ids.get('drop-in@2026-12-09 eve')!, toStaffId: 'cat' } })).json();
    await call('eve', { method: 'POST', url: `/me/swaps/${third.id}/withdraw`, payload: {} });

    await call('dan', { method: 'GET', url: '/me/open-sessions' });
    await call('dan', { method: 'POST', url: '/me/open-requests', payload: { rotaId, slotId: 'drop-in@2026-12-08', roleId: 'support' } });
    const req = (await call('dan', { method: 'POST', url: '/me/open-requests', payload: { rotaId, slotId: 'annex-group@2026-12-10', roleId: 'support' } })).json();
    const req2 = (await call('eve', { method: 'POST', url: '/me/open-requests', payload: { rotaId, slotId: 'annex-group@2026-12-10', roleId: 'support' } })).json();
    await call('dan', { method: 'GET', url: '/me/open-requests' });
    await call('manager', { method: 'GET', url: `${M}/open-requests` });
    await call('manager', { method: 'GET', url: `${M}/open-requests?status=requested` });
    if (req.id) await call('dan', { method: 'POST', url: `/me/open-requests/${req.id}/withdraw` });
    await call('manager', { method: 'POST', url: `${M}/open-requests/${req2.id}/approve` });
    await call('manager', { method: 'POST', url: `${M}/open-requests/${req2.id}/decline`, payload: { reason: 'no' } });
    await call('manager', { method: 'POST', url: `${M}/open-requests/nope/decline`, payload: { reason: 'no' } });
    await call('dan', { method: 'POST', url: '/me/open-requests/nope/withdraw' });

    const leave = (await call('cat', { method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'annual', from: '2026-12-11', to: '2026-12-11', note: 'n' } })).json();
    await call('cat', { method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'annual', from: '2026-12-12', to: '2026-12-11' } });
    const avail = (await call('dan', { method: 'POST', url: '/me/requests', payload: { kind: 'availability', availability: { windows: [] } } })).json();
    await call('cat', { method: 'GET', url: '/me/requests' });
    await call('manager', { method: 'GET', url: `${M}/requests` });
    await call('manager', { method: 'GET', url: `${M}/requests?status=pending` });
    await call('manager', { method: 'POST', url: `${M}/requests/${leave.id}/approve`, payload: { reason: 'fine' } });
    // Eve's leave over her Wednesday place: a clash to list, with its cover.
    const eveOff = (await call('eve', { method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'annual', from: '2026-12-09', to: '2026-12-09' } })).json();
    await call('manager', { method: 'POST', url: `${M}/requests/${eveOff.id}/approve` });
    const clashes = (await call('manager', { method: 'GET', url: `${M}/leave-clashes` })).json();
    expect(clashes.clashes.map((c: { slotId: string; staffId: string }) => `${c.slotId} ${c.staffId}`)).toContain('drop-in@2026-12-09 eve');
    await call('manager', { method: 'GET', url: `${M}/leave-clashes?rotaId=${rotaId}` });
    await call('manager', { method: 'GET', url: `${M}/leave-clashes?rotaId=no-such-rota` });
    await call('manager', { method: 'POST', url: `${M}/requests/${avail.id}/decline`, payload: { reason: 'we need you' } });
    await call('manager', { method: 'POST', url: `${M}/requests/${avail.id}/decline`, payload: { reason: 'again' } });
    const gone = (await call('eve', { method: 'POST', url: '/me/requests', payload: { kind: 'unavailable', from: '2026-12-20', to: '2026-12-20' } })).json();
    await call('eve', { method: 'POST', url: `/me/requests/${gone.id}/withdraw` });

    await call('ann', { method: 'GET', url: '/me/fairness' });
    await call('manager', { method: 'GET', url: `${M}/fairness` });
    await call('manager', { method: 'GET', url: '/services/no-such-service/fairness' });
    await call('manager', { method: 'POST', url: `${M}/fairness/adjustments`, payload: { staffId: 'ann', category: 'nights', delta: 2, reason: 'r' } });
    await call('manager', { method: 'POST', url: `${M}/fairness/adjustments`, payload: { staffId: 'ann', category: 'nights', delta: 0, reason: 'r' } });
    await call('manager', { method: 'POST', url: `${M}/fairness/resets`, payload: { staffId: 'ann', reason: 'r' } });
    await call('manager', { method: 'POST', url: `${M}/fairness/adjustments`, payload: { staffId: 'ann', category: 'weekends', value: 4, reason: 'set' } });
    await call('manager', { method: 'POST', url: `${M}/fairness/adjustments`, payload: { staffId: 'ann', category: 'weekends', value: -1, reason: 'below 0' } });
    await call('manager', { method: 'POST', url: `${M}/fairness/resets`, payload: { allStaff: true, categories: ['weekends'], reason: 'everyone' } });
    await call('manager', { method: 'POST', url: `${M}/fairness/resets`, payload: { reason: 'nobody named' } });
    await call('manager', { method: 'GET', url: `${M}/fairness/history` });
    await call('manager', { method: 'GET', url: '/services/no-such-service/fairness/history' });

    expect(problems).toEqual([]);
    const self = t.app.routeCatalogue.filter((r) => r.method !== 'HEAD' && SELF_ROUTES.test(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(self.length).toBeGreaterThan(25);
    expect(self.filter((r) => !checked.has(r))).toEqual([]);
  });
});
