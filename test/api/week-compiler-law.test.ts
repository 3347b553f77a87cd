// The week compiler reads the Working Time Regulations' history from published rotas: the last week's
// shifts for the fortnightly weekly rest, and night work for staff with no nightWorker flag.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { closeDb, openDb, type Db } from '../../src/db/client.ts';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { assignments, rotas } from '../../src/db/schema/index.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';
import type { SolveRunner } from '../../src/services/solve-runner.ts';
import { WeekCompiler } from '../../src/services/week-compiler.ts';
import { localToUtcMin } from '../../src/time/local-time.ts';

const T = '2027-01-01T00:00:00.000Z';
const ZONE = 'Europe/London';

function file(): ServiceFile {
  return {
    formatVersion: 1,
    organisation: { id: 'org-nights', name: 'Night service' },
    timeZone: ZONE,
    sites: [{ id: 'base', name: 'Base' }],
    roles: [{ id: 'worker', name: 'Worker' }],
    skills: [],
    staff: [
      { id: 'sam', name: 'Sam', kind: 'contracted', contractMinutesPerWeek: 2160, roles: ['worker'], costPencePerHour: 1500 },
      { id: 'pat', name: 'Pat', kind: 'contracted', contractMinutesPerWeek: 2160, roles: ['worker'], costPencePerHour: 1500, nightWorker: false },
      { id: 'kim', name: 'Kim', kind: 'contracted', contractMinutesPerWeek: 2160, roles: ['worker'], costPencePerHour: 1500 },
    ],
    templates: [
      {
        id: 'night', name: 'Night', kind: 'night', siteId: 'base', startTime: '22:00', endTime: '07:00', rrule: 'FREQ=DAILY',
        breaks: [{ minutes: 60, paid: true }], demand: [{ roleId: 'worker', min: 0, preferred: 1, max: 3 }],
      },
      {
        id: 'day', name: 'Day', kind: 'day', siteId: 'base', startTime: '09:00', endTime: '17:00', rrule: 'FREQ=DAILY',
        breaks: [{ minutes: 30, paid: true }], demand: [{ roleId: 'worker', min: 0, preferred: 1, max: 3 }],
      },
    ],
    rules: { weeklyRestForm: '48h-in-14' },
  };
}

/** A published rota for the week of 4 Jan 2027: Sam and Pat on nights Mon-Sat, Kim on days Mon-Sat. */
function publishLastWeek(db: Db): void {
  db.insert(rotas).values({ id: 'r1', serviceId: 'org-nights', weekStart: '2027-01-04', status: 'done', publishedAt: T, createdAt: T, createdBy: 't', updatedAt: T }).run();
  const rows = [];
  for (const day of ['04', '05', '06', '07', '08', '09']) {
    const next = String(Number(day) + 1).padStart(2, '0');
    const night = { startMin: localToUtcMin(`2027-01-${day}`, '22:00', ZONE), endMin: localToUtcMin(`2027-01-${next}`, '07:00', ZONE) };
    const dayShift = { startMin: localToUtcMin(`2027-01-${day}`, '09:00', ZONE), endMin: localToUtcMin(`2027-01-${day}`, '17:00', ZONE) };
    for (const [staffId, s, slot] of [['sam', night, 'night'], ['pat', night, 'night'], ['kim', dayShift, 'day']] as const) {
      rows.push({ rotaId: 'r1', serviceId: 'org-nights', slotId: `${slot}@2027-01-${day}`, roleId: 'worker', staffId, ...s, workMinutes: s.endMin - s.startMin, source: 'solver' as const, published: true, updatedAt: T, updatedBy: 't' });
    }
  }
  db.insert(assignments).values(rows).run();
}

const runner = {} as SolveRunner;
let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
  upsertServiceFile(db, file(), T);
});
afterEach(() => closeDb(db));

describe('week compiler: Working Time history from published rotas', () => {
  it('treats as a night worker whoever the published rotas show working nights, unless the flag says otherwise', () => {
    publishLastWeek(db);
    const { problem } = new WeekCompiler(db, runner).compile(file(), '2027-01-11');
    const [sam, pat, kim] = problem.workers;
    expect(sam.nightAverage).toEqual({ maxMinutesPerWeek: 2880, referenceWeeks: 17 });
    expect(pat.nightAverage).toBeUndefined();
    expect(kim.nightAverage).toBeUndefined();
  });

  it("gives the fortnightly weekly rest last week's shifts", () => {
    publishLastWeek(db);
    const { problem } = new WeekCompiler(db, runner).compile(file(), '2027-01-11');
    const kim = problem.workers[2];
    expect(kim.history?.recentShifts).toHaveLength(6);
    // Kim on days Monday to Saturday this week as well: the longest rest in the fortnight is Saturday
    // 17:00 to Monday 09:00, 40 h of the 48 h needed.
    const days = problem.slots.filter((s) => s.typeId === 'day' && s.dayIndex < 6).map((s) => ({ slotId: s.id, roleId: 'worker', workerId: 'kim' }));
    const rest = evaluateAll(problem, days).analysis.find((a) => a.id === 'days.weeklyRest')!;
    expect(rest.matches.map((m) => m.message)).toEqual([
      'Kim: in the week before the rota and the week of Mon 11 Jan, longest rest is 40 h; needs 48 h unbroken in each 14 days',
    ]);
  });

  it('stores and exports the new settings unchanged', () => {
    const again = upsertServiceFile(db, file(), T);
    expect(again.templates).toMatchObject({ unchanged: 2, updated: 0 });
    expect(again.staff).toMatchObject({ unchanged: 3, updated: 0 });
    expect(again.rules).toMatchObject({ unchanged: 1, updated: 0 });
  });
});
