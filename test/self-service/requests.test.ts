// Leave and availability requests through the API: a worker asks from the phone, a manager approves
// or declines with a reason; approved leave becomes an absence the next solve respects, and the
// published places it now clashes with are flagged with the cheapest cover found.
import { afterEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog } from '../../src/db/schema/index.ts';
import { selfApp, SERVICE, told, WEEK_PLACES, type SelfApp } from './support.ts';

const apps: SelfApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.app.close();
});
async function setup(places = WEEK_PLACES) {
  const t = await selfApp();
  apps.push(t);
  return { ...t, ...(await t.publishedRota(places)) };
}
const M = `/services/${SERVICE}`;
const THU = 'drop-in@2026-12-10';

describe('leave requests', () => {
  it('annual leave approved: an absence, and the published place it clashes with flagged with the cheapest cover', async () => {
    const t = await setup();
    const asked = await t.call('cat', { method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'annual', from: '2026-12-10', to: '2026-12-10', note: 'a wedding' } });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ kind: 'leave', leaveKind: 'annual', status: 'pending', note: 'a wedding' });
    expect(asked.json().clashes).toBeUndefined();
    const pending = (await t.call('manager', { method: 'GET', url: `${M}/requests?status=pending` })).json();
    expect(pending.map((r: { id: string }) => r.id)).toEqual([asked.json().id]);

    const approved = await t.call('manager', { method: 'POST', url: `${M}/requests/${asked.json().id}/approve`, payload: { reason: 'enjoy it' } });
    expect(approved.statusCode, approved.body).toBe(200);
    const body = approved.json();
    expect(body).toMatchObject({ status: 'approved', decisionReason: 'enjoy it', absenceId: expect.any(String) });
    // The absence is the staff member's, approved by the manager.
    const leave = (await t.call('manager', { method: 'GET', url: `${M}/staff/cat/leave` })).json();
    expect(leave).toEqual([expect.objectContaining({ id: body.absenceId, kind: 'leave', from: '2026-12-10', to: '2026-12-10', approvedBy: expect.stringContaining('manager') })]);
    // Thursday's drop-in, published with Cat, now clashes; the cover proposed puts a colleague free
    // that night within every rule there (Ann or Eve; not Fay, whose safeguarding has run out, nor
    // Dan, unavailable on the 10th), perhaps moving one and back-filling, and mends the place short
    // of its minimum.
    expect(body.clashes).toHaveLength(1);
    const clash = body.clashes[0];
    expect(clash).toMatchObject({ slotId: THU, roleId: 'support', assignmentId: t.ids.get(`${THU} cat`) });
    expect(clash.breach).toMatch(/^Cat Support: on leave for 6 h 30 min of Thu 10 Dec drop-in/);
    expect(clash.cover.words).toMatch(/(Ann Lead|Eve Support)/);
    expect(clash.cover.add).toEqual(expect.arrayContaining([expect.objectContaining({ slotId: THU, roleId: 'support', workerId: expect.stringMatching(/^(ann|eve)$/) })]));
    expect(clash.cover.delta.hard).toBeLessThan(0);
    // Cat sees her answer, not the cover planning.
    const mine = (await t.call('cat', { method: 'GET', url: '/me/requests' })).json();
    expect(mine[0]).toMatchObject({ status: 'approved', decisionReason: 'enjoy it' });
    expect(mine[0].clashes).toBeUndefined();
    const actions = t.db.select().from(auditLog).orderBy(asc(auditLog.id)).all().map((a) => a.action);
    expect(actions).toEqual(['request.leave', 'leave.create', 'request.approve']);
    // The managers were told of the request and of the clash; Cat of the answer (the outbox).
    expect(told(t.db)).toEqual(['request-made managers', 'request-approved cat', 'leave-clash managers']);
  });

  it('approved leave feeds the next solve', async () => {
    const t = await setup();
    const before = t.app.ctx.rotas.compileFor(SERVICE, '2026-12-14').problem.workers.find((w) => w.id === 'cat')!;
    expect(before.unavailability).toEqual([]);
    const asked = (await t.call('cat', { method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'training', from: '2026-12-15', to: '2026-12-16' } })).json();
    await t.call('manager', { method: 'POST', url: `${M}/requests/${asked.id}/approve` });
    const after = t.app.ctx.rotas.compileFor(SERVICE, '2026-12-14').problem.workers.find((w) => w.id === 'cat')!;
    expect(after.unavailability).toEqual([{ startMin: Date.UTC(2026, 11, 15) / 60000, endMin: Date.UTC(2026, 11, 17) / 60000, reason: 'training' }]);
    const created = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: '2026-12-14', seed: 3 } });
    await t.app.ctx.rotas.idle();
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${created.json().id}` })).json();
    expect(rota.status).toBe('done');
    const cats = rota.assignments.filter((a: { staffId: string; slotId: string }) => a.staffId === 'cat').map((a: { slotId: string }) => a.slotId);
    expect(cats).not.toContain('drop-in@2026-12-15');
    expect(cats).not.toContain('drop-in@2026-12-16');
  });

  it('declined with a reason (required), which the worker reads; withdrawn by the worker', async () => {
    const t = await setup();
    const a = (await t.call('eve', { method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'other', from: '2026-12-11', to: '2026-12-11' } })).json();
    expect((await t.call('manager', { method: 'POST', url: `${M}/requests/${a.id}/decline`, payload: {} })).statusCode).toBe(400);
    const declined = await t.call('manager', { method: 'POST', url: `${M}/requests/${a.id}/decline`, payload: { reason: 'two others are off that day' } });
    expect(declined.json()).toMatchObject({ status: 'declined', decisionReason: 'two others are off that day' });
    expect((await t.call('eve', { method: 'GET', url: '/me/requests' })).json()[0].decisionReason).toBe('two others are off that day');
    expect((await t.call('manager', { method: 'POST', url: `${M}/requests/${a.id}/approve` })).statusCode).toBe(409);
    expect((await t.call('manager', { method: 'GET', url: `${M}/staff/eve/leave` })).json()).toEqual([]);
    const b = (await t.call('eve', { method: 'POST', url: '/me/requests', payload: { kind: 'unavailable', from: '2026-12-12', to: '2026-12-12' } })).json();
    expect((await t.call('cat', { method: 'POST', url: `/me/requests/${b.id}/withdraw` })).statusCode).toBe(404);
    expect((await t.call('eve', { method: 'POST', url: `/me/requests/${b.id}/withdraw` })).json().status).toBe('withdrawn');
  });
});

describe('availability and unavailability requests', () => {
  it('new recurring availability replaces the old; a published place outside it is flagged', async () => {
    // Dan (bank) holds Tuesday's support place; he asks to work weekdays 09:00-17:00 only.
    const t = await setup(WEEK_PLACES.map(([s, r, w]) => (s === 'drop-in@2026-12-08' && r === 'support' ? [s, r, 'dan'] : [s, r, w])));
    const windows = [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', startTime: '09:00', endTime: '17:00' }];
    const asked = await t.call('dan', { method: 'POST', url: '/me/requests', payload: { kind: 'availability', availability: { windows } } });
    expect(asked.statusCode, asked.body).toBe(201);
    const approved = (await t.call('manager', { method: 'POST', url: `${M}/requests/${asked.json().id}/approve` })).json();
    expect((await t.call('manager', { method: 'GET', url: `${M}/staff/dan/availability` })).json()).toEqual({ windows });
    expect(approved.clashes).toHaveLength(1);
    expect(approved.clashes[0]).toMatchObject({ slotId: 'drop-in@2026-12-08', roleId: 'support' });
    expect(approved.clashes[0].breach).toMatch(/^Dan Bank: not available for 7 h of Tue 8 Dec drop-in/);
  });

  it('a one-off unavailability becomes an absence of its hours', async () => {
    const t = await setup();
    const asked = (await t.call('eve', { method: 'POST', url: '/me/requests', payload: { kind: 'unavailable', from: '2026-12-11', to: '2026-12-11', startTime: '20:00', endTime: '23:00' } })).json();
    const approved = (await t.call('manager', { method: 'POST', url: `${M}/requests/${asked.id}/approve` })).json();
    const leave = (await t.call('manager', { method: 'GET', url: `${M}/staff/eve/leave` })).json();
    expect(leave).toEqual([expect.objectContaining({ kind: 'other', from: '2026-12-11', to: '2026-12-11', startTime: '20:00', endTime: '23:00' })]);
    expect(approved.clashes.map((c: { slotId: string }) => c.slotId)).toEqual(['drop-in@2026-12-11']);
  });

  it('bad requests name the field; nothing is stored', async () => {
    const t = await setup();
    const ask = (payload: unknown) => t.call('cat', { method: 'POST', url: '/me/requests', payload: payload as object });
    const backwards = await ask({ kind: 'leave', leaveKind: 'annual', from: '2026-12-12', to: '2026-12-10' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors).toEqual([{ path: 'body.to', message: 'must not be before from (2026-12-12)' }]);
    const past = await ask({ kind: 'leave', leaveKind: 'annual', from: '2026-11-02', to: '2026-11-03' });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].path).toBe('body.to');
    const noKind = await ask({ kind: 'leave', from: '2026-12-12', to: '2026-12-12' });
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().errors[0].path).toBe('body.leaveKind');
    const badRule = await ask({ kind: 'availability', availability: { windows: [{ rrule: 'FREQ=SOMETIMES', startTime: '09:00', endTime: '17:00' }] } });
    expect(badRule.statusCode).toBe(400);
    expect(badRule.json().errors[0].path).toMatch(/^body\.availability\.windows\[0\]\.rrule/);
    expect((await t.call('manager', { method: 'GET', url: `${M}/requests` })).json()).toEqual([]);
    expect((await t.call('manager', { method: 'POST', url: '/me/requests', payload: { kind: 'unavailable', from: '2026-12-12', to: '2026-12-12' } })).statusCode).toBe(403);
  });
});

describe('every request and answer is audited with who and why', () => {
  it('names the worker asking and the manager answering', async () => {
    const t = await setup();
    const a = (await t.call('eve', { method: 'POST', url: '/me/requests', payload: { kind: 'leave', leaveKind: 'annual', from: '2026-12-20', to: '2026-12-20', note: 'family' } })).json();
    await t.call('manager', { method: 'POST', url: `${M}/requests/${a.id}/decline`, payload: { reason: 'short-staffed' } });
    const rows = t.db.select().from(auditLog).where(eq(auditLog.entityId, a.id)).orderBy(asc(auditLog.id)).all();
    expect(rows.map((r) => [r.action, r.reason])).toEqual([
      ['request.leave', 'family'],
      ['request.decline', 'short-staffed'],
    ]);
    expect(rows[0].actor).toContain('eve');
    expect(rows[1].actor).toContain('manager');
  });
});
