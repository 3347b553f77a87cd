// Signing in to the web app through the API: one-time links by email (expiring, single use, hashed,
// never saying whether an address exists), pasted tokens for managers and payroll, the session cookie
// (httpOnly, SameSite, Secure over https), CSRF and Origin checks on cookie writes, the same access
// rules as bearer tokens, and sign-out ending the session on the server.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox, signInLinks, tokens } from '../../src/db/schema/index.ts';
import { testApp, type TestApp } from '../api/helpers/app.ts';

const T0 = new Date('2026-11-20T09:00:00Z');
const open: TestApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.app.close();
});

async function setup(options: { publicUrl?: string } = {}) {
  let at = T0.getTime();
  const clock = { advanceMinutes: (m: number) => (at += m * 60_000) };
  const t = await testApp({ now: () => new Date(at), signIn: { publicUrl: options.publicUrl ?? 'http://rota.test' } });
  open.push(t);
  for (const [id, email] of [['dan', 'Dan.Bank@example.org'], ['eve', 'eve@example.org']]) {
    const url = `/services/test-sanctuary/staff/${id}`;
    const member = (await t.call('manager', { method: 'GET', url })).json();
    const put = await t.call('manager', { method: 'PUT', url, payload: { ...member, email } });
    expect(put.statusCode, put.body).toBe(200);
  }
  return { t, clock };
}

function lastMessage(t: TestApp) {
  return t.db.select().from(outbox).all().at(-1);
}

function linkSecret(t: TestApp): string {
  const body = lastMessage(t)!.bodyText;
  const m = /\/sign-in\/link#([A-Za-z0-9_-]+)/.exec(body);
  expect(m, body).not.toBeNull();
  return m![1];
}

function sessionCookie(res: LightMyRequestResponse) {
  const c = res.cookies.find((k) => k.name === 'rota_session');
  expect(c, JSON.stringify(res.headers['set-cookie'])).toBeDefined();
  return c!;
}

const withCookie = (value: string, extra: Record<string, string> = {}) => ({ cookie: `rota_session=${value}`, ...extra });

describe('one-time sign-in links', () => {
  it('a known and an unknown address get the same answer; only the known one gets an email, with a link to the public address', async () => {
    const { t } = await setup();
    const known = await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: ' dan.bank@EXAMPLE.org ' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'nobody@example.org' } });
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    expect(unknown.body).toBe(known.body);
    const mails = t.db.select().from(outbox).all();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'sign-in-link', toAddress: 'dan.bank@example.org', status: 'queued', staffId: 'dan' });
    expect(mails[0].bodyText).toMatch(/^Hello Dan/);
    expect(mails[0].bodyText).toContain('http://rota.test/sign-in/link#');
    // Only the hash of the secret is stored.
    const secret = linkSecret(t);
    const rows = t.db.select().from(signInLinks).all();
    expect(rows).toHaveLength(1);
    expect(rows[0].secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('a link signs in once, as the staff member it was sent to, with a httpOnly SameSite=Strict cookie', async () => {
    const { t } = await setup();
    await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'dan.bank@example.org' } });
    const secret = linkSecret(t);
    const res = await t.app.inject({ method: 'POST', url: '/auth/links/redeem', payload: { secret } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ signedIn: true, role: 'worker', staffId: 'dan', serviceId: 'test-sanctuary', via: 'link' });
    const cookie = sessionCookie(res);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const me = await t.app.inject({ method: 'GET', url: '/me', headers: withCookie(cookie.value) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: 'worker', staffId: 'dan' });
    const again = await t.app.inject({ method: 'POST', url: '/auth/links/redeem', payload: { secret } });
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toMatch(/expired or has already been used/);
  });

  it('a link expires after 15 minutes', async () => {
    const { t, clock } = await setup();
    await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'eve@example.org' } });
    const secret = linkSecret(t);
    clock.advanceMinutes(15);
    const res = await t.app.inject({ method: 'POST', url: '/auth/links/redeem', payload: { secret } });
    expect(res.statusCode).toBe(400);
  });

  it('a link sent before the staff member\'s address changed no longer works', async () => {
    const { t } = await setup();
    await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'eve@example.org' } });
    const secret = linkSecret(t);
    const url = '/services/test-sanctuary/staff/eve';
    const eve = (await t.call('manager', { method: 'GET', url })).json();
    expect((await t.call('manager', { method: 'PUT', url, payload: { ...eve, email: 'eve.new@example.org' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/auth/links/redeem', payload: { secret } })).statusCode).toBe(400);
  });

  it('asking over and over sends at most 5 links an hour to one address, answering the same', async () => {
    const { t, clock } = await setup();
    for (let i = 0; i < 7; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'eve@example.org' } });
      expect(res.statusCode).toBe(202);
    }
    expect(t.db.select().from(outbox).all()).toHaveLength(5);
    clock.advanceMinutes(61);
    await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'eve@example.org' } });
    expect(t.db.select().from(outbox).all()).toHaveLength(6);
  });

  it('a bad address is a 400 naming the field', async () => {
    const { t } = await setup();
    const res = await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'not an address' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.email');
  });
});

describe('the session cookie', () => {
  async function signedInWorker() {
    const { t, clock } = await setup();
    await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'dan.bank@example.org' } });
    const res = await t.app.inject({ method: 'POST', url: '/auth/links/redeem', payload: { secret: linkSecret(t) } });
    return { t, clock, cookie: sessionCookie(res).value, csrf: res.json().csrfToken as string };
  }

  it('passes the same access rules as a bearer token: a worker cookie may not read the services list', async () => {
    const { t, cookie } = await signedInWorker();
    const res = await t.app.inject({ method: 'GET', url: '/services', headers: withCookie(cookie) });
    expect(res.statusCode).toBe(403);
    const own = await t.app.inject({ method: 'GET', url: '/services/test-sanctuary/staff/dan', headers: withCookie(cookie) });
    expect(own.statusCode).toBe(200);
    const other = await t.app.inject({ method: 'GET', url: '/services/test-sanctuary/staff/eve', headers: withCookie(cookie) });
    expect(other.statusCode).toBe(403);
  });

  it('writes with the cookie need the CSRF token; writes from another origin are refused', async () => {
    const { t, cookie, csrf } = await signedInWorker();
    const url = '/me/offers/999/decline';
    const without = await t.app.inject({ method: 'POST', url, headers: withCookie(cookie), payload: {} });
    expect(without.statusCode).toBe(403);
    expect(without.json().message).toMatch(/CSRF/);
    const wrong = await t.app.inject({ method: 'POST', url, headers: withCookie(cookie, { 'x-csrf-token': 'x'.repeat(43) }), payload: {} });
    expect(wrong.statusCode).toBe(403);
    const right = await t.app.inject({ method: 'POST', url, headers: withCookie(cookie, { 'x-csrf-token': csrf }), payload: {} });
    expect(right.statusCode).toBe(404);
    const crossSite = await t.app.inject({
      method: 'POST',
      url,
      headers: withCookie(cookie, { 'x-csrf-token': csrf, origin: 'https://evil.example' }),
      payload: {},
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().message).toMatch(/cross-site/);
    const sameSite = await t.app.inject({
      method: 'POST',
      url,
      headers: withCookie(cookie, { 'x-csrf-token': csrf, origin: 'http://rota.test' }),
      payload: {},
    });
    expect(sameSite.statusCode).toBe(404);
    // Signing someone in from another site's page is refused too.
    const login = await t.app.inject({ method: 'POST', url: '/auth/token', headers: { origin: 'https://evil.example' }, payload: { token: t.tokens.manager } });
    expect(login.statusCode).toBe(403);
  });

  it('GET /auth/session says who is signed in, with the CSRF token; without a session, signedIn false', async () => {
    const { t, cookie, csrf } = await signedInWorker();
    const res = await t.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(cookie) });
    expect(res.json()).toMatchObject({ signedIn: true, role: 'worker', csrfToken: csrf, name: 'Dan Bank' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await t.app.inject({ method: 'GET', url: '/auth/session' })).json()).toEqual({ signedIn: false });
  });

  it('signing out ends the session on the server: the same cookie is refused afterwards, and its token revoked', async () => {
    const { t, cookie, csrf } = await signedInWorker();
    const out = await t.app.inject({ method: 'POST', url: '/auth/sign-out', headers: withCookie(cookie, { 'x-csrf-token': csrf }), payload: {} });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ signedOut: true });
    expect(out.cookies.find((c) => c.name === 'rota_session')?.value).toBe('');
    const after = await t.app.inject({ method: 'GET', url: '/me', headers: withCookie(cookie) });
    expect(after.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/auth/session', headers: withCookie(cookie) })).json()).toEqual({ signedIn: false });
    const made = t.db.select().from(tokens).where(eq(tokens.label, 'web sign-in by email link')).all();
    expect(made).toHaveLength(1);
    expect(made[0].revokedAt).not.toBeNull();
  });

  it('a session ends after 14 days', async () => {
    const { t, clock, cookie } = await signedInWorker();
    clock.advanceMinutes(14 * 24 * 60 - 1);
    expect((await t.app.inject({ method: 'GET', url: '/me', headers: withCookie(cookie) })).statusCode).toBe(200);
    clock.advanceMinutes(1);
    expect((await t.app.inject({ method: 'GET', url: '/me', headers: withCookie(cookie) })).statusCode).toBe(401);
  });

  it('is Secure when the app is served over https', async () => {
    const { t } = await setup({ publicUrl: 'https://rota.example.org' });
    const res = await t.app.inject({ method: 'POST', url: '/auth/token', payload: { token: t.tokens.payroll } });
    expect(sessionCookie(res).secure).toBe(true);
  });
});

describe('signing in with a token, and users who sign in by email', () => {
  it('managers and payroll may paste a token; signing out leaves the pasted token working; workers are sent to the link', async () => {
    const { t } = await setup();
    const res = await t.app.inject({ method: 'POST', url: '/auth/token', payload: { token: t.tokens.manager } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'manager', via: 'token' });
    const cookie = sessionCookie(res).value;
    expect((await t.app.inject({ method: 'GET', url: '/services', headers: withCookie(cookie) })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/auth/sign-out', headers: withCookie(cookie, { 'x-csrf-token': res.json().csrfToken }), payload: {} });
    expect(out.json()).toEqual({ signedOut: true });
    expect((await t.app.inject({ method: 'GET', url: '/services', headers: withCookie(cookie) })).statusCode).toBe(401);
    expect((await t.call('manager', { method: 'GET', url: '/services' })).statusCode).toBe(200);

    const worker = await t.app.inject({ method: 'POST', url: '/auth/token', payload: { token: t.tokens.worker } });
    expect(worker.statusCode).toBe(400);
    expect(worker.json().message).toMatch(/link sent to their email/);
    const junk = await t.app.inject({ method: 'POST', url: '/auth/token', payload: { token: 'no-such-token-at-all' } });
    expect([junk.statusCode, junk.json().errors[0].path]).toEqual([400, 'body.token']);
  });

  it('revoking the pasted token ends the session made with it', async () => {
    const { t } = await setup();
    const created = (await t.call('manager', { method: 'POST', url: '/tokens', payload: { role: 'payroll', name: 'Pat Payroll' } })).json();
    const res = await t.app.inject({ method: 'POST', url: '/auth/token', payload: { token: created.token } });
    const cookie = sessionCookie(res).value;
    expect((await t.app.inject({ method: 'GET', url: '/payroll/settings?serviceId=test-sanctuary', headers: withCookie(cookie) })).statusCode).toBe(200);
    expect((await t.call('manager', { method: 'DELETE', url: `/tokens/${created.id}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/payroll/settings?serviceId=test-sanctuary', headers: withCookie(cookie) })).statusCode).toBe(401);
  });

  it('a manager adds a payroll user, who signs in by link; disabling them ends their session', async () => {
    const { t } = await setup();
    const added = await t.call('manager', { method: 'POST', url: '/users', payload: { email: 'Pay.Clerk@example.org', name: 'Pat Clerk', role: 'payroll' } });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ email: 'pay.clerk@example.org', role: 'payroll' });
    const dup = await t.call('manager', { method: 'POST', url: '/users', payload: { email: 'pay.clerk@example.org', name: 'X', role: 'manager' } });
    expect(dup.statusCode).toBe(409);
    await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'pay.clerk@example.org' } });
    expect(lastMessage(t)!.bodyText).toMatch(/^Hello Pat Clerk/);
    const res = await t.app.inject({ method: 'POST', url: '/auth/links/redeem', payload: { secret: linkSecret(t) } });
    expect(res.json()).toMatchObject({ role: 'payroll', name: 'Pat Clerk', via: 'link' });
    const cookie = sessionCookie(res).value;
    expect((await t.app.inject({ method: 'GET', url: '/services', headers: withCookie(cookie) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/services/import', headers: withCookie(cookie, { 'x-csrf-token': res.json().csrfToken }), payload: {} })).statusCode).toBe(403);
    expect((await t.call('manager', { method: 'DELETE', url: `/users/${added.json().id}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/services', headers: withCookie(cookie) })).statusCode).toBe(401);
    await t.app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'pay.clerk@example.org' } });
    expect(t.db.select().from(outbox).all()).toHaveLength(1);
  });
});
