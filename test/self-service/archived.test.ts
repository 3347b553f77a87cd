// A staff member archived (they left) while self-service business waits on them: as with their
// offers, what is in play closes in the archiving, with the reason and who archived them; they drop
// out of a give-away to anyone while the others may still take it; nobody can offer them anything;
// the league table leaves them out; and the fairness ledger keeps counting an archived template's
// sessions as what they were.
import { afterEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { assignments, auditLog } from '../../src/db/schema/index.ts';
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

const archive = (t: SelfApp, staffId: string) => t.call('manager', { method: 'DELETE', url: `${M}/staff/${staffId}?reason=left the service` });
const mySwap = async (t: SelfApp, who: string, id: string) => (await t.call(who, { method: 'GET', url: '/me/swaps' })).json().find((s: { id: string }) => s.id === id);

describe('archiving a staff member closes their self-service business', () => {
  it('a swap offered to them is refused, a swap they offered is withdrawn; each says why, and the one left waiting is told', async () => {
    const t = await setup();
    const toCal = (await t.call('ann', { method: 'POST', url: '/me/swaps', payload: { assignmentId: t.id(early(0), 'ann'), toStaffId: 'cal' } })).json();
    const fromDee = (await t.call('dee', { method: 'POST', url: '/me/swaps', payload: { assignmentId: t.id(late(4), 'dee'), toStaffId: 'ann' } })).json();
    expect([toCal.status, fromDee.status]).toEqual(['offered', 'offered']);

    const gone = await archive(t, 'dee');
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toMatchObject({ archived: true, heldBy: { swaps: 1 }, revoked: { selfService: 1 } });
    const annSees = await mySwap(t, 'ann', fromDee.id);
    expect(annSees).toMatchObject({ status: 'withdrawn', decisionReason: 'Dee Bank is no longer on the staff (archived)' });
    expect((await t.call('ann', { method: 'POST', url: `/me/swaps/${fromDee.id}/accept` })).statusCode).toBe(409);

    const left = await archive(t, 'cal');
    expect(left.json().revoked.selfService).toBe(1);
    expect(await mySwap(t, 'ann', toCal.id)).toMatchObject({ status: 'refused', decisionReason: 'Cal Bank is no longer on the staff (archived)' });
    // Ann may offer her place again.
    expect((await t.call('ann', { method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: t.id(early(0), 'ann'), toStaffId: 'ben' } })).statusCode).toBe(200);

    // Audited as the manager who archived them, with the reason; the one left waiting is told.
    const audit = t.db.select().from(auditLog).where(eq(auditLog.entityId, toCal.id)).orderBy(asc(auditLog.id)).all();
    expect(audit.map((a) => a.action)).toEqual(['swap.offer', 'swap.refuse']);
    expect(audit[1]).toMatchObject({ actor: expect.stringContaining('manager'), reason: 'Cal Bank is no longer on the staff (archived)' });
    expect(told(t.db)).toEqual(['swap-offered cal', 'swap-offered ann', 'swap-withdrawn ann', 'swap-refused ann']);
  });

  it('an accepted swap whose taker leaves is refused at once, and the place stays', async () => {
    const t = await setup();
    const place = t.id(early(3), 'ann');
    const swap = (await t.call('ann', { method: 'POST', url: '/me/swaps', payload: { assignmentId: place, toStaffId: 'cal' } })).json();
    expect((await t.call('cal', { method: 'POST', url: `/me/swaps/${swap.id}/accept` })).json().status).toBe('accepted');
    await archive(t, 'cal');
    const approve = await t.call('manager', { method: 'POST', url: `${M}/swaps/${swap.id}/approve` });
    expect(approve.statusCode).toBe(409);
    expect(approve.json().message).toMatch(/this is refused/);
    expect(t.db.select().from(assignments).where(eq(assignments.id, place)).get()!.staffId).toBe('ann');
  });

  it('one of the colleagues asked to take a give-away leaves: the others may still take it', async () => {
    const t = await setup();
    const swap = (await t.call('ann', { method: 'POST', url: '/me/swaps', payload: { assignmentId: t.id(early(2), 'ann') } })).json();
    const invited = (await t.call('manager', { method: 'GET', url: `${M}/swaps` })).json()[0].invited.map((p: { staffId: string }) => p.staffId);
    expect(invited.sort()).toEqual(['cal', 'dee']);
    expect((await archive(t, 'dee')).json().revoked.selfService).toBe(0);
    expect((await mySwap(t, 'ann', swap.id)).status).toBe('offered');
    const taken = await t.call('cal', { method: 'POST', url: `/me/swaps/${swap.id}/accept` });
    expect(taken.statusCode, taken.body).toBe(200);
    // When the last one asked leaves instead, the give-away closes (Ann works Wednesday's early and
    // Thursday's at 07:00: only Cal may take Wednesday's late).
    const second = (await t.call('ben', { method: 'POST', url: '/me/swaps', payload: { assignmentId: t.id(late(2), 'ben') } })).json();
    const asked = (await t.call('manager', { method: 'GET', url: `${M}/swaps?status=offered` })).json().find((s: { id: string }) => s.id === second.id).invited;
    expect(asked.map((p: { staffId: string }) => p.staffId)).toEqual(['cal']);
    await archive(t, 'cal');
    expect(await mySwap(t, 'ben', second.id)).toMatchObject({ status: 'declined', decisionReason: 'Cal Bank is no longer on the staff (archived)' });
  });

  it('their requests for open places close and their pending leave and availability requests are withdrawn, with the reason', async () => {
    const t = await setup();
    const open = await t.call('ann', { method: 'POST', url: '/me/open-requests', payload: { rotaId: t.rotaId, slotId: VISIT, roleId: 'rehab' } });
    expect(open.statusCode, open.body).toBe(201);
    const leave = await t.call('ann', { method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'annual', from: '2027-05-03', to: '2027-05-07' } });
    expect(leave.statusCode, leave.body).toBe(201);
    expect((await archive(t, 'ann')).json().revoked.selfService).toBe(2);
    const openNow = (await t.call('manager', { method: 'GET', url: `${M}/open-requests` })).json().find((r: { id: string }) => r.id === open.json().id);
    expect(openNow).toMatchObject({ status: 'closed', decisionReason: 'Ann Early is no longer on the staff (archived)' });
    const leaveNow = (await t.call('manager', { method: 'GET', url: `${M}/requests` })).json().find((r: { id: string }) => r.id === leave.json().id);
    expect(leaveNow).toMatchObject({ status: 'withdrawn', decisionReason: 'Ann Early is no longer on the staff (archived)' });
    // Nothing is left for a manager to approve.
    expect((await t.call('manager', { method: 'POST', url: `${M}/requests/${leave.json().id}/approve` })).statusCode).toBe(409);
    expect((await t.call('manager', { method: 'POST', url: `${M}/open-requests/${open.json().id}/approve` })).statusCode).toBe(409);
  });
});

describe('self-service history keeps a staff member', () => {
  it('one whose only record is a fairness adjustment is archived, not deleted, so the adjustment still names someone', async () => {
    const t = await setup();
    const added = await t.call('manager', { method: 'POST', url: `${M}/staff`, payload: { id: 'eli', name: 'Eli New', kind: 'bank', roles: ['rehab'], costPencePerHour: 1400 } });
    expect(added.statusCode, added.body).toBe(201);
    const adjusted = await t.call('manager', { method: 'POST', url: `${M}/fairness/adjustments`, payload: { staffId: 'eli', category: 'weekends', delta: 5, reason: 'weekends at her last service' } });
    expect(adjusted.statusCode, adjusted.body).toBe(201);
    const removed = await t.call('manager', { method: 'DELETE', url: `${M}/staff/eli` });
    expect(removed.json()).toMatchObject({ deleted: false, archived: true, heldBy: { fairnessAdjustments: 1 } });
  });
});

describe('an archived colleague is out of everything to come', () => {
  it('nobody can offer them a place, they are not among the colleagues listed, and the league table leaves them out', async () => {
    const t = await setup();
    await archive(t, 'dee');
    const place = t.id(early(0), 'ann');
    const offer = await t.call('ann', { method: 'POST', url: '/me/swaps/preview', payload: { assignmentId: place, toStaffId: 'dee' } });
    expect(offer.statusCode).toBe(404);
    const colleagues = (await t.call('ann', { method: 'GET', url: `/me/colleagues?assignmentId=${place}` })).json().map((c: { staffId: string }) => c.staffId);
    expect(colleagues.sort()).toEqual(['ben', 'cal']);
    const league = (await t.call('manager', { method: 'GET', url: `${M}/fairness` })).json().rows.map((r: { staffId: string }) => r.staffId);
    expect(league.sort()).toEqual(['ann', 'ben', 'cal']);
  });
});

describe('the ledger and an archived template', () => {
  it("keeps counting the archived late template's sessions as lates", async () => {
    const t = await setup();
    t.clock.ms = Date.UTC(2027, 3, 20, 9);
    const lates = async () => (await t.call('manager', { method: 'GET', url: `${M}/fairness` })).json().rows.find((r: { staffId: string }) => r.staffId === 'ben').counts.lates;
    expect(await lates()).toBe(4);
    const removed = await t.call('manager', { method: 'DELETE', url: `${M}/templates/late?reason=no more lates` });
    expect(removed.json()).toMatchObject({ archived: true });
    expect(await lates()).toBe(4);
  });
});
