// A session in the hour the autumn clock change repeats, planned, published and paid through the API:
// 01:00-03:00 on Sun 25 Oct 2026 starts at 01:00 BST (the first of the two 01:00s) and ends at 03:00
// GMT, so it lasts 3 hours. Actual times recorded for it are checked against the session's date.
import { afterEach, describe, expect, it } from 'vitest';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { testApp, type TestApp } from '../api/helpers/app.ts';
import { sampleService } from '../api/helpers/sample-service.ts';

const SERVICE = 'autumn-service';
let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

async function publishedAutumnWeek() {
  const t = await testApp({ now: () => new Date('2026-11-02T09:00:00Z') });
  open.push(t);
  const file = sampleService(SERVICE);
  file.staff = file.staff.filter((s) => s.id === 'cat');
  file.templates = [
    {
      id: 'night-watch', name: 'Night watch', kind: 'night-watch', siteId: 'hub', startTime: '01:00', endTime: '03:00', rrule: 'FREQ=WEEKLY;BYDAY=SU',
      demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1, skills: [] }],
    },
  ];
  upsertServiceFile(t.db, file, '2026-10-01T00:00:00.000Z');
  const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: '2026-10-19', seed: 1 } });
  expect(res.statusCode, res.body).toBe(202);
  await t.app.ctx.rotas.idle();
  const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${res.json().id}` })).json();
  expect((await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: {} })).statusCode).toBe(200);
  const key = { rotaId: rota.id, slotId: 'night-watch@2026-10-25', staffId: 'cat' };
  return { t, rota, key, place: { serviceId: SERVICE, ...key } };
}

async function workedMinutes(t: TestApp): Promise<number> {
  const json = (await t.call('payroll', { method: 'GET', url: `/payroll/export?serviceId=${SERVICE}&from=2026-10-19&to=2026-10-26&format=json` })).json();
  return json.periods[0].lines[0].workedMinutes;
}

describe('payroll across the autumn clock change', () => {
  it('pays 01:00-03:00 on 25 Oct 2026 as 180 minutes worked', async () => {
    const { t, rota, key, place } = await publishedAutumnWeek();
    expect((await t.call('manager', { method: 'POST', url: '/payroll/outcomes', payload: { ...place, status: 'worked' } })).statusCode).toBe(200);
    expect((await t.call('manager', { method: 'POST', url: '/payroll/sign-offs', payload: { serviceId: SERVICE, places: [key] } })).statusCode).toBe(200);
    expect(await workedMinutes(t)).toBe(180);
    const slot = rota.slots.find((s: { id: string }) => s.id === place.slotId);
    expect([slot.startIso, slot.endIso]).toEqual(['2026-10-25T01:00:00+01:00', '2026-10-25T03:00:00+00:00']);
  });

  it('takes actual times on the session\'s date, and refuses one on another date with a 400 naming the field', async () => {
    const { t, key, place } = await publishedAutumnWeek();
    const wrongDay = await t.call('manager', {
      method: 'POST',
      url: '/payroll/outcomes',
      payload: { ...place, status: 'worked', actualStart: '2026-10-26T01:00:00+00:00', actualEnd: '2026-10-26T03:10:00+00:00' },
    });
    expect(wrongDay.statusCode).toBe(400);
    expect(wrongDay.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.actualStart', 'body.actualEnd']);
    expect(wrongDay.json().errors[0].message).toContain('2026-10-26 01:00 (Europe/London) is not within 12 hours of the session, scheduled 2026-10-25 01:00 to 2026-10-25 03:00');
    const ok = await t.call('manager', {
      method: 'POST',
      url: '/payroll/outcomes',
      payload: { ...place, status: 'worked', actualStart: '2026-10-25T01:05:00+01:00', actualEnd: '2026-10-25T03:10:00+00:00' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t.call('manager', { method: 'POST', url: '/payroll/sign-offs', payload: { serviceId: SERVICE, places: [key] } })).statusCode).toBe(200);
    // 01:05 BST (00:05 UTC) to 03:10 GMT: 3 h 5 min.
    expect(await workedMinutes(t)).toBe(185);
  });
});
