// The lasting flag on published places that clash with approved leave: listed for the managers at
// every read with the cheapest cover, for as long as the worker on leave still holds the place; gone
// once the place is given to someone else or the leave no longer overlaps it. In a January week (not
// the example week), with the clock in December.
import { afterEach, describe, expect, it } from 'vitest';
import { selfApp, SERVICE, type SelfApp } from './support.ts';

const apps: SelfApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.app.close();
});

const M = `/services/${SERVICE}`;
const JAN = '2027-01-11';
/** Lead and support at each January drop-in (Tue-Fri 17:30-00:30). */
const JAN_PLACES: [string, string, string][] = [
  ['drop-in@2027-01-12', 'lead', 'ann'],
  ['drop-in@2027-01-12', 'support', 'cat'],
  ['drop-in@2027-01-13', 'lead', 'ann'],
  ['drop-in@2027-01-13', 'support', 'eve'],
  ['drop-in@2027-01-14', 'lead', 'bob'],
  ['drop-in@2027-01-14', 'support', 'cat'],
  ['drop-in@2027-01-15', 'lead', 'bob'],
  ['drop-in@2027-01-15', 'support', 'eve'],
];

interface Clash {
  assignmentId: number;
  rotaId: string;
  weekStart: string;
  slotId: string;
  roleId: string;
  staffId: string;
  name: string;
  breach: string;
  cover: { words: string; remove: { slotId: string; roleId: string; workerId: string }[]; add: { slotId: string; roleId: string; workerId: string }[] } | null;
  coverNote: string | null;
  leave: { id: string; kind: string; from: string; to: string; startTime: string | null; endTime: string | null; requestId: string | null };
}

async function setup() {
  const t = await selfApp();
  apps.push(t);
  const rota = await t.publishedRota(JAN_PLACES, JAN);
  const clashes = async (query = ''): Promise<{ clashes: Clash[]; notExamined: number }> => {
    const res = await t.call('manager', { method: 'GET', url: `${M}/leave-clashes${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const approvedLeave = async (who: string, payload: object) => {
    const asked = await t.call(who, { method: 'POST', url: '/me/requests', payload });
    expect(asked.statusCode, asked.body).toBe(201);
    const approved = await t.call('manager', { method: 'POST', url: `${M}/requests/${asked.json().id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
    return approved.json() as { id: string; absenceId: string };
  };
  return { ...t, ...rota, clashes, approvedLeave };
}

describe('published places that clash with approved leave, computed at each read', () => {
  it('lists the place with its cover until the place is given to another worker', async () => {
    const t = await setup();
    expect((await t.clashes()).clashes).toEqual([]);
    const request = await t.approvedLeave('cat', { kind: 'leave', leaveKind: 'annual', from: '2027-01-14', to: '2027-01-14' });

    // Read again later (not the answer to the approval): Thursday's support place is still Cat's.
    const { clashes, notExamined } = await t.clashes();
    expect(notExamined).toBe(0);
    expect(clashes).toHaveLength(1);
    const clash = clashes[0];
    expect(clash).toMatchObject({
      assignmentId: t.ids.get('drop-in@2027-01-14 cat'),
      rotaId: t.rotaId,
      weekStart: JAN,
      slotId: 'drop-in@2027-01-14',
      roleId: 'support',
      staffId: 'cat',
      name: 'Cat Support',
      leave: { id: request.absenceId, kind: 'leave', from: '2027-01-14', to: '2027-01-14', startTime: null, endTime: null, requestId: request.id },
    });
    // The leave ends at midnight: 17:30-24:00 of the session.
    expect(clash.breach).toMatch(/^Cat Support: on leave for 6 h 30 min of Thu 14 Jan drop-in 17:30-00:30/);
    // The cover puts a colleague free that night within every rule: Ann, Eve or Dan (not Fay, whose
    // safeguarding ran out in December, nor Bob, who leads that night already).
    expect(clash.cover).not.toBeNull();
    expect(clash.cover!.add).toEqual(expect.arrayContaining([expect.objectContaining({ slotId: 'drop-in@2027-01-14', roleId: 'support' })]));
    const coverer = clash.cover!.add.find((a) => a.slotId === 'drop-in@2027-01-14' && a.roleId === 'support')!.workerId;
    expect(['ann', 'eve', 'dan']).toContain(coverer);
    // Narrowed to the rota: the same; another rota's (the example week's, no leave there): none.
    expect((await t.clashes(`?rotaId=${t.rotaId}`)).clashes.map((c) => c.assignmentId)).toEqual([clash.assignmentId]);
    const other = await t.publishedRota([['drop-in@2026-12-10', 'support', 'cat']]);
    expect((await t.clashes(`?rotaId=${other.rotaId}`)).clashes).toEqual([]);
    expect((await t.call('manager', { method: 'GET', url: `${M}/leave-clashes?rotaId=nope` })).statusCode).toBe(404);

    // The manager gives the place to the colleague proposed: no longer listed.
    const given = await t.call('manager', { method: 'PATCH', url: `/rotas/${t.rotaId}/assignments/${clash.assignmentId}`, payload: { staffId: coverer, reason: 'covering Cat\'s leave' } });
    expect(given.statusCode, given.body).toBe(200);
    expect((await t.clashes()).clashes).toEqual([]);
  });

  it('no longer lists the place once the leave is changed to end before it', async () => {
    const t = await setup();
    // Bob's unavailability on Friday 15th from 12:00 to 20:00 overlaps his lead place (17:30-00:30).
    const request = await t.approvedLeave('bob', { kind: 'unavailable', from: '2027-01-15', to: '2027-01-15', startTime: '12:00', endTime: '20:00' });
    const before = (await t.clashes()).clashes;
    expect(before.map((c) => [c.slotId, c.roleId, c.staffId, c.leave.requestId])).toEqual([['drop-in@2027-01-15', 'lead', 'bob', request.id]]);
    expect(before[0].leave).toMatchObject({ kind: 'other', startTime: '12:00', endTime: '20:00' });
    // The manager changes it to end at 17:00, before the drop-in starts.
    const leave = (await t.call('manager', { method: 'GET', url: `${M}/staff/bob/leave` })).json() as { id: string }[];
    const mine = leave.find((l) => l.id === request.absenceId)!;
    const changed = await t.call('manager', { method: 'PUT', url: `${M}/staff/bob/leave/${mine.id}`, payload: { ...mine, endTime: '17:00' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await t.clashes()).clashes).toEqual([]);
  });

  it('leave that has ended, or places that have started, are not listed', async () => {
    const t = await setup();
    await t.approvedLeave('eve', { kind: 'leave', leaveKind: 'training', from: '2027-01-13', to: '2027-01-13' });
    expect((await t.clashes()).clashes.map((c) => c.slotId)).toEqual(['drop-in@2027-01-13']);
    // The clock passes the start of Wednesday's drop-in: nothing left to change.
    t.clock.ms = Date.UTC(2027, 0, 13, 18);
    expect((await t.clashes()).clashes).toEqual([]);
  });

  it('is for managers only: a worker is refused', async () => {
    const t = await setup();
    await t.approvedLeave('cat', { kind: 'leave', leaveKind: 'annual', from: '2027-01-12', to: '2027-01-12' });
    expect((await t.call('cat', { method: 'GET', url: `${M}/leave-clashes` })).statusCode).toBe(403);
    expect((await t.call('eve', { method: 'GET', url: `${M}/leave-clashes` })).statusCode).toBe(403);
    expect((await t.call('manager', { method: 'GET', url: '/services/no-such-service/leave-clashes' })).statusCode).toBe(404);
  });
});
