// No double booking across rota versions (issue 19, point 10): a session a worker accepted in one
// version of a week, and every published place, is a fixed fact for every later solve, edit and
// offer of any rota. The week: Dan (bank) is the only one who can do Tuesday's street outreach
// (18:00-22:00), which overlaps Tuesday's drop-in (17:30-00:30); Cat is on leave, so the drop-in
// has room for a second support worker.
import { afterEach, describe, expect, it } from 'vitest';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { outreachService, SAMPLE_WEEK } from './helpers/sample-service.ts';

const SERVICE = 'test-sanctuary';
const TUE = 'drop-in@2026-12-08';
const OUTREACH = 'outreach@2026-12-08';

interface Place {
  id: number;
  slotId: string;
  roleId: string;
  staffId: string;
  source: string;
  pinned: boolean;
  published: boolean;
  bankState: string | null;
}

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

async function outreachWeek(): Promise<TestApp> {
  const t = await testApp();
  open.push(t);
  upsertServiceFile(t.db, outreachService(), '2026-11-24T00:00:00.000Z');
  return t;
}

async function generate(t: TestApp, seed: number) {
  const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: SAMPLE_WEEK, seed } });
  expect(res.statusCode, res.body).toBe(202);
  await t.app.ctx.rotas.idle();
  return read(t, res.json().id);
}

async function read(t: TestApp, id: string) {
  const res = await t.call('manager', { method: 'GET', url: `/rotas/${id}` });
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** Dan is offered Tuesday's drop-in (support) in rota `rotaId` alone, and accepts it. */
async function danAcceptsTuesday(t: TestApp, rotaId: string): Promise<number> {
  const sent = await t.call('manager', {
    method: 'POST',
    url: `/rotas/${rotaId}/offers`,
    payload: { mode: 'cascade', ttlMinutes: 600, places: [{ slotId: TUE, roleId: 'support' }], workerIds: ['dan'] },
  });
  expect(sent.statusCode, sent.body).toBe(201);
  const [offer] = sent.json().offers;
  expect(offer.offeredTo).toEqual(['dan']);
  const accepted = await t.call('worker', { method: 'POST', url: `/me/offers/${offer.offerId}/accept` });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return accepted.json().assignmentIds[0];
}

const overlapsTuesdayDropIn = (a: Place) => a.staffId === 'dan' && a.slotId === OUTREACH;

describe('no double booking across rota versions (point 10)', () => {
  it('a session accepted in version 1 binds version 2: its solve, its score, its edits, its offers and its publishing', async () => {
    const t = await outreachWeek();
    const v1 = await generate(t, 3);
    // Version 2 of the same week is generated before Dan accepts anything: it proposes him for the outreach.
    const v2 = await generate(t, 5);
    expect(v2.assignments.some(overlapsTuesdayDropIn)).toBe(true);
    expect(v2.score.hard).toBe(0);

    await danAcceptsTuesday(t, v1.id);

    // Version 2's score follows at once: Dan is booked twice on Tuesday evening.
    const stale = await read(t, v2.id);
    expect(stale.score.hard).toBeGreaterThan(0);
    const hardWords = stale.scoreByConstraint
      .filter((c: { level: string }) => c.level === 'hard')
      .flatMap((c: { matches: { message: string }[] }) => c.matches.map((m) => m.message));
    expect(hardWords.join('\n')).toMatch(/Dan Bank: Tue 8 Dec drop-in 17:30-00:30 at Hub and Tue 8 Dec outreach 18:00-22:00 at Hub overlap/);
    // ...so it cannot be published as it stands.
    const refused = await t.call('manager', { method: 'POST', url: `/rotas/${v2.id}/publish`, payload: {} });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().breaches.join('\n')).toMatch(/Dan Bank: .* overlap/);

    // A re-plan of version 2 never books Dan at the same time; it carries his accepted session in.
    await t.call('manager', { method: 'POST', url: `/rotas/${v2.id}/replan`, payload: { seed: 7 } });
    await t.app.ctx.rotas.idle();
    const replanned = await read(t, v2.id);
    expect(replanned.assignments.some(overlapsTuesdayDropIn)).toBe(false);
    expect(replanned.assignments.filter((a: Place) => a.staffId === 'dan' && a.slotId === TUE)).toEqual([
      expect.objectContaining({ roleId: 'support', source: 'offer', pinned: true, bankState: 'accepted' }),
    ]);
    // Nobody else can do the outreach: the week is honestly short, with the reason in words.
    expect(replanned.score.hard).toBeGreaterThan(0);
    const outreach = replanned.unfilled.find((u: { slotId: string; level: string }) => u.slotId === OUTREACH && u.level === 'hard');
    expect(outreach.reasons.find((r: { workerId: string }) => r.workerId === 'dan').blocks.join(' ')).toMatch(/overlap/);

    // A manager's edit is judged the same way.
    const byHand = await t.call('manager', {
      method: 'POST',
      url: `/rotas/${replanned.id}/assignments`,
      payload: { slotId: OUTREACH, roleId: 'outreach', staffId: 'dan', reason: 'he said yes on the phone' },
    });
    expect(byHand.statusCode).toBe(409);
    expect(byHand.json().breaches.join(' ')).toMatch(/Dan Bank: .* overlap/);
    // And so is an offer of the outreach: Dan may not take it.
    const sent = await t.call('manager', {
      method: 'POST',
      url: `/rotas/${replanned.id}/offers`,
      payload: { mode: 'cascade', ttlMinutes: 60, places: [{ slotId: OUTREACH, roleId: 'outreach' }] },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().offers[0].offeredTo).toEqual([]);
    expect(sent.json().offers[0].excluded[0].reasons.join(' ')).toMatch(/overlaps drop-in on 2026-12-08 17:30-00:30, already held/);

    // The session stays Dan's in version 2 too: removing it there is refused (it is changed in version 1).
    const carried = replanned.assignments.find((a: Place) => a.staffId === 'dan' && a.slotId === TUE);
    const remove = await t.call('manager', { method: 'DELETE', url: `/rotas/${v2.id}/assignments/${carried.id}`, payload: { reason: 'x', override: true } });
    expect(remove.statusCode).toBe(409);
    expect(remove.json()).toMatchObject({ rotaId: v1.id });
  });

  it('a session accepted in version 1 is carried into a version generated later, and published with it once', async () => {
    const t = await outreachWeek();
    const v1 = await generate(t, 3);
    const accepted = await danAcceptsTuesday(t, v1.id);
    const v2 = await generate(t, 9);
    expect(v2.assignments.some(overlapsTuesdayDropIn)).toBe(false);
    expect(v2.assignments.filter((a: Place) => a.staffId === 'dan' && a.slotId === TUE)).toHaveLength(1);
    // Publishing version 2 publishes Dan's Tuesday in it: he sees it, once.
    const pub = await t.call('manager', { method: 'POST', url: `/rotas/${v2.id}/publish`, payload: { override: true, reason: 'outreach covered by the council team' } });
    expect(pub.statusCode, pub.body).toBe(200);
    const mine = (await t.call('worker', { method: 'GET', url: '/me/assignments' })).json() as Place[];
    const tuesday = mine.filter((a) => a.slotId === TUE && a.id !== null);
    expect(tuesday).toHaveLength(1);
    expect(tuesday[0]).toMatchObject({ published: true, bankState: 'accepted' });
    expect(tuesday[0].id).not.toBe(accepted);
  });

  it('the places of a published version are fixed facts for a version generated later', async () => {
    const t = await outreachWeek();
    const v1 = await generate(t, 3);
    const pub = await t.call('manager', { method: 'POST', url: `/rotas/${v1.id}/publish`, payload: { override: true, reason: 'test' } });
    expect(pub.statusCode, pub.body).toBe(200);
    const fixed = ((await read(t, v1.id)).assignments as Place[]).filter((a) => a.published);
    expect(fixed.length).toBeGreaterThan(0);
    const v2 = await generate(t, 11);
    const key = (a: Place) => `${a.slotId}/${a.roleId}/${a.staffId}`;
    // Each is in version 2 as a fixed place (pinned: a re-plan never moves it), not by the search's chance.
    const v2Places = new Map((v2.assignments as Place[]).map((a) => [key(a), a]));
    for (const a of fixed) expect(v2Places.get(key(a)), key(a)).toMatchObject({ pinned: true, source: a.source });
  });
});
