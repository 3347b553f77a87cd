// Swaps and give-aways through the API: a preview in words before anything is sent, the colleague's
// accept, the manager's approval (or the service's automatic one), every hard rule for both workers,
// a swap that became illegal refused at approval, and two colleagues racing for one give-away.
import { afterEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { assignments, auditLog, swapRequests, swapTakes } from '../../src/db/schema/index.ts';
import { selfApp, selfServiceFile, SERVICE, told, WEEK_PLACES, type SelfApp } from './support.ts';

const apps: SelfApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.app.close();
});
async function setup(places = WEEK_PLACES, file = selfServiceFile()) {
  const t = await selfApp(file);
  apps.push(t);
  const rota = await t.publishedRota(places);
  return { ...t, ...rota, id: (slot: string, staff: string) => rota.ids.get(`${slot} ${staff}`)! };
}

const TUE = 'drop-in@2026-12-08';
const WED = 'drop-in@2026-12-09';
const THU = 'drop-in@2026-12-10';
const M = `/services/${SERVICE}`;

function holder(t: SelfApp, assignmentId: number): string | undefined {
  return t.db.select().from(assignments).where(eq(assignments.id, assignmentId)).get()?.staffId;
}

describe('a give-away to a named colleague', () => {
  it('is previewed in words, offered, accepted and approved; the rota, calendars, payroll and audit follow', async () => {
    const t = await setup();
    const place = t.id(TUE, 'cat');
    const preview = await t.call('cat', { method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: place, toStaffId: 'fay' } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ ok: true, kind: 'giveaway', breaches: [], wouldAutoApprove: false });
    expect(typeof preview.json().softDelta).toBe('number');

    const offered = await t.call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: place, toStaffId: 'fay', note: 'family party' } });
    expect(offered.statusCode, offered.body).toBe(201);
    const swap = offered.json();
    expect(swap).toMatchObject({ kind: 'giveaway', status: 'offered', from: { staffId: 'cat' }, to: { staffId: 'fay', name: 'Fay Support' }, place: { assignmentId: place, slotId: TUE } });
    expect(swap.invited).toBeUndefined();

    // Only the colleague asked sees it; nobody else can take it.
    expect((await t.call('fay', { method: 'GET', url: '/me/swaps' })).json().map((s: { id: string }) => s.id)).toEqual([swap.id]);
    expect((await t.call('eve', { method: 'GET', url: '/me/swaps' })).json()).toEqual([]);
    expect((await t.call('eve', { method: 'POST', url: `/me/swaps/${swap.id}/accept` })).statusCode).toBe(404);
    expect((await t.call('cat', { method: 'POST', url: `/me/swaps/${swap.id}/accept` })).statusCode).toBe(409);

    const accepted = await t.call('fay', { method: 'POST', url: `/me/swaps/${swap.id}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', taker: { staffId: 'fay' } });
    // Not approved automatically (the service's default): the place is still Cat's.
    expect(holder(t, place)).toBe('cat');
    const waiting = await t.call('manager', { method: 'GET', url: `${M}/swaps?status=accepted` });
    expect(waiting.json().map((s: { id: string }) => s.id)).toEqual([swap.id]);
    expect(waiting.json()[0].invited).toEqual([{ staffId: 'fay', name: 'Fay Support' }]);

    const approved = await t.call('manager', { method: 'POST', url: `${M}/swaps/${swap.id}/approve`, payload: { reason: 'fine by me' } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', autoApproved: false, decisionReason: 'fine by me' });
    const row = t.db.select().from(assignments).where(eq(assignments.id, place)).get()!;
    expect(row).toMatchObject({ staffId: 'fay', published: true, proposed: false });

    // The rota shows Fay; a worker's published places and calendar follow the holder.
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${t.rotaId}` })).json();
    expect(rota.assignments.find((a: { id: number }) => a.id === place).staffId).toBe('fay');
    const tueStart = 'DTSTART;TZID=Europe/London:20261208T173000';
    expect((await t.call('fay', { method: 'GET', url: '/me/calendar.ics' })).body).toContain(tueStart);
    expect((await t.call('cat', { method: 'GET', url: '/me/calendar.ics' })).body).not.toContain(tueStart);
    expect((await t.call('cat', { method: 'GET', url: '/me/calendar.ics' })).body).toContain('DTSTART;TZID=Europe/London:20261210T173000');

    // Who and why at each step.
    const audit = t.db.select().from(auditLog).where(eq(auditLog.entityId, swap.id)).orderBy(asc(auditLog.id)).all();
    expect(audit.map((a) => a.action)).toEqual(['swap.offer', 'swap.accept', 'swap.approve']);
    expect(audit[0]).toMatchObject({ reason: 'family party', actor: expect.stringContaining('cat') });
    expect(audit[1].actor).toContain('fay');
    expect(audit[2]).toMatchObject({ reason: 'fine by me', actor: expect.stringContaining('manager') });
    // Each person is told, through the notifications outbox.
    expect(told(t.db)).toEqual(['swap-offered fay', 'swap-accepted cat', 'swap-accepted managers', 'swap-approved cat', 'swap-approved fay']);

    // Payroll records what happened to the place's holder, now Fay.
    t.clock.ms = Date.UTC(2026, 11, 9, 1);
    const payroll = (staffId: string) =>
      t.call('manager', { method: 'POST', url: '/payroll/outcomes', payload: { serviceId: SERVICE, rotaId: t.rotaId, slotId: TUE, staffId, status: 'worked' } });
    expect((await payroll('cat')).statusCode).toBeGreaterThanOrEqual(400);
    const recorded = await payroll('fay');
    expect(recorded.statusCode, recorded.body).toBeLessThan(300);
    // A session that has started cannot change hands.
    const late = await t.call('fay', { method: 'POST', url: '/me/swaps', payload: { assignmentId: place, toStaffId: 'cat' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toMatch(/already started/);
  });

  it('the colleague may decline with a reason; the offerer may withdraw; a manager may reject with a reason', async () => {
    const t = await setup();
    const offer = async (slot: string, from: string, to: string) =>
      (await t.call(from, { method: 'POST', url: '/me/swaps', payload: { assignmentId: t.id(slot, from), toStaffId: to } })).json();
    const a = await offer(TUE, 'cat', 'fay');
    const declined = await t.call('fay', { method: 'POST', url: `/me/swaps/${a.id}/decline`, payload: { reason: 'away that night' } });
    expect(declined.json()).toMatchObject({ status: 'declined', decisionReason: 'away that night' });
    expect((await t.call('fay', { method: 'POST', url: `/me/swaps/${a.id}/accept` })).statusCode).toBe(409);

    const b = await offer(TUE, 'cat', 'fay');
    expect(b.status).toBe('offered');
    const withdrawn = await t.call('cat', { method: 'POST', url: `/me/swaps/${b.id}/withdraw` });
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await t.call('fay', { method: 'POST', url: `/me/swaps/${b.id}/accept` })).statusCode).toBe(409);

    const c = await offer(TUE, 'cat', 'fay');
    // One swap at a time on a place.
    expect((await t.call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: t.id(TUE, 'cat'), toStaffId: 'dan' } })).statusCode).toBe(409);
    await t.call('fay', { method: 'POST', url: `/me/swaps/${c.id}/accept` });
    expect((await t.call('manager', { method: 'POST', url: `${M}/swaps/${c.id}/reject`, payload: {} })).statusCode).toBe(400);
    const rejected = await t.call('manager', { method: 'POST', url: `${M}/swaps/${c.id}/reject`, payload: { reason: 'Fay is needed for training' } });
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionReason: 'Fay is needed for training' });
    expect((await t.call('fay', { method: 'GET', url: '/me/swaps' })).json().find((s: { id: string }) => s.id === c.id).decisionReason).toBe('Fay is needed for training');
    expect(holder(t, t.id(TUE, 'cat'))).toBe('cat');
  });
});

describe('every hard rule for both workers, in words, before anything is sent', () => {
  // Each case: a place offered to a colleague who would break one rule by taking it. The offerer's
  // preview names the colleague and the rule, never the colleague's own circumstances.
  const places: [string, string, string][] = [...WEEK_PLACES, ['outreach@2026-12-09', 'support', 'fay']];
  const cases: { rule: string; from: string; slot: string; to: string; words: RegExp; extra?: [string, string, string][] }[] = [
    { rule: 'leave', from: 'eve', slot: WED, to: 'bob', words: /^Bob Lead: not available at the time of Wed 9 Dec drop-in/ },
    { rule: 'rest', from: 'fay', slot: 'outreach@2026-12-09', to: 'cat', words: /^Cat Support: breaks the rule "at least the worker's minimum rest/ },
    // Eve holds Wed and Fri drop-ins and Thursday's annex group: 17 h 20 min; Tuesday would make 24 h 20 min.
    { rule: 'weekly hours', from: 'cat', slot: TUE, to: 'eve', words: /^Eve Support: breaks the rule "weekly hours within the hard limits"/, extra: [['annex-group@2026-12-10', 'support', 'eve']] },
    { rule: 'an expired approval', from: 'cat', slot: THU, to: 'fay', words: /^Fay Support: breaks the rule "workers hold every skill their role needs/ },
    { rule: 'travel', from: 'cat', slot: THU, to: 'ann', words: /^Ann Lead: breaks the rule "enough time to travel between venues"/, extra: [['annex-group@2026-12-10', 'support', 'ann']] },
    { rule: 'availability and a refused venue', from: 'ann', slot: 'annex-group@2026-12-10', to: 'dan', words: /^Dan Bank: /, extra: [['annex-group@2026-12-10', 'support', 'ann']] },
  ];
  for (const c of cases) {
    it(`${c.rule}: refused, with the rule in words`, async () => {
      const t = await setup([...places, ...(c.extra ?? [])]);
      const body = { assignmentId: t.id(c.slot, c.from), toStaffId: c.to };
      const preview = await t.call(c.from, { method: 'POST', url: '/me/swaps/preview', payload: body });
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.json().ok).toBe(false);
      const words: string[] = preview.json().breaches;
      expect(words.some((w) => c.words.test(w)), words.join(' | ')).toBe(true);
      // The colleague's leave, sickness or notes never reach the offerer.
      expect(words.join(' ')).not.toMatch(/leave|sick/i);
      const sent = await t.call(c.from, { method: 'POST', url: '/me/swaps', payload: body });
      expect(sent.statusCode).toBe(409);
      expect(sent.json().breaches).toEqual(words);
      expect(t.db.select().from(swapRequests).all()).toHaveLength(0);
      // Only the holder may offer a place.
      expect((await t.call(c.to, { method: 'POST', url: '/me/swaps/preview', payload: body })).statusCode).toBe(404);
    });
  }

  it("a swap is judged for both workers: each sees their own breach in full and the other's by rule", async () => {
    // Eve (capped at 14 h, holding Wed and Fri) swaps Wed for Cat's Tue and Thu... one for one keeps
    // her hours; Cat taking Eve's Wed after her own Tue is fine. Then Eve asks Fay for Fay's outreach.
    const t = await setup([...WEEK_PLACES, ['outreach@2026-12-09', 'support', 'fay']]);
    const ok = await t.call('eve', { method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: t.id(WED, 'eve'), toStaffId: 'cat', forAssignmentId: t.id(TUE, 'cat') } });
    expect(ok.json()).toMatchObject({ ok: true, kind: 'swap', breaches: [] });
    // Fay's outreach (Wed 09:00-13:00) for Cat's Tue drop-in: Fay would have Tue's drop-in (ending
    // 00:30) and Cat Wed morning... Cat gives Tue away, so Cat's rest is fine; Fay loses outreach and
    // takes Tue: fine. Eve for Fay's outreach: Eve gets outreach 09:00 and keeps Wed's drop-in 17:30:
    // a working day of 15 h 30 min: Eve breaks rest and her 14-hour cap; Fay takes Eve's Wed drop-in.
    const bad = await t.call('eve', {
      method: 'POST',
      url: '/me/swaps/preview',
      payload: { assignmentId: t.id('drop-in@2026-12-11', 'eve'), toStaffId: 'fay', forAssignmentId: t.id('outreach@2026-12-09', 'fay') },
    });
    const words: string[] = bad.json().breaches;
    expect(bad.json().ok).toBe(false);
    // Eve's own breach in her words; Fay (safeguarding expired by Friday) by rule only.
    expect(words.some((w) => /^Eve Support: only 4 h 30 min rest/.test(w)), words.join(' | ')).toBe(true);
    expect(words.some((w) => /^Fay Support: breaks the rule "workers hold every skill/.test(w)), words.join(' | ')).toBe(true);
    expect(words.join(' ')).not.toMatch(/expired/);
  });
});

describe('checked again when it matters', () => {
  it('new leave for the colleague after they accepted: refused at approval with the reason, and the place stays', async () => {
    const t = await setup();
    const place = t.id(TUE, 'cat');
    const swap = (await t.call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: place, toStaffId: 'fay' } })).json();
    expect((await t.call('fay', { method: 'POST', url: `/me/swaps/${swap.id}/accept` })).statusCode).toBe(200);
    const leave = await t.call('manager', { method: 'POST', url: `${M}/staff/fay/leave`, payload: { kind: 'leave', from: '2026-12-08', to: '2026-12-08' } });
    expect(leave.statusCode).toBe(201);
    const approve = await t.call('manager', { method: 'POST', url: `${M}/swaps/${swap.id}/approve` });
    expect(approve.statusCode).toBe(409);
    expect(approve.json().message).toMatch(/^refused: it now breaks a hard rule: Fay Support: on leave for 6 h 30 min of Tue 8 Dec drop-in/);
    expect(approve.json().breaches[0]).toMatch(/Fay Support: on leave/);
    expect(holder(t, place)).toBe('cat');
    const seen = (await t.call('fay', { method: 'GET', url: '/me/swaps' })).json()[0];
    expect(seen).toMatchObject({ status: 'refused' });
    expect(seen.decisionReason).toMatch(/on leave/); // her own leave, told to her
    const catSees = (await t.call('cat', { method: 'GET', url: '/me/swaps' })).json()[0];
    expect(catSees.status).toBe('refused');
    const actions = t.db.select().from(auditLog).where(eq(auditLog.entityId, swap.id)).orderBy(asc(auditLog.id)).all().map((a) => a.action);
    expect(actions).toEqual(['swap.offer', 'swap.accept', 'swap.refuse']);
  });

  it('an approval that expired before approval: refused, naming the approval', async () => {
    const t = await setup();
    const swap = (await t.call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: t.id(TUE, 'cat'), toStaffId: 'fay' } })).json();
    await t.call('fay', { method: 'POST', url: `/me/swaps/${swap.id}/accept` });
    const renewed = await t.call('manager', { method: 'PUT', url: `${M}/staff/fay/qualifications/safeguarding`, payload: { validUntil: '2026-12-07' } });
    expect(renewed.statusCode).toBe(200);
    const approve = await t.call('manager', { method: 'POST', url: `${M}/swaps/${swap.id}/approve` });
    expect(approve.statusCode).toBe(409);
    expect(approve.json().message).toMatch(/Fay Support: Safeguarding level 3 expired on Mon 7 Dec/);
  });

  it('a place that changed hands meanwhile is refused at accept', async () => {
    const t = await setup();
    const place = t.id(TUE, 'cat');
    const swap = (await t.call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: place, toStaffId: 'fay' } })).json();
    const moved = await t.call('manager', { method: 'PATCH', url: `/rotas/${t.rotaId}/assignments/${place}`, payload: { staffId: 'bob', reason: 'cover', override: true } });
    expect(moved.statusCode, moved.body).toBe(200);
    const accept = await t.call('fay', { method: 'POST', url: `/me/swaps/${swap.id}/accept` });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().message).toMatch(/has changed since it was offered/);
    expect(holder(t, place)).toBe('bob');
  });
});

describe('automatic approval', () => {
  it('approves at once only when no rule breaks and the soft cost rises by at most the set amount', async () => {
    const t = await setup();
    const place = t.id(THU, 'cat');
    const body = { assignmentId: place, toStaffId: 'ann' };
    const { softDelta } = (await t.call('cat', { method: 'POST', url: '/me/swaps/preview', payload: body })).json();
    // Ann (dearer, with two lates already) taking Cat's late: the soft cost rises.
    expect(softDelta).toBeGreaterThan(0);
    const settings = (rise: number) =>
      t.call('manager', { method: 'PUT', url: `${M}/self-service-settings`, payload: { swapAutoApprove: true, swapMaxSoftRise: rise } });
    expect((await settings(softDelta - 1)).json()).toMatchObject({ swapAutoApprove: true, swapMaxSoftRise: softDelta - 1, openAutoApprove: false });
    const first = (await t.call('cat', { method: 'POST', url: '/me/swaps', payload: body })).json();
    expect((await t.call('ann', { method: 'POST', url: `/me/swaps/${first.id}/accept` })).json().status).toBe('accepted');
    expect(holder(t, place)).toBe('cat');
    await t.call('manager', { method: 'POST', url: `${M}/swaps/${first.id}/reject`, payload: { reason: 'try again' } });

    await settings(softDelta);
    expect((await t.call('cat', { method: 'POST', url: '/me/swaps/preview', payload: body })).json().wouldAutoApprove).toBe(true);
    const second = (await t.call('cat', { method: 'POST', url: '/me/swaps', payload: body })).json();
    const accepted = await t.call('ann', { method: 'POST', url: `/me/swaps/${second.id}/accept` });
    expect(accepted.json()).toMatchObject({ status: 'approved', autoApproved: true });
    expect(holder(t, place)).toBe('ann');
    const audit = t.db.select().from(auditLog).where(eq(auditLog.entityId, second.id)).orderBy(asc(auditLog.id)).all();
    expect(audit.map((a) => a.action)).toEqual(['swap.offer', 'swap.accept', 'swap.approve.auto']);
    expect(audit[2]).toMatchObject({ actor: 'system', reason: expect.stringMatching(/approved automatically/) });
  });
});

describe('a give-away to anyone eligible', () => {
  it('goes to the colleagues who may take it (not to whom it would break a rule), ranked; the first to accept wins', async () => {
    const t = await setup();
    const place = t.id(TUE, 'cat');
    const preview = await t.call('cat', { method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: place } });
    // Dan, Eve and Fay may; Bob is on leave, Ann already in this session.
    expect(preview.json()).toMatchObject({ ok: true, kind: 'giveaway', eligibleCount: 3, softDelta: null });
    const swap = (await t.call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: place } })).json();
    expect(swap.to).toBeNull();
    const invited = (await t.call('manager', { method: 'GET', url: `${M}/swaps` })).json()[0].invited.map((p: { staffId: string }) => p.staffId);
    expect(invited.sort()).toEqual(['dan', 'eve', 'fay']);
    expect((await t.call('bob', { method: 'POST', url: `/me/swaps/${swap.id}/accept` })).statusCode).toBe(404);
    expect((await t.call('dan', { method: 'POST', url: `/me/swaps/${swap.id}/accept` })).json().status).toBe('accepted');
    const lost = await t.call('fay', { method: 'POST', url: `/me/swaps/${swap.id}/accept` });
    expect(lost.statusCode).toBe(409);
    expect(lost.json()).toMatchObject({ state: 'taken' });
    // Fay sees it went, not to whom.
    expect((await t.call('fay', { method: 'GET', url: '/me/swaps' })).json()[0]).toMatchObject({ status: 'taken', taker: null });
  });

  it('two colleagues accepting the same give-away at once over real HTTP: exactly one winner', async () => {
    const file = selfServiceFile();
    for (let i = 0; i < 12; i++) {
      file.staff.push({ id: `bank-${i}`, name: `Bank ${i}`, kind: 'bank', roles: ['support'], skills: [{ skillId: 'safeguarding' }], costPencePerHour: 1200 });
    }
    const t = await setup(WEEK_PLACES, file);
    await t.call('manager', { method: 'PUT', url: `${M}/self-service-settings`, payload: { swapAutoApprove: true, swapMaxSoftRise: 100000 } });
    const place = t.id(TUE, 'cat');
    const swap = (await t.call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: place } })).json();
    const takers = Array.from({ length: 12 }, (_, i) => `bank-${i}`);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const base = `http://127.0.0.1:${address.port}`;
    const results = await Promise.all(
      takers.map(async (id) => {
        const res = await fetch(`${base}/me/swaps/${swap.id}/accept`, { method: 'POST', headers: { authorization: `Bearer ${t.tokens.get(id)}` } });
        return { id, status: res.status, body: (await res.json()) as { status?: string; state?: string } };
      }),
    );
    const wins = results.filter((r) => r.status === 200);
    expect(wins).toHaveLength(1);
    expect(wins[0].body.status).toBe('approved');
    const lost = results.filter((r) => r.status === 409);
    expect(lost).toHaveLength(11);
    for (const r of lost) expect(r.body.state).toBe('taken');
    expect(t.db.select().from(swapTakes).all()).toEqual([expect.objectContaining({ swapId: swap.id, staffId: wins[0].id })]);
    expect(holder(t, place)).toBe(wins[0].id);
    expect(t.db.select().from(assignments).where(eq(assignments.slotId, TUE)).all().filter((a) => a.roleId === 'support')).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('names the field', async () => {
    const t = await setup();
    const res = await t.call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toMatch(/assignmentId/);
    const swapNoColleague = await t.call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: t.id(TUE, 'cat'), forAssignmentId: t.id(WED, 'eve') } });
    expect(swapNoColleague.statusCode).toBe(400);
    expect(swapNoColleague.json().errors[0].path).toBe('body.toStaffId');
    // Someone else's place is not mine to offer.
    expect((await t.call('cat', { method: 'POST', url: '/me/swaps', payload: { assignmentId: t.id(WED, 'eve'), toStaffId: 'fay' } })).statusCode).toBe(404);
    expect((await t.call('manager', { method: 'GET', url: '/me/swaps' })).statusCode).toBe(403);
  });
});

