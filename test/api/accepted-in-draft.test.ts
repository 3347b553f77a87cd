// Issue 19, point 8, as a bank worker meets it: a session they accepted is theirs, so it is among
// their places (/me/assignments) even while the rota it was offered from is still a draft, as it is
// in their calendar.
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from './helpers/app.ts';
import { generate, offerSaturday, SAT, setUp, worker, type Place } from './helpers/coordinator-flow.ts';

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

describe('a bank worker\'s accepted places', () => {
  it("lists a session the worker accepted among their places while the rota it came from is a draft", async () => {
    const t = await setUp(open);
    const v1 = await generate(t, 1);
    const offerId = await offerSaturday(t, v1.id);
    const cat = worker(t, 'cat');
    const answer = await cat('POST', `/me/offers/${offerId}/accept`);
    expect(answer.statusCode, answer.body).toBe(200);

    const mine = await cat('GET', '/me/assignments');
    expect(mine.statusCode, mine.body).toBe(200);
    const saturday = (mine.json() as Place[]).filter((p) => p.slotId === SAT);
    expect(saturday).toEqual([expect.objectContaining({ slotId: SAT, roleId: 'coordinator', staffId: 'cat', bankState: 'accepted' })]);
    // The calendar already shows it: both views of the worker's places agree.
    const calendar = await cat('GET', '/me/calendar.ics');
    expect(calendar.body).toContain('DTSTART;TZID=Europe/London:20261212T090000');
  });
});
