// Issue 19, point 10, with two versions of a week: a published place is a fixed fact for every later
// offer of any rota. Once the published version of the week has its coordinator, an offer of that
// place still open in a draft version cannot be accepted (the session would have two coordinators,
// one of them in a rota nobody sees, and that worker could not be paid for it).
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from './helpers/app.ts';
import { generate, offerSaturday, SAT, setUp, worker, type Place } from './helpers/coordinator-flow.ts';

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

describe('accepting an offer across versions of a week', () => {
  it('refuses the offer of a draft version once the published version has filled the place', async () => {
    const t = await setUp(open);
    const v1 = await generate(t, 1);
    const offerId = await offerSaturday(t, v1.id);

    // Version 2 of the week: the manager gives Saturday's coordinator place to Ann (she gave up her
    // leave) and publishes it.
    const v2 = await generate(t, 2);
    const satCoordinator = v2.assignments.find((a) => a.slotId === SAT && a.roleId === 'coordinator');
    const given = satCoordinator
      ? await t.call('manager', {
          method: 'PATCH',
          url: `/rotas/${v2.id}/assignments/${satCoordinator.id}`,
          payload: { staffId: 'ann', reason: 'Ann gave up her Saturday leave', override: true },
        })
      : await t.call('manager', {
          method: 'POST',
          url: `/rotas/${v2.id}/assignments`,
          payload: { slotId: SAT, roleId: 'coordinator', staffId: 'ann', reason: 'Ann gave up her Saturday leave', override: true },
        });
    expect(given.statusCode, given.body).toBeLessThan(300);
    const pub = await t.call('manager', { method: 'POST', url: `/rotas/${v2.id}/publish`, payload: { override: true, reason: 'Sunday still open' } });
    expect(pub.statusCode, pub.body).toBe(200);

    // Bob answers the draft's offer afterwards: the place is taken, so it is refused...
    const bob = worker(t, 'bob');
    const answer = await bob('POST', `/me/offers/${offerId}/accept`);
    expect(answer.statusCode, answer.body).toBe(409);
    // ...and nobody but Ann holds Saturday's coordinator place, in any version of the week.
    for (const id of [v1.id, v2.id]) {
      const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
      const holders = rota.assignments.filter((a: Place) => a.slotId === SAT && a.roleId === 'coordinator' && a.bankState !== 'proposed');
      expect(holders.map((a: Place) => a.staffId).filter((s: string) => s !== 'ann'), `rota ${id}`).toEqual([]);
    }
  });
});
