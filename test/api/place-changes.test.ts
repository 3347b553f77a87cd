// Several places changed as one (POST /rotas/:id/changes): a dry run shows the hard rules a change
// breaks and saves nothing; saving it is refused with the same rules unless overridden with a reason
// (recorded); a swap is judged whole, so it goes through where its first half alone is refused.
// A two-shift service of its own (day 09:00-16:30, late 15:00-22:30) in a January week.
import { afterEach, describe, expect, it } from 'vitest';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';
import { testApp, type TestApp } from './helpers/app.ts';

const SERVICE = 'two-shifts';
const WEEK = '2027-01-11';
const MON_DAY = 'day@2027-01-11';
const MON_LATE = 'late@2027-01-11';
const TUE_DAY = 'day@2027-01-12';
const OVERRIDE_REASON = 'no one else can cover; agreed with them';

function service(): ServiceFile {
  const hca = (id: string, name: string) => ({
    id,
    name,
    kind: 'contracted' as const,
    contractMinutesPerWeek: 450,
    roles: ['hca'],
    skills: [],
    costPencePerHour: 1200,
  });
  const demand = [{ roleId: 'hca', min: 1, preferred: 1, max: 1 }];
  return {
    formatVersion: 1,
    organisation: { id: SERVICE, name: 'Two shifts' },
    timeZone: 'Europe/London',
    sites: [{ id: 'base', name: 'Base' }],
    roles: [{ id: 'hca', name: 'Healthcare assistant' }],
    skills: [],
    staff: [hca('xena', 'Xena Day'), hca('yusuf', 'Yusuf Late'), hca('zara', 'Zara Next')],
    templates: [
      { id: 'day', name: 'Day', kind: 'day', siteId: 'base', startTime: '09:00', endTime: '16:30', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU', breaks: [{ minutes: 30, paid: true }], demand },
      { id: 'late', name: 'Late', kind: 'late', siteId: 'base', startTime: '15:00', endTime: '22:30', rrule: 'FREQ=WEEKLY;BYDAY=MO', breaks: [{ minutes: 30, paid: true }], demand },
    ],
    rules: { minRestMinutes: 660 },
  } as ServiceFile;
}

interface Assignment {
  id: number;
  slotId: string;
  roleId: string;
  staffId: string;
  overridden: boolean;
  note: string | null;
}

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

async function planned() {
  const t = await testApp();
  open.push(t);
  upsertServiceFile(t.db, service(), '2027-01-01T00:00:00.000Z');
  const made = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: WEEK, seed: 4 } });
  expect(made.statusCode, made.body).toBe(202);
  await t.app.ctx.rotas.idle();
  const id = made.json().id as string;
  const read = async () => (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json() as Promise<{ assignments: Assignment[]; status: string }>;
  const rota = await read();
  expect(rota.status).toBe('done');
  const at = (slotId: string) => rota.assignments.find((a) => a.slotId === slotId)!;
  // One shift each (450-minute contracts): three different workers.
  expect(new Set([MON_DAY, MON_LATE, TUE_DAY].map((s) => at(s).staffId)).size).toBe(3);
  const changes = (payload: Record<string, unknown>) => t.call('manager', { method: 'POST', url: `/rotas/${id}/changes`, payload });
  const audit = async () => (await t.call('manager', { method: 'GET', url: `/audit?entity=rota&entityId=${id}` })).json() as { action: string; reason: string | null }[];
  return { t, id, read, at, changes, audit };
}

describe('changing places as one', () => {
  it('a dry run names the rest rule a change breaks and saves nothing; saving is refused with the same words; an override with a reason saves it', async () => {
    const { read, at, changes, audit } = await planned();
    const late = at(MON_LATE);
    const tue = at(TUE_DAY);
    // The Monday late worker also on Tuesday's day shift: 22:30 to 09:00 is 10 h 30 min of rest.
    const change = { remove: [tue.id], add: [{ slotId: TUE_DAY, roleId: 'hca', staffId: late.staffId }], reason: 'cover Tuesday' };
    const before = await read();
    const dry = await changes({ ...change, dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, applied: false, removed: [], added: [] });
    const breaches = dry.json().breaches as string[];
    const names: Record<string, string> = { xena: 'Xena Day', yusuf: 'Yusuf Late', zara: 'Zara Next' };
    expect(breaches.filter((b) => /rest/i.test(b) && b.includes(names[late.staffId]))).toHaveLength(1);
    expect(dry.json().refusal).toContain('this change breaks a hard rule');
    expect((await read()).assignments).toEqual(before.assignments);
    expect((await audit()).some((e) => e.action.startsWith('rota.changes'))).toBe(false);

    const refused = await changes(change);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().breaches).toEqual(breaches);
    expect(refused.json().message).toBe(dry.json().refusal);
    expect((await read()).assignments).toEqual(before.assignments);

    const made = await changes({ ...change, override: true, reason: OVERRIDE_REASON });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({ dryRun: false, applied: true, breaches, removed: [tue.id] });
    const after = await read();
    const held = after.assignments.filter((a) => a.slotId === TUE_DAY);
    expect(held).toEqual([expect.objectContaining({ staffId: late.staffId, overridden: true, note: OVERRIDE_REASON })]);
    expect(after.assignments.some((a) => a.id === tue.id)).toBe(false);
    expect((await audit()).find((e) => e.action === 'rota.changes.override')).toMatchObject({ reason: OVERRIDE_REASON });
  }, 60_000);

  it('a swap is judged whole: the half of it alone is refused (the worker would hold both shifts), the whole goes through without override', async () => {
    const { t, id, read, at, changes } = await planned();
    const day = at(MON_DAY);
    const late = at(MON_LATE);
    const half = await t.call('manager', { method: 'PATCH', url: `/rotas/${id}/assignments/${day.id}`, payload: { staffId: late.staffId, reason: 'swap' } });
    expect(half.statusCode).toBe(409);
    const swap = await changes({
      remove: [day.id, late.id],
      add: [
        { slotId: MON_DAY, roleId: 'hca', staffId: late.staffId },
        { slotId: MON_LATE, roleId: 'hca', staffId: day.staffId },
      ],
      reason: 'they asked to swap',
    });
    expect(swap.statusCode, swap.body).toBe(200);
    expect(swap.json()).toMatchObject({ applied: true, breaches: [] });
    const after = await read();
    expect(after.assignments.find((a) => a.slotId === MON_DAY)).toMatchObject({ staffId: late.staffId, overridden: false });
    expect(after.assignments.find((a) => a.slotId === MON_LATE)).toMatchObject({ staffId: day.staffId, overridden: false });
  }, 60_000);

  it('refuses an empty change, an unknown place, a role the session lacks and a worker twice in one session, naming the field', async () => {
    const { at, changes } = await planned();
    const empty = await changes({ reason: 'nothing' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([{ path: 'body', message: 'needs at least one place in remove or add' }]);
    expect((await changes({ remove: [999999], reason: 'x' })).statusCode).toBe(404);
    const role = await changes({ add: [{ slotId: MON_DAY, roleId: 'nope', staffId: 'xena' }], reason: 'x' });
    expect(role.statusCode).toBe(400);
    expect(role.json().errors[0].path).toBe('body.add[0].roleId');
    const twice = await changes({ add: [{ slotId: MON_DAY, roleId: 'hca', staffId: at(MON_DAY).staffId }], reason: 'x', dryRun: true });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toMatch(/already works in/);
    const noReason = await changes({ remove: [at(MON_DAY).id] });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('body.reason');
  }, 60_000);
});
