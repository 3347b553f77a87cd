// The self-service rules again in a spring week of another service (British Summer Time, earlies and
// lates at a hub, home visits needing a licence): a swap of two places through approval, a rest
// breach between a late and the next early found before anything is sent, leave asked for and
// approved between a colleague's accept and the manager's approval, the open board with an expired
// licence and automatic approval, and a leave request clashing with a published late.
import { afterEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { assignments, auditLog, swapRequests } from '../../src/db/schema/index.ts';
import { early, HUB, HUB_NOW, HUB_PLACES, HUB_WEEK, hubFile, late, VISIT } from './hub-service.ts';
import { selfApp, told, type SelfApp } from './support.ts';

const apps: SelfApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.app.close();
});
const M = `/services/${HUB}`;

async function setup() {
  const t = await selfApp(hubFile(), HUB_NOW);
  apps.push(t);
  const rota = await t.publishedRota(HUB_PLACES, HUB_WEEK);
  return { ...t, ...rota, id: (slot: string, staff: string) => rota.ids.get(`${slot} ${staff}`)! };
}

function holder(t: SelfApp, assignmentId: number): string | undefined {
  return t.db.select().from(assignments).where(eq(assignments.id, assignmentId)).get()?.staffId;
}

describe('swaps in a spring week', () => {
  it("Ann's Monday early for Ben's Monday late: previewed, offered, accepted, approved; both places change hands and calendars follow", async () => {
    const t = await setup();
    const mine = t.id(early(0), 'ann');
    const theirs = t.id(late(0), 'ben');
    const body = { assignmentId: mine, toStaffId: 'ben', forAssignmentId: theirs };
    const preview = await t.call('ann', { method: 'POST', url: '/me/swaps/preview', payload: body });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ ok: true, kind: 'swap', breaches: [] });
    const offered = await t.call('ann', { method: 'POST', url: '/me/swaps', payload: body });
    expect(offered.statusCode, offered.body).toBe(201);
    const swap = offered.json();
    expect(swap).toMatchObject({ kind: 'swap', place: { slotId: early(0) }, inReturn: { slotId: late(0), assignmentId: theirs } });
    expect((await t.call('ben', { method: 'POST', url: `/me/swaps/${swap.id}/accept` })).json().status).toBe('accepted');
    // Nothing moves before the manager approves.
    expect([holder(t, mine), holder(t, theirs)]).toEqual(['ann', 'ben']);
    const approved = await t.call('manager', { method: 'POST', url: `${M}/swaps/${swap.id}/approve`, payload: { reason: 'both agreed' } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect([holder(t, mine), holder(t, theirs)]).toEqual(['ben', 'ann']);
    // Local (BST) times in each calendar: Ann now works Monday 14:00, Ben Monday 07:00.
    const annCal = (await t.call('ann', { method: 'GET', url: '/me/calendar.ics' })).body;
    expect(annCal).toContain('DTSTART;TZID=Europe/London:20270412T140000');
    expect(annCal).not.toContain('DTSTART;TZID=Europe/London:20270412T070000');
    expect((await t.call('ben', { method: 'GET', url: '/me/calendar.ics' })).body).toContain('DTSTART;TZID=Europe/London:20270412T070000');
    const actions = t.db.select().from(auditLog).where(eq(auditLog.entityId, swap.id)).orderBy(asc(auditLog.id)).all().map((a) => a.action);
    expect(actions).toEqual(['swap.offer', 'swap.accept', 'swap.approve']);
  });

  it("Ben's Tuesday late to Ann, who works Wednesday's early: only 9 hours' rest, refused before anything is sent", async () => {
    const t = await setup();
    const body = { assignmentId: t.id(late(1), 'ben'), toStaffId: 'ann' };
    const preview = (await t.call('ben', { method: 'POST', url: '/me/swaps/preview', payload: body })).json();
    expect(preview.ok).toBe(false);
    // Ann's breach, told to Ben by rule only.
    expect(preview.breaches).toEqual(['Ann Early: breaks the rule "at least the worker\'s minimum rest (11 hours by default rules) in every 24 hours"']);
    const sent = await t.call('ben', { method: 'POST', url: '/me/swaps', payload: body });
    expect(sent.statusCode).toBe(409);
    expect(t.db.select().from(swapRequests).all()).toEqual([]);
    // Thursday's late to Cal, who works Friday's early (07:00, 9 hours after 22:00): the same rule.
    const toCal = (await t.call('ben', { method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: t.id(late(3), 'ben'), toStaffId: 'cal' } })).json();
    expect(toCal.breaches).toEqual(['Cal Bank: breaks the rule "at least the worker\'s minimum rest (11 hours by default rules) in every 24 hours"']);
    // Tuesday's late to Dee, who works only Friday's late: fine.
    const toDee = (await t.call('ben', { method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: t.id(late(1), 'ben'), toStaffId: 'dee' } })).json();
    expect(toDee).toMatchObject({ ok: true, breaches: [] });
  });

  it('leave asked for and approved after the colleague accepted: the swap is refused at approval with the reason', async () => {
    const t = await setup();
    const place = t.id(early(3), 'ann');
    const swap = (await t.call('ann', { method: 'POST', url: '/me/swaps', payload: { assignmentId: place, toStaffId: 'cal' } })).json();
    expect((await t.call('cal', { method: 'POST', url: `/me/swaps/${swap.id}/accept` })).json().status).toBe('accepted');
    const asked = await t.call('cal', { method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'training', from: '2027-04-15', to: '2027-04-15', note: 'first aid course' } });
    expect(asked.statusCode, asked.body).toBe(201);
    const granted = await t.call('manager', { method: 'POST', url: `${M}/requests/${asked.json().id}/approve` });
    expect(granted.statusCode, granted.body).toBe(200);
    const approve = await t.call('manager', { method: 'POST', url: `${M}/swaps/${swap.id}/approve` });
    expect(approve.statusCode).toBe(409);
    expect(approve.json().message).toMatch(/^refused: it now breaks a hard rule: Cal Bank: on training for 8 h of Thu 15 Apr early 07:00-15:00 at Hub$/);
    expect(holder(t, place)).toBe('ann');
    // Ann reads that it could not go ahead, without Cal's reason for being away.
    const annSees = (await t.call('ann', { method: 'GET', url: '/me/swaps' })).json()[0];
    expect(annSees.status).toBe('refused');
  });
});

describe('the open board in a spring week', () => {
  it('home visits need a licence: shown to Ann (licensed, free), not to Dee (lapsed on 10 April) nor Ben (none); the service gives it to the first eligible request', async () => {
    const t = await setup();
    const board = async (who: string) => (await t.call(who, { method: 'GET', url: '/me/open-sessions' })).json().map((p: { slotId: string }) => p.slotId);
    expect(await board('ann')).toContain(VISIT);
    expect(await board('dee')).not.toContain(VISIT);
    expect(await board('ben')).not.toContain(VISIT);
    // Cal works Tuesday's early (07:00-15:00): the visits overlap it.
    expect(await board('cal')).not.toContain(VISIT);
    // Dee asking anyway is refused with the rule.
    const dee = await t.call('dee', { method: 'POST', url: '/me/open-requests', payload: { rotaId: t.rotaId, slotId: VISIT, roleId: 'rehab' } });
    expect(dee.statusCode).toBe(409);
    expect(dee.json().message).toMatch(/Dee Bank: Full driving licence expired on Sat 10 Apr/);

    await t.call('manager', { method: 'PUT', url: `${M}/self-service-settings`, payload: { openAutoApprove: true } });
    const ann = await t.call('ann', { method: 'POST', url: '/me/open-requests', payload: { rotaId: t.rotaId, slotId: VISIT, roleId: 'rehab' } });
    expect(ann.statusCode, ann.body).toBe(201);
    expect(ann.json()).toMatchObject({ status: 'approved', autoApproved: true });
    expect(holder(t, ann.json().assignmentId)).toBe('ann');
    expect(await board('ann')).not.toContain(VISIT);
  });
});

describe('a leave request in a spring week', () => {
  it("Ben's annual leave on Thursday: approved, his published late flagged with the cheapest cover", async () => {
    const t = await setup();
    const asked = await t.call('ben', { method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'annual', from: '2027-04-15', to: '2027-04-15' } });
    expect(asked.statusCode, asked.body).toBe(201);
    const approved = await t.call('manager', { method: 'POST', url: `${M}/requests/${asked.json().id}/approve`, payload: { reason: 'enjoy it' } });
    expect(approved.statusCode, approved.body).toBe(200);
    const clashes = approved.json().clashes;
    expect(clashes).toHaveLength(1);
    expect(clashes[0]).toMatchObject({ assignmentId: t.id(late(3), 'ben'), slotId: late(3) });
    expect(clashes[0].breach).toMatch(/^Ben Late: on leave for 8 h of Thu 15 Apr late 14:00-22:00 at Hub$/);
    // The late keeps its minimum only if someone else covers it: the move adds one of the others.
    expect(clashes[0].cover).not.toBeNull();
    const added = clashes[0].cover.add.map((a: { workerId: string; slotId: string }) => `${a.slotId} ${a.workerId}`);
    expect(added.some((a: string) => a.startsWith(`${late(3)} `) && !a.endsWith(' ben'))).toBe(true);
    // Ben is told it was approved; the managers are told of the clash.
    expect(told(t.db)).toEqual(['request-made managers', 'request-approved ben', 'leave-clash managers']);
  });
});

describe('messages go through the notifications outbox', () => {
  it('to the address on file, to each manager who signs in by email, and as no-address for someone without one', async () => {
    const t = await setup();
    const mo = await t.call('manager', { method: 'POST', url: '/users', payload: { email: 'mo@example.org', name: 'Mo Manager', role: 'manager' } });
    expect(mo.statusCode, mo.body).toBe(201);
    const swap = (await t.call('ann', { method: 'POST', url: '/me/swaps', payload: { assignmentId: t.id(early(3), 'ann'), toStaffId: 'cal' } })).json();
    await t.call('cal', { method: 'POST', url: `/me/swaps/${swap.id}/accept` });
    const asked = (await t.call('ben', { method: 'POST', url: '/me/requests', payload: { kind: 'unavailable', from: '2027-04-20', to: '2027-04-20', startTime: '09:00', endTime: '12:00' } })).json();
    await t.call('manager', { method: 'POST', url: `${M}/requests/${asked.id}/decline`, payload: { reason: 'the team meeting is that morning' } });

    const outbox = await t.call('manager', { method: 'GET', url: '/outbox' });
    expect(outbox.statusCode, outbox.body).toBe(200);
    const messages = [...outbox.json().messages].reverse() as { kind: string; staffId: string | null; toAddress: string | null; status: string; subject: string; bodyText: string }[];
    expect(messages.map((m) => [m.kind, m.staffId, m.toAddress, m.status])).toEqual([
      ['swap-offered', 'cal', 'cal@example.org', 'queued'],
      ['swap-accepted', 'ann', 'ann@example.org', 'queued'],
      ['swap-accepted', null, 'mo@example.org', 'queued'],
      ['request-made', null, 'mo@example.org', 'queued'],
      ['request-declined', 'ben', null, 'no-address'],
    ]);
    expect(messages[0].subject).toBe('Ann Early offers you a shift');
    expect(messages[0].bodyText).toContain('Hello Cal Bank,');
    expect(messages[0].bodyText).toContain('Test Hub: Ann Early offers you Thu 15 Apr early 07:00-15:00 at Hub.');
    expect(messages[0].bodyText).toContain('http://localhost:3000/my');
    expect(messages[2].bodyText).toContain('Hello Mo Manager,');
    expect(messages[2].bodyText).toContain('http://localhost:3000/manage');
    expect(messages[4].bodyText).toContain('is declined: the team meeting is that morning');
  });
});
