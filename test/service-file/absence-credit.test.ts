// A contract's weekly band less what absences cover (s21-domain): a day's share of the contract (a
// fifth) per date absent, the absent minutes when less, never more than the contract; several weeks
// planned share it evenly (one band per worker).
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../src/service-file/compile.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';

function file(absences: unknown[]): ServiceFile {
  return {
    formatVersion: 1,
    organisation: { id: 'o', name: 'O' },
    sites: [{ id: 'b', name: 'B' }],
    roles: [{ id: 'r', name: 'R' }],
    skills: [],
    staff: [
      { id: 'a', name: 'A', kind: 'contracted', contractMinutesPerWeek: 1800, roles: ['r'], costPencePerHour: 1000, absences },
      { id: 'k', name: 'K', kind: 'bank', roles: ['r'], costPencePerHour: 1000, absences },
    ],
    templates: [{ id: 't', name: 'T', kind: 'duty', siteId: 'b', startTime: '09:00', endTime: '15:00', rrule: 'FREQ=DAILY', demand: [{ roleId: 'r', min: 0, preferred: 1, max: 1 }] }],
  } as unknown as ServiceFile;
}
const band = (absences: unknown[], weeks = 1) =>
  compileProblem(file(absences), { weekStart: '2027-01-11', days: 7 * weeks }).problem.workers.map((w) => w.minutesPerWeek);

describe('absences in the contract band', () => {
  // | absence                          | credit (contract 30 h, a day's share 6 h) | band    |
  // | none                             | 0                                         | 30 h    |
  // | leave Mon-Tue                    | 2 x 6 h = 12 h                            | 18 h    |
  // | training Wed 10:00-12:00         | 2 h (less than a day's share)             | 28 h    |
  // | sickness all week and the next   | 7 x 6 h, capped at 30 h                   | 0       |
  // | leave Mon-Tue, two weeks planned | 12 h shared over 2 weeks = 6 h            | 24 h    |
  // The bank worker has no band at all.
  it('credits each absent date up to a day\'s share of the contract', () => {
    expect(band([])).toEqual([{ softMin: 1800, softMax: 1800 }, undefined]);
    expect(band([{ kind: 'leave', from: '2027-01-11', to: '2027-01-12' }])[0]).toEqual({ softMin: 1080, softMax: 1080 });
    expect(band([{ kind: 'training', from: '2027-01-13', to: '2027-01-13', startTime: '10:00', endTime: '12:00' }])[0]).toEqual({ softMin: 1680, softMax: 1680 });
    expect(band([{ kind: 'sickness', from: '2027-01-11', to: '2027-01-24' }])[0]).toEqual({ softMin: 0, softMax: 0 });
    expect(band([{ kind: 'leave', from: '2027-01-11', to: '2027-01-12' }], 2)[0]).toEqual({ softMin: 1440, softMax: 1440 });
    expect(band([{ kind: 'leave', from: '2027-01-11', to: '2027-01-12' }])[1]).toBeUndefined();
  });
});
