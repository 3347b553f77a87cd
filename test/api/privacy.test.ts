// Privacy (issue 19, point 12): notes, leave reasons and qualifications of one worker reach no other
// worker. Eve's sickness (with a comment), her qualification's reference and comment, and the
// manager's notes on changes to her places are planted; then every route a worker can call (read
// from the app's own route list, so a new one fails this test until it is covered here) is called
// as each of three other workers, and no answer may mention any of it, nor Eve at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import type { RouteEntry } from '../../src/api/plugins/auth.ts';
import { createToken } from '../../src/services/tokens.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK } from './helpers/sample-service.ts';

const S = '/services/test-sanctuary';
const SECRETS = ['SECRET-LEAVE', 'SECRET-QUAL', 'SECRET-NOTE', 'anxiety', 'Eve Support', '"eve"'];

type Viewer = { staffId: string; token: string; offerId: string; feed: string | null; place: number | null };
/** How each worker-facing route is called as `v` (their own ids in the path). */
const CALLS: Record<string, (v: Viewer, rotaId: string) => InjectOptions[]> = {
  'GET /health': () => [{ method: 'GET', url: '/health' }],
  'GET /documentation': () => [{ method: 'GET', url: '/documentation' }],
  'GET /documentation/json': () => [{ method: 'GET', url: '/documentation/json' }],
  'GET /documentation/yaml': () => [{ method: 'GET', url: '/documentation/yaml' }],
  'GET /documentation/static/index.html': () => [{ method: 'GET', url: '/documentation/static/index.html' }],
  'GET /documentation/static/swagger-initializer.js': () => [{ method: 'GET', url: '/documentation/static/swagger-initializer.js' }],
  'GET /documentation/static/*': () => [{ method: 'GET', url: '/documentation/static/index.css' }],
  'GET /me': () => [{ method: 'GET', url: '/me' }],
  'GET /me/assignments': () => [{ method: 'GET', url: '/me/assignments' }],
  'GET /rotas': () => [{ method: 'GET', url: '/rotas' }],
  'GET /rotas/:id': (_v, rotaId) => [{ method: 'GET', url: `/rotas/${rotaId}` }],
  'GET /services/:serviceId/staff/:staffId': (v) => [{ method: 'GET', url: `${S}/staff/${v.staffId}` }, { method: 'GET', url: `${S}/staff/eve` }],
  'GET /services/:serviceId/staff/:staffId/qualifications': (v) => [
    { method: 'GET', url: `${S}/staff/${v.staffId}/qualifications` },
    { method: 'GET', url: `${S}/staff/eve/qualifications` },
  ],
  'GET /services/:serviceId/staff/:staffId/availability': (v) => [
    { method: 'GET', url: `${S}/staff/${v.staffId}/availability` },
    { method: 'GET', url: `${S}/staff/eve/availability` },
  ],
  'GET /services/:serviceId/staff/:staffId/leave': (v) => [{ method: 'GET', url: `${S}/staff/${v.staffId}/leave` }, { method: 'GET', url: `${S}/staff/eve/leave` }],
  'GET /me/offers': () => [{ method: 'GET', url: '/me/offers' }, { method: 'GET', url: '/me/offers?all=true' }],
  'GET /me/offers/:offerId': (v) => [{ method: 'GET', url: `/me/offers/${v.offerId}` }],
  'POST /me/offers/:offerId/accept': (v) => [{ method: 'POST', url: `/me/offers/${v.offerId}/accept` }],
  'POST /me/offers/:offerId/decline': (v) => [{ method: 'POST', url: `/me/offers/${v.offerId}/decline` }],
  'POST /me/calendar-feed': () => [{ method: 'POST', url: '/me/calendar-feed', payload: { replace: true } }],
  'GET /calendar/:secret/feed.ics': (v) => (v.feed ? [{ method: 'GET', url: v.feed }] : []),
  'GET /me/calendar.ics': () => [{ method: 'GET', url: '/me/calendar.ics' }],
  // Self-service: each worker previews and offers one of their own places to anyone, and reads
  // everything of theirs; ids that are not theirs (or made up) must give nothing away either.
  'GET /me/colleagues': (v) => (v.place ? [{ method: 'GET', url: `/me/colleagues?assignmentId=${v.place}` }] : []),
  'POST /me/swaps/preview': (v) => (v.place ? [{ method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: v.place } }] : []),
  'POST /me/swaps': (v) => (v.place ? [{ method: 'POST', url: '/me/swaps', payload: { assignmentId: v.place } }] : []),
  'GET /me/swaps': () => [{ method: 'GET', url: '/me/swaps' }],
  'POST /me/swaps/:swapId/accept': () => [{ method: 'POST', url: '/me/swaps/no-such-swap/accept' }],
  'POST /me/swaps/:swapId/decline': () => [{ method: 'POST', url: '/me/swaps/no-such-swap/decline', payload: {} }],
  'POST /me/swaps/:swapId/withdraw': () => [{ method: 'POST', url: '/me/swaps/no-such-swap/withdraw', payload: {} }],
  'GET /me/open-sessions': () => [{ method: 'GET', url: '/me/open-sessions' }],
  'GET /me/open-requests': () => [{ method: 'GET', url: '/me/open-requests' }],
  'POST /me/open-requests': (_v, rotaId) => [{ method: 'POST', url: '/me/open-requests', payload: { rotaId, slotId: 'drop-in@2026-12-10', roleId: 'support' } }],
  'POST /me/open-requests/:requestId/withdraw': () => [{ method: 'POST', url: '/me/open-requests/no-such-request/withdraw' }],
  'GET /me/requests': () => [{ method: 'GET', url: '/me/requests' }],
  'POST /me/requests': () => [{ method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'annual', from: '2026-12-20', to: '2026-12-20' } }],
  'POST /me/requests/:requestId/withdraw': () => [{ method: 'POST', url: '/me/requests/no-such-request/withdraw' }],
  'GET /me/fairness': () => [{ method: 'GET', url: '/me/fairness' }],
  // The web app: signing in (asking for a link to Eve's address says nothing of her), its pages and assets.
  'POST /auth/links': () => [{ method: 'POST', url: '/auth/links', payload: { email: 'eve@example.org' } }],
  'POST /auth/links/redeem': () => [{ method: 'POST', url: '/auth/links/redeem', payload: { secret: 'x'.repeat(43) } }],
  'POST /auth/token': (v) => [{ method: 'POST', url: '/auth/token', payload: { token: v.token } }],
  'GET /auth/session': () => [{ method: 'GET', url: '/auth/session' }],
  'POST /auth/sign-out': () => [{ method: 'POST', url: '/auth/sign-out' }],
  'GET /assets/*': () => [{ method: 'GET', url: '/assets/app.js' }],
  ...Object.fromEntries(
    ['/', '/sign-in', '/sign-in/*', '/manage', '/manage/*', '/my', '/my/*', '/pay', '/pay/*'].map((url) => [
      `GET ${url}`,
      () => [{ method: 'GET' as const, url: url.replace('*', 'eve') }],
    ]),
  ),
};

/**
 * Routes that list colleagues by design (whom a place can be offered to or swapped with: names and
 * published sessions, what the team's published rota shows): Eve's name may appear there, her notes,
 * leave and qualifications never.
 */
const NAMES_COLLEAGUES = new Set(['GET /me/colleagues']);
const PRIVATE = SECRETS.filter((x) => x !== 'Eve Support' && x !== '"eve"');

const workerFacing = (r: RouteEntry) => r.method !== 'HEAD' && (r.access === 'public' || r.access.some((a) => a === 'worker' || a === 'worker:self'));

let t: TestApp;
let rotaId: string;
const viewers: Viewer[] = [];

beforeAll(async () => {
  t = await testApp();
  const manager = (options: InjectOptions) => t.call('manager', options);
  // Eve's private matters.
  expect((await manager({ method: 'POST', url: `${S}/staff/eve/leave`, payload: { kind: 'sickness', from: '2026-12-10', to: '2026-12-10', comment: 'SECRET-LEAVE: anxiety' } })).statusCode).toBe(201);
  expect((await manager({ method: 'PUT', url: `${S}/staff/eve/qualifications/driving`, payload: { reference: 'SECRET-QUAL-REF', comment: 'SECRET-QUAL: points on licence' } })).statusCode).toBe(200);

  const created = await manager({ method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 11 } });
  rotaId = created.json().id;
  await t.app.ctx.rotas.idle();
  expect((await manager({ method: 'POST', url: `/rotas/${rotaId}/publish`, payload: { override: true, reason: 'SECRET-NOTE: Eve is off sick with anxiety' } })).statusCode).toBe(200);
  // The manager gives Eve's published places to others, saying why in notes about her.
  const rota = (await manager({ method: 'GET', url: `/rotas/${rotaId}` })).json();
  const eves = (rota.assignments as { id: number; slotId: string; staffId: string }[]).filter((a) => a.staffId === 'eve');
  expect(eves.length).toBeGreaterThan(1);
  for (const [k, a] of eves.entries()) {
    const to = ['cat', 'ann', 'bob'].find((id) => !rota.assignments.some((b: { slotId: string; staffId: string }) => b.slotId === a.slotId && b.staffId === id));
    if (!to) continue;
    const res = await manager({
      method: 'PATCH',
      url: `/rotas/${rotaId}/assignments/${a.id}`,
      payload: { staffId: to, reason: `SECRET-NOTE ${k}: Eve is off sick with anxiety`, override: true },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  // Published again after the changes (nothing new to publish now; before, the changes went out with their notes).
  expect((await manager({ method: 'POST', url: `/rotas/${rotaId}/publish`, payload: { override: true, reason: 'SECRET-NOTE: again' } })).statusCode).toBe(200);
  // A place for Dan (bank), offered to him, so his offer routes have something to show.
  const now = (await manager({ method: 'GET', url: `/rotas/${rotaId}` })).json();
  const tueSupport = now.assignments.filter((a: { slotId: string; roleId: string }) => a.slotId === 'drop-in@2026-12-08' && a.roleId === 'support');
  for (const a of tueSupport.slice(1)) await manager({ method: 'DELETE', url: `/rotas/${rotaId}/assignments/${a.id}`, payload: { reason: 'SECRET-NOTE: Eve', override: true } });
  const sent = await manager({
    method: 'POST',
    url: `/rotas/${rotaId}/offers`,
    payload: { mode: 'broadcast', ttlMinutes: 600, places: [{ slotId: 'drop-in@2026-12-08', roleId: 'support' }], workerIds: ['dan'] },
  });
  expect(sent.statusCode, sent.body).toBe(201);
  const danOffer = sent.json().offers[0].offerId as string;

  const published = (await manager({ method: 'GET', url: `/rotas/${rotaId}` })).json().assignments as { id: number; staffId: string; published: boolean }[];
  for (const staffId of ['dan', 'cat', 'ann']) {
    const token = staffId === 'dan' ? t.tokens.worker : createToken(t.db, { role: 'worker', staffId }).token;
    const place = published.find((a) => a.staffId === staffId && a.published)?.id ?? null;
    viewers.push({ staffId, token, offerId: danOffer, feed: null, place });
  }
});
afterAll(async () => {
  await t.app.close();
});

describe('privacy: nothing of one worker reaches another (point 12)', () => {
  it('the planted secrets are really there for the manager and for Eve herself', async () => {
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${rotaId}` })).body;
    expect(rota).toContain('SECRET-NOTE');
    expect((await t.call('otherWorker', { method: 'GET', url: `${S}/staff/eve/leave` })).body).toContain('SECRET-LEAVE');
    expect((await t.call('otherWorker', { method: 'GET', url: `${S}/staff/eve/qualifications` })).body).toContain('SECRET-QUAL-REF');
  });

  it('covers every route a worker can call: a new one fails here until it is added', () => {
    const routes = t.app.routeCatalogue.filter(workerFacing).map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in CALLS))).toEqual([]);
    expect(Object.keys(CALLS).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('no worker-facing answer to Dan, Cat or Ann mentions Eve\'s notes, leave or qualifications', async () => {
    const routes = t.app.routeCatalogue.filter(workerFacing);
    const leaks: string[] = [];
    let calls = 0;
    for (const v of viewers) {
      const headers = { authorization: `Bearer ${v.token}` };
      // The calendar feed first, so its public address can be read afterwards.
      const ordered = [...routes].sort((a, b) => Number(b.url === '/me/calendar-feed') - Number(a.url === '/me/calendar-feed'));
      for (const route of ordered) {
        for (const options of CALLS[`${route.method} ${route.url}`](v, rotaId)) {
          const res = await t.app.inject({ ...options, headers: route.access === 'public' ? {} : headers });
          calls++;
          if (route.url === '/me/calendar-feed' && res.statusCode === 201) v.feed = res.json().path;
          expect(res.statusCode, `${v.staffId} ${options.method} ${options.url}`).toBeLessThan(500);
          const kept = NAMES_COLLEAGUES.has(`${route.method} ${route.url}`) ? PRIVATE : SECRETS;
          for (const secret of kept) if (res.body.includes(secret)) leaks.push(`${v.staffId} ${options.method} ${options.url}: "${secret}"`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(calls).toBeGreaterThan(3 * Object.keys(CALLS).length);
  });
});
