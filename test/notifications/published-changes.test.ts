// After a rota is published, a manager gives a published shift to another worker or takes a worker
// off one: each worker whose shifts changed is emailed their shifts as they now stand (the one who
// gained it, the one who lost it; "no shifts now" when none are left), and nobody else. Publishing again
// with nothing new writes nothing; offer emails link to the Offers page.
import { afterEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema/index.ts';
import { APP_URL, offerMessage, selfServiceMessage } from '../../src/notifications/messages.ts';
import { testApp, type TestApp } from '../api/helpers/app.ts';

interface Place {
  id: number;
  slotId: string;
  slotLabel: string;
  roleId: string;
  staffId: string;
}

let t: TestApp;
afterEach(async () => {
  await t?.app.close();
});

describe('shift emails after a published rota changes', () => {
  it('tells the worker who gains a published shift and the one who loses it, with their shifts as they now stand', async () => {
    t = await testApp({ now: () => new Date('2026-11-20T09:00:00Z') });
    for (const id of ['ann', 'bob', 'cat', 'dan', 'eve']) {
      const url = `/services/test-sanctuary/staff/${id}`;
      const member = (await t.call('manager', { method: 'GET', url })).json();
      expect((await t.call('manager', { method: 'PUT', url, payload: { ...member, email: `${id}@example.org` } })).statusCode).toBe(200);
    }
    const made = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: '2026-12-07', seed: 1 } });
    await t.app.ctx.rotas.idle();
    const rotaId = made.json().id as string;
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${rotaId}/publish`, payload: {} })).statusCode).toBe(200);
    const mails = () => t.db.select().from(outbox).all().filter((m) => m.kind === 'rota-published');
    const firstRound = mails().length;
    expect(firstRound).toBeGreaterThan(1);
    const rota = async () => ((await t.call('manager', { method: 'GET', url: `/rotas/${rotaId}` })).json().assignments as Place[]);

    // A support place of one worker goes to a contracted support worker not in that session.
    const before = await rota();
    const place = before.find((a) => a.roleId === 'support' && ['cat', 'eve', 'ann', 'bob'].some((w) => w !== a.staffId && !before.some((b) => b.slotId === a.slotId && b.staffId === w)))!;
    const to = ['cat', 'eve', 'ann', 'bob'].find((w) => w !== place.staffId && !before.some((b) => b.slotId === place.slotId && b.staffId === w))!;
    const moved = await t.call('manager', { method: 'PATCH', url: `/rotas/${rotaId}/assignments/${place.id}`, payload: { staffId: to, reason: 'cover', override: true } });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await rota();
    const news = mails().slice(firstRound);
    expect(news.map((m) => m.staffId).sort()).toEqual([place.staffId, to].sort());
    for (const m of news) {
      expect(m.subject).toBe('Your shifts for the week of Mon 7 Dec 2026 have changed');
      const theirs = after.filter((a) => a.staffId === m.staffId);
      const lines = m.bodyText.split('\n').filter((l) => l.startsWith('- '));
      expect(lines).toHaveLength(theirs.length);
      for (const a of theirs) expect(m.bodyText).toContain(a.slotLabel);
    }
    expect(news.find((m) => m.staffId === to)!.bodyText).toContain(place.slotLabel);
    expect(news.find((m) => m.staffId === place.staffId)!.bodyText).not.toContain(place.slotLabel);

    // Taking a worker off every one of their shifts: the last email says they have none now.
    const secondRound = mails().length;
    const loser = to;
    for (const a of after.filter((x) => x.staffId === loser)) {
      const res = await t.call('manager', { method: 'DELETE', url: `/rotas/${rotaId}/assignments/${a.id}`, payload: { reason: 'rota change', override: true } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const third = mails().slice(secondRound);
    expect(third.every((m) => m.staffId === loser)).toBe(true);
    expect(third.at(-1)!.bodyText).toContain('you have no shifts that week now');

    // Publishing again with nothing new: nothing written.
    const settled = mails().length;
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${rotaId}/publish`, payload: { override: true, reason: 'again' } })).statusCode).toBe(200);
    expect(mails()).toHaveLength(settled);
  });

  it('an offer email links to the Offers page', () => {
    const m = offerMessage({ name: 'Dan', serviceName: 'Test', answerBy: '10:00 on Fri 20 Nov 2026', sessions: [{ label: 'Tue 24 Nov drop-in', siteName: null, roleId: 'support', paidMinutes: 420, payPence: 9800 }] });
    expect(m.text).toMatch(/\/my\/offers$/m);
  });

  it('self-service emails link to the page where they are answered', () => {
    const link = (kind: string, forManagers = false) =>
      selfServiceMessage({ name: 'Cat', serviceName: 'Test', subject: 's', text: 't', forManagers, kind }).text.split('\n').find((l) => l.startsWith(APP_URL));
    expect(link('swap-offered')).toMatch(/\/my\/swaps$/);
    expect(link('open-approved')).toMatch(/\/my\/open$/);
    expect(link('request-declined')).toMatch(/\/my\/requests$/);
    expect(link('swap-accepted', true)).toMatch(/\/manage\/requests$/);
  });
});
