// A week planned after the week that follows it was published: the later week's places are fixed
// work the solve must see (a worker once got Sunday until 23:30 and Monday from 06:00, 6.5 h rest,
// reported as 0 hard). History comes only from weeks before the one planned.
import { afterEach, describe, expect, it } from 'vitest';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { sampleService } from './helpers/sample-service.ts';

const SERVICE = 'edge-service';
const WEEK1 = '2026-12-07';
const WEEK2 = '2026-12-14';
const utc = (iso: string) => Date.parse(iso) / 60_000;

/** Sunday late 15:00-23:30 and Monday early 06:00-14:00; Cat is cheaper, Eve is away on Monday 14 Dec. */
function edgeService(): ServiceFile {
  const file = sampleService(SERVICE);
  const one = [{ roleId: 'support', min: 1, preferred: 1, max: 1, skills: [] }];
  file.staff = file.staff.filter((s) => s.id === 'cat' || s.id === 'eve');
  file.staff.find((s) => s.id === 'eve')!.costPencePerHour = 2000;
  file.staff.find((s) => s.id === 'eve')!.absences = [{ kind: 'leave', from: '2026-12-14', to: '2026-12-14' }];
  // Shifts over 6 hours carry the Working Time Regulations' 20-minute break (here 30 minutes, paid).
  const breaks = [{ minutes: 30, paid: true }];
  file.templates = [
    { id: 'late', name: 'Sunday late', kind: 'late', siteId: 'hub', startTime: '15:00', endTime: '23:30', rrule: 'FREQ=WEEKLY;BYDAY=SU', breaks, demand: one },
    { id: 'early', name: 'Monday early', kind: 'early', siteId: 'hub', startTime: '06:00', endTime: '14:00', rrule: 'FREQ=WEEKLY;BYDAY=MO', breaks, demand: one },
  ];
  return file;
}

interface Assignment {
  slotId: string;
  staffId: string;
}

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

async function generate(t: TestApp, weekStart: string) {
  const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart, seed: 1 } });
  expect(res.statusCode, res.body).toBe(202);
  await t.app.ctx.rotas.idle();
  return (await t.call('manager', { method: 'GET', url: `/rotas/${res.json().id}` })).json();
}

describe('a week planned after the next one was published', () => {
  it('sees the published places after it: no one is given Sunday until 23:30 before their Monday 06:00', async () => {
    const t = await testApp();
    open.push(t);
    upsertServiceFile(t.db, edgeService(), '2026-11-23T00:00:00.000Z');

    const later = await generate(t, WEEK2);
    expect(later.assignments.find((a: Assignment) => a.slotId === 'early@2026-12-14')?.staffId).toBe('cat');
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${later.id}/publish`, payload: {} })).statusCode).toBe(200);

    const earlier = await generate(t, WEEK1);
    expect(earlier.score.hard).toBe(0);
    expect(earlier.assignments.find((a: Assignment) => a.slotId === 'late@2026-12-13')?.staffId).toBe('eve');

    // The compiled earlier week carries Cat's Monday shift; the later week is no history of it.
    const compiled = t.app.ctx.rotas.compileFor(SERVICE, WEEK1);
    const cat = compiled.problem.workers.find((w) => w.id === 'cat')!;
    expect(cat.following).toEqual({ nextShiftStartMin: utc('2026-12-14T06:00:00Z'), nextShiftEndMin: utc('2026-12-14T14:00:00Z'), consecutiveDaysWorked: 1 });
    expect(cat.history).toBeUndefined();
    expect(compiled.problem.workers.find((w) => w.id === 'eve')!.following).toBeUndefined();

    // A manager putting Cat there is told why, in words, with no negative duration.
    const add = await t.call('manager', {
      method: 'POST',
      url: `/rotas/${earlier.id}/assignments`,
      payload: { slotId: 'late@2026-12-13', roleId: 'support', staffId: 'cat', reason: 'test' },
    });
    expect(add.statusCode).toBe(409);
    expect(add.body).toContain('only 6 h 30 min rest after Sun 13 Dec late 15:00-23:30 at Hub before the next shift after the rota; needs 11 h');
    expect(add.body).not.toMatch(/-\d+ ?(h|min)\b/);
  });
});
