// The fairness ledger through the API: counted from published rotas over a rolling twelve months
// (weekends, bank holidays, lates, nights, Christmas/New Year), a manager's league table with
// adjustments and resets (audited, with a reason), a worker's own position with an anonymised
// spread, and the solver balancing against it.
import { afterEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog } from '../../src/db/schema/index.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';
import { selfApp, SERVICE, type SelfApp } from './support.ts';

const apps: SelfApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.app.close();
});
const M = `/services/${SERVICE}`;

/** Two support workers (Ann cheaper than Bea) and three office staff, with a week of varied sessions. */
function fairnessFile(): ServiceFile {
  const office = (id: string, name: string) => ({ id, name, kind: 'contracted' as const, roles: ['office'], costPencePerHour: 1000 });
  return {
    formatVersion: 1,
    organisation: { id: SERVICE, name: 'Fair Service' },
    timeZone: 'Europe/London',
    sites: [{ id: 'hub', name: 'Hub' }],
    roles: [
      { id: 'support', name: 'Support worker' },
      { id: 'office', name: 'Office' },
    ],
    skills: [],
    staff: [
      { id: 'ann', name: 'Ann Able', kind: 'bank', roles: ['support'], costPencePerHour: 1000 },
      { id: 'bea', name: 'Bea Bright', kind: 'bank', roles: ['support'], costPencePerHour: 2000 },
      office('cy', 'Cy Clerk'),
      office('di', 'Di Desk'),
      office('ed', 'Ed Entry'),
    ],
    templates: [
      { id: 'night', name: 'Night', kind: 'night', siteId: 'hub', startTime: '22:00', endTime: '07:00', rrule: 'FREQ=WEEKLY;BYDAY=WE', breaks: [{ minutes: 20, paid: true }], demand: [{ roleId: 'support', min: 0, preferred: 1, max: 1 }] },
      { id: 'evening', name: 'Evening', kind: 'evening', siteId: 'hub', startTime: '17:00', endTime: '22:00', rrule: 'FREQ=WEEKLY;BYDAY=TH', tags: ['late'], demand: [{ roleId: 'support', min: 0, preferred: 1, max: 1 }] },
      { id: 'day', name: 'Day', kind: 'day', siteId: 'hub', startTime: '09:00', endTime: '17:00', rrule: 'FREQ=WEEKLY;BYDAY=FR,SA', breaks: [{ minutes: 20, paid: true }], demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1 }] },
    ],
    rules: { minRestMinutes: 660 },
  };
}

async function setup() {
  const t = await selfApp(fairnessFile());
  apps.push(t);
  return t;
}

const zero = { weekends: 0, bankHolidays: 0, lates: 0, nights: 0, christmas: 0 };

describe('the fairness ledger', () => {
  it('counts published places of the twelve months before now, by category', async () => {
    const t = await setup();
    // Christmas week 2025: Wed 24 Dec night, Thu 25 Dec evening (late, bank holiday), Fri 26 Dec
    // day (bank holiday), Sat 27 Dec day (weekend); all four are Christmas/New Year.
    await t.publishedRota(
      [
        ['night@2025-12-24', 'support', 'ann'],
        ['evening@2025-12-25', 'support', 'ann'],
        ['day@2025-12-26', 'support', 'ann'],
        ['day@2025-12-27', 'support', 'ann'],
      ],
      '2025-12-22',
    );
    // Thirteen months ago and more: out of the window.
    await t.publishedRota([['day@2025-11-29', 'support', 'ann']], '2025-11-24');
    // A week within the window: Bea's Saturday and Thursday evening.
    await t.publishedRota(
      [
        ['day@2026-06-13', 'support', 'bea'],
        ['evening@2026-06-11', 'support', 'bea'],
      ],
      '2026-06-08',
    );
    const table = (await t.call('manager', { method: 'GET', url: `${M}/fairness` })).json();
    expect(table).toMatchObject({ serviceId: SERVICE, from: '2025-12-01T00:00:00.000Z', to: '2026-12-01T09:00:00.000Z', fromDate: '2025-12-01', toDate: '2026-12-01' });
    expect(table.rows.map((r: { staffId: string }) => r.staffId)).toEqual(['ann', 'bea', 'cy', 'di', 'ed']);
    expect(table.rows[0]).toMatchObject({ counts: { weekends: 1, bankHolidays: 2, lates: 1, nights: 1, christmas: 4 }, total: 9 });
    expect(table.rows[1]).toMatchObject({ counts: { ...zero, weekends: 1, lates: 1 }, total: 2 });
    expect(table.rows[2].counts).toEqual(zero);
  });

  it('adjusts and resets with a reason, audited; the league table shows both', async () => {
    const t = await setup();
    await t.publishedRota([['day@2026-06-13', 'support', 'ann'], ['day@2026-06-12', 'support', 'ann']], '2026-06-08');
    const adjust = (payload: object) => t.call('manager', { method: 'POST', url: `${M}/fairness/adjustments`, payload });
    expect((await adjust({ staffId: 'bea', category: 'weekends', delta: 3 })).statusCode).toBe(400);
    expect((await adjust({ staffId: 'nobody', category: 'weekends', delta: 3, reason: 'x' })).statusCode).toBe(404);
    expect((await adjust({ staffId: 'bea', category: 'sundays', delta: 3, reason: 'x' })).statusCode).toBe(400);
    const adjusted = await adjust({ staffId: 'bea', category: 'weekends', delta: 3, reason: 'worked weekends at her last service' });
    expect(adjusted.statusCode, adjusted.body).toBe(201);
    expect(adjusted.json()).toMatchObject({ staffId: 'bea', counts: { weekends: 3 }, worked: { weekends: 0 }, adjusted: { weekends: 3 } });
    // A negative adjustment never takes a count below zero.
    expect((await adjust({ staffId: 'ann', category: 'nights', delta: -2, reason: 'miscounted' })).json().counts.nights).toBe(0);

    const reset = await t.call('manager', { method: 'POST', url: `${M}/fairness/resets`, payload: { staffId: 'ann', categories: ['weekends'], reason: 'back from a career break' } });
    expect(reset.statusCode, reset.body).toBe(201);
    expect(reset.json().counts).toMatchObject({ weekends: 0, bankHolidays: 0 });
    expect(reset.json().resets.weekends).toBe('2026-12-01T09:00:00.000Z');
    // Work published after the reset counts again.
    await t.publishedRota([['day@2026-12-12', 'support', 'ann']], '2026-12-07');
    t.clock.ms = Date.UTC(2026, 11, 13);
    const ann = (await t.call('manager', { method: 'GET', url: `${M}/fairness` })).json().rows.find((r: { staffId: string }) => r.staffId === 'ann');
    expect(ann.counts.weekends).toBe(1);

    const audit = t.db.select().from(auditLog).where(eq(auditLog.entity, 'fairness')).orderBy(asc(auditLog.id)).all();
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ['fairness.adjust', 'worked weekends at her last service'],
      ['fairness.adjust', 'miscounted'],
      ['fairness.reset', 'back from a career break'],
    ]);
    expect(audit[0].actor).toContain('manager');
  });

  it('sets a count to a value, refuses a negative one or a missing reason naming the field, and resets the whole service', async () => {
    const t = await setup();
    await t.publishedRota([['day@2026-06-13', 'support', 'ann']], '2026-06-08');
    await t.publishedRota([['day@2026-06-20', 'support', 'ann']], '2026-06-15');
    await t.publishedRota([['day@2026-06-27', 'support', 'bea']], '2026-06-22');
    const adjust = (payload: object) => t.call('manager', { method: 'POST', url: `${M}/fairness/adjustments`, payload });
    const reset = (payload: object) => t.call('manager', { method: 'POST', url: `${M}/fairness/resets`, payload });
    const field = (res: { statusCode: number; json: () => { errors: { path: string }[] } }) => [res.statusCode, res.json().errors.map((e) => e.path)];

    // Ann worked two Saturdays; set to 5, the count is 5 (3 added), whatever she worked.
    const set = await adjust({ staffId: 'ann', category: 'weekends', value: 5, reason: 'five weekends at her last service in all' });
    expect(set.statusCode, set.body).toBe(201);
    expect(set.json()).toMatchObject({ counts: { weekends: 5 }, worked: { weekends: 2 }, adjusted: { weekends: 3 } });
    // A count taken below zero and then set: it becomes exactly the value asked for.
    await adjust({ staffId: 'bea', category: 'nights', delta: -4, reason: 'miscounted' });
    expect((await adjust({ staffId: 'bea', category: 'nights', value: 1, reason: 'one night in fact' })).json().counts.nights).toBe(1);

    expect(field(await adjust({ staffId: 'ann', category: 'weekends', value: -1, reason: 'x' }))).toEqual([400, ['body.value']]);
    expect(field(await adjust({ staffId: 'ann', category: 'weekends', value: 2 }))).toEqual([400, ['body.reason']]);
    expect(field(await adjust({ staffId: 'ann', category: 'weekends', value: 2, reason: '   ' }))).toEqual([400, ['body.reason']]);
    expect(field(await adjust({ staffId: 'ann', category: 'weekends', value: 2, delta: 1, reason: 'x' }))).toEqual([400, ['body.value']]);
    expect(field(await adjust({ staffId: 'ann', category: 'weekends', reason: 'x' }))).toEqual([400, ['body.delta']]);
    // Nothing refused was stored.
    const table = async () => (await t.call('manager', { method: 'GET', url: `${M}/fairness` })).json();
    expect((await table()).rows.find((r: { staffId: string }) => r.staffId === 'ann').counts.weekends).toBe(5);

    // Resetting everyone is said, never the default of a forgotten staff id.
    expect(field(await reset({ reason: 'new year' }))).toEqual([400, ['body.staffId']]);
    expect(field(await reset({ staffId: 'ann', allStaff: true, reason: 'new year' }))).toEqual([400, ['body.allStaff']]);
    expect(field(await reset({ allStaff: true }))).toEqual([400, ['body.reason']]);
    const all = await reset({ allStaff: true, categories: ['weekends'], reason: 'new rota pattern' });
    expect(all.statusCode, all.body).toBe(201);
    expect(all.json().rows.map((r: { counts: { weekends: number } }) => r.counts.weekends)).toEqual([0, 0, 0, 0, 0]);
    // Only the categories named: Bea's night stays.
    expect(all.json().rows.find((r: { staffId: string }) => r.staffId === 'bea').counts.nights).toBe(1);

    // The history: newest first, who, what and why; the whole-service reset names no worker.
    const history = await t.call('manager', { method: 'GET', url: `${M}/fairness/history` });
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().map((h: { kind: string; staff: { name: string }[] | null; categories: string[]; delta: number | null; value: number | null; reason: string }) => [h.kind, h.staff?.map((x) => x.name) ?? null, h.categories, h.delta, h.value, h.reason])).toEqual([
      ['reset', null, ['weekends'], null, null, 'new rota pattern'],
      ['set', ['Bea Bright'], ['nights'], null, 1, 'one night in fact'],
      ['add', ['Bea Bright'], ['nights'], -4, null, 'miscounted'],
      ['set', ['Ann Able'], ['weekends'], null, 5, 'five weekends at her last service in all'],
    ]);
    expect(history.json()[0].actor).toContain('manager');
    expect((await t.call('ann', { method: 'GET', url: `${M}/fairness/history` })).statusCode).toBe(403);
  });

  it("a worker sees their own counts and the service's spread, never a colleague by name", async () => {
    const t = await setup();
    await t.publishedRota([['day@2026-06-13', 'support', 'ann'], ['day@2026-06-12', 'support', 'bea']], '2026-06-08');
    await t.publishedRota([['day@2026-06-20', 'support', 'bea']], '2026-06-15');
    await t.publishedRota([['day@2026-06-27', 'support', 'bea']], '2026-06-22');
    const mine = await t.call('ann', { method: 'GET', url: '/me/fairness' });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ counts: { ...zero, weekends: 1 }, staffCounted: 5 });
    // Weekends of the five: Ann 1, Bea 2, three office staff 0: the average is 3 / 5.
    expect(mine.json().spread.weekends).toEqual({ lowest: 0, median: 0, highest: 2, average: 0.6 });
    for (const other of ['Bea', 'bea', 'Cy', 'Di', 'Ed']) expect(mine.body).not.toContain(other);
    expect((await t.call('ann', { method: 'GET', url: `${M}/fairness` })).statusCode).toBe(403);
  });
});

describe('the solver balances against the ledger', () => {
  it('gives the Saturday to whoever has worked fewer weekends, not only within the week', async () => {
    const t = await setup();
    const solve = async () => {
      const created = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: '2026-12-07', seed: 5 } });
      await t.app.ctx.rotas.idle();
      const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${created.json().id}` })).json();
      return rota.assignments.find((a: { slotId: string }) => a.slotId === 'day@2026-12-12')?.staffId as string;
    };
    // Nothing in the ledger: Ann, who costs less, takes Saturday.
    expect(await solve()).toBe('ann');
    // Ann worked three weekends at her last service (a manager's adjustment): now the square of her
    // weekend count outweighs her lower pay, and Bea takes Saturday.
    await t.call('manager', { method: 'POST', url: `${M}/fairness/adjustments`, payload: { staffId: 'ann', category: 'weekends', delta: 3, reason: 'previous service' } });
    const ann = t.app.ctx.rotas.compileFor(SERVICE, '2026-12-07').problem.workers.find((w) => w.id === 'ann')!;
    expect(ann.fairnessPrior).toEqual({ weekends: 3 });
    expect(await solve()).toBe('bea');
  });
});
