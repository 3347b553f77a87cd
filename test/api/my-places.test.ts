// GET /me/assignments says where and when each place is in the service's own words (its local date,
// wall-clock times and venue) and whether it has ended by the server's clock, so a phone in any zone,
// with any clock, shows a New York service's 17:30 drop-in as 17:30 and sorts past from upcoming.
import { afterEach, describe, expect, it } from 'vitest';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { createToken } from '../../src/services/tokens.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { sampleService, SAMPLE_WEEK } from './helpers/sample-service.ts';

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

interface MyPlace {
  slotId: string;
  startMin: number;
  endMin: number;
  date: string;
  localStart: string;
  localEnd: string;
  siteName: string | null;
  kind: string | null;
  timeZone: string;
  ended: boolean;
  bankState: string | null;
  published: boolean;
}

describe('my places in the service\'s words', () => {
  it('a New York service: local date and wall-clock times, venue and kind; ended follows the server clock', async () => {
    const clock = { ms: Date.parse('2026-12-01T09:00:00Z') };
    const t = await testApp({ now: () => new Date(clock.ms) });
    open.push(t);
    const file = sampleService('ny-sanctuary');
    file.timeZone = 'America/New_York';
    upsertServiceFile(t.db, file, '2026-11-01T00:00:00.000Z');
    const made = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'ny-sanctuary', weekStart: SAMPLE_WEEK, seed: 1 } });
    await t.app.ctx.rotas.idle();
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${made.json().id}/publish`, payload: {} })).statusCode).toBe(200);
    const token = createToken(t.db, { role: 'worker', staffId: 'eve', serviceId: 'ny-sanctuary' }, new Date(clock.ms)).token;
    const mine = async () => (await t.app.inject({ method: 'GET', url: '/me/assignments', headers: { authorization: `Bearer ${token}` } })).json() as MyPlace[];

    const places = await mine();
    expect(places.length).toBeGreaterThan(0);
    for (const p of places) {
      // The drop-in runs Tuesday to Friday, 17:30 to 00:30 New York time (EST, UTC-5, in December).
      expect(p).toMatchObject({ localStart: '17:30', localEnd: '00:30', siteName: 'Hub', kind: 'drop-in', timeZone: 'America/New_York', ended: false, published: true });
      expect(p.date).toBe(p.slotId.split('@')[1]);
      expect(p.startMin).toBe(Date.parse(`${p.date}T22:30:00Z`) / 60_000);
    }

    // Once the first of them has ended (but not the others), it alone is past.
    const first = [...places].sort((a, b) => a.startMin - b.startMin)[0];
    clock.ms = first.endMin * 60_000;
    const later = await mine();
    expect(later.filter((p) => p.ended).map((p) => p.slotId)).toEqual([first.slotId]);
  });

  it("a bank worker's offers name the session's kind and the role in words, and their offered places say where and when", async () => {
    const t = await testApp({ now: () => new Date('2026-12-01T09:00:00Z') });
    open.push(t);
    const made = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 1 } });
    await t.app.ctx.rotas.idle();
    const rotaId = made.json().id as string;
    // Tuesday's drop-in keeps one support worker, so a second support place is open, and it goes to Dan (bank).
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${rotaId}` })).json();
    const tuesday = rota.assignments.filter((a: { slotId: string; roleId: string }) => a.slotId === 'drop-in@2026-12-08' && a.roleId === 'support');
    for (const a of tuesday.slice(1)) await t.call('manager', { method: 'DELETE', url: `/rotas/${rotaId}/assignments/${a.id}`, payload: { reason: 'test', override: true } });
    const sent = await t.call('manager', {
      method: 'POST',
      url: `/rotas/${rotaId}/offers`,
      payload: { mode: 'broadcast', ttlMinutes: 600, places: [{ slotId: 'drop-in@2026-12-08', roleId: 'support' }], workerIds: ['dan'] },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const offers = (await t.call('worker', { method: 'GET', url: '/me/offers' })).json() as { sessions: Record<string, unknown>[] }[];
    expect(offers.length).toBeGreaterThan(0);
    for (const o of offers) {
      expect(o.sessions[0]).toMatchObject({ kind: 'drop-in', roleId: 'support', roleName: 'Crisis and recovery worker', venue: { id: 'hub', name: 'Hub' } });
      expect(o.sessions[0].start).toMatch(/T17:30:00\+00:00$/);
    }
    const offered = ((await t.call('worker', { method: 'GET', url: '/me/assignments' })).json() as MyPlace[]).filter((p) => p.bankState === 'offered');
    expect(offered).toHaveLength(offers.length);
    for (const p of offered) expect(p).toMatchObject({ localStart: '17:30', localEnd: '00:30', siteName: 'Hub', timeZone: 'Europe/London', ended: false });
  });
});
