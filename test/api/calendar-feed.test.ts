// A worker's calendar feed holds every session they work, not only bank sessions they accepted: a
// contracted worker subscribes and sees their published shifts. It is written in the service's own
// time zone (a service in New York gets New York's TZID and wall clock), never London by default.
import { afterEach, describe, expect, it } from 'vitest';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { createToken } from '../../src/services/tokens.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { sampleService, SAMPLE_WEEK } from './helpers/sample-service.ts';

const NOW = new Date('2026-12-01T09:00:00Z');
let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

interface Place {
  id: number;
  slotId: string;
  staffId: string;
  startMin: number;
  endMin: number;
}

/** The feed's events, unfolded, as property maps. */
function events(ics: string): Record<string, string>[] {
  const lines = ics.replace(/\r\n /g, '').split('\r\n');
  const out: Record<string, string>[] = [];
  let cur: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') cur = {};
    else if (line === 'END:VEVENT') {
      out.push(cur!);
      cur = null;
    } else if (cur) {
      const colon = line.indexOf(':');
      cur[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return out;
}

/** Wall clock of a UTC minute at a fixed offset (hours east of UTC), as iCalendar writes it. */
function wall(min: number, offsetHours: number): string {
  return new Date((min + offsetHours * 60) * 60_000).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

async function publishWeek(t: TestApp, serviceId: string): Promise<{ rotaId: string; assignments: Place[] }> {
  const made = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId, weekStart: SAMPLE_WEEK, seed: 1 } });
  expect(made.statusCode, made.body).toBe(202);
  await t.app.ctx.rotas.idle();
  const rotaId = made.json().id as string;
  const published = await t.call('manager', { method: 'POST', url: `/rotas/${rotaId}/publish`, payload: {} });
  expect(published.statusCode, published.body).toBe(200);
  const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${rotaId}` })).json();
  return { rotaId, assignments: rota.assignments };
}

describe('calendar feed', () => {
  it("a contracted worker's feed (and subscription address) lists their published shifts, at London wall-clock times; a year on, they are gone", async () => {
    const clock = { ms: NOW.getTime() };
    const t = await testApp({ now: () => new Date(clock.ms) });
    open.push(t);
    const eve = { authorization: `Bearer ${t.tokens.otherWorker}` };
    const empty = await t.app.inject({ method: 'GET', url: '/me/calendar.ics', headers: eve });
    expect(empty.statusCode).toBe(200);
    expect(events(empty.body)).toEqual([]);

    const { assignments } = await publishWeek(t, 'test-sanctuary');
    const hers = assignments.filter((a) => a.staffId === 'eve').sort((a, b) => a.startMin - b.startMin);
    expect(hers.length).toBeGreaterThan(0);
    const feed = await t.app.inject({ method: 'GET', url: '/me/calendar.ics', headers: eve });
    const got = events(feed.body);
    // December in London is GMT: the wall clock is UTC.
    expect(got.map((e) => e['DTSTART;TZID=Europe/London'])).toEqual(hers.map((a) => wall(a.startMin, 0)));
    expect(got.map((e) => e['DTEND;TZID=Europe/London'])).toEqual(hers.map((a) => wall(a.endMin, 0)));
    for (const e of got) {
      expect(e.SUMMARY).toBe('Drop-in at Hub');
      expect(e.LOCATION).toBe('Hub\\, 1 High St');
      expect(e.DESCRIPTION).toContain('Crisis and recovery worker');
    }
    expect(new Set(got.map((e) => e.UID)).size).toBe(got.length);
    // Only her own: another contracted worker's shifts are not in it.
    const anns = assignments.filter((a) => a.staffId === 'ann').map((a) => wall(a.startMin, 0));
    const annFeed = events(
      (await t.app.inject({ method: 'GET', url: '/me/calendar.ics', headers: { authorization: `Bearer ${createToken(t.db, { role: 'worker', staffId: 'ann' }, NOW).token}` } })).body,
    );
    expect(annFeed.map((e) => e['DTSTART;TZID=Europe/London'])).toEqual(anns.sort());

    // The subscription address a phone uses serves the same calendar.
    const made = await t.app.inject({ method: 'POST', url: '/me/calendar-feed', headers: eve });
    expect(made.statusCode, made.body).toBe(201);
    const subscribed = await t.app.inject({ method: 'GET', url: made.json().path });
    expect(subscribed.statusCode).toBe(200);
    expect(events(subscribed.body)).toEqual(got);

    // Sessions that ended over a year ago are left out, so a feed does not grow for ever.
    const firstEnd = Math.min(...hers.map((a) => a.endMin)) * 60_000;
    const lastEnd = Math.max(...hers.map((a) => a.endMin)) * 60_000;
    clock.ms = firstEnd + 365 * 86_400_000;
    expect(events((await t.app.inject({ method: 'GET', url: made.json().path })).body)).toEqual(got);
    clock.ms = lastEnd + 367 * 86_400_000;
    expect(events((await t.app.inject({ method: 'GET', url: made.json().path })).body)).toEqual([]);
  });

  it('a service in New York gets TZID America/New_York with New York wall-clock times; nothing London in it', async () => {
    const t = await testApp({ now: () => NOW });
    open.push(t);
    const file = sampleService('ny-sanctuary');
    file.timeZone = 'America/New_York';
    upsertServiceFile(t.db, file, NOW.toISOString());
    const { assignments } = await publishWeek(t, 'ny-sanctuary');
    const hers = assignments.filter((a) => a.staffId === 'eve').sort((a, b) => a.startMin - b.startMin);
    expect(hers.length).toBeGreaterThan(0);
    const token = createToken(t.db, { role: 'worker', staffId: 'eve', serviceId: 'ny-sanctuary' }, NOW).token;
    const feed = await t.app.inject({ method: 'GET', url: '/me/calendar.ics', headers: { authorization: `Bearer ${token}` } });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('TZID:America/New_York\r\n');
    expect(feed.body).toContain('X-WR-TIMEZONE:America/New_York\r\n');
    expect(feed.body).not.toContain('London');
    const got = events(feed.body);
    // The drop-in runs 17:30 to 00:30 in New York; in December that is EST, UTC-5.
    expect(got.map((e) => e['DTSTART;TZID=America/New_York'])).toEqual(hers.map((a) => wall(a.startMin, -5)));
    expect(got.map((e) => e['DTEND;TZID=America/New_York'])).toEqual(hers.map((a) => wall(a.endMin, -5)));
    for (const e of got) {
      expect(e['DTSTART;TZID=America/New_York'].slice(9)).toBe('173000');
      expect(e['DTEND;TZID=America/New_York'].slice(9)).toBe('003000');
    }
  });
});
