// What the week was compiled with that a manager should know shows on the rota: a session the
// spring clock change swallows (left out, the week still plans) and a staff history dated after
// the week (not applied).
import { afterEach, describe, expect, it } from 'vitest';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { sampleService } from './helpers/sample-service.ts';

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

describe('compile warnings on a rota', () => {
  it('the week of 29 Mar 2026 plans without the session the clocks skip, and says so; a later history is not applied', async () => {
    const t = await testApp();
    open.push(t);
    const file = sampleService('spring-service');
    file.templates.push({ ...file.templates[0], id: 'night-check', name: 'Night check', startTime: '01:30', endTime: '02:30', rrule: 'FREQ=WEEKLY;BYDAY=SU' });
    file.staff[0].history = { minutesByWeek: [1680], consecutiveDaysWorked: 2, lastShiftEnd: '2026-04-05T23:30:00+01:00' };
    upsertServiceFile(t.db, file, '2026-03-01T00:00:00.000Z');

    const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'spring-service', weekStart: '2026-03-23', seed: 1 } });
    expect(res.statusCode, res.body).toBe(202);
    await t.app.ctx.rotas.idle();
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${res.json().id}` })).json();
    expect(rota.status).toBe('done');
    expect(rota.slots.map((s: { id: string }) => s.id)).not.toContain('night-check@2026-03-29');
    expect(rota.slots.map((s: { id: string }) => s.id)).toContain('drop-in@2026-03-24');
    expect(rota.warnings).toEqual([
      expect.stringContaining('template "night-check" (Night check): the session on Sun 29 Mar 2026 (01:30-02:30) lies wholly in the time the clocks skip'),
      expect.stringContaining('the history of 1 staff is dated after this week starts and is not applied to it (staff[0].history.lastShiftEnd'),
    ]);
    const compiled = t.app.ctx.rotas.compileFor('spring-service', '2026-03-23');
    expect(compiled.problem.workers[0].history).toBeUndefined();
  });
});
