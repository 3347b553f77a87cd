// A 7-day crisis team written for the bank-consent checks (independent of the repo's fixtures):
// every day shift needs a service coordinator; Ann is the one contracted coordinator, Bob and Cat
// are bank workers who hold the coordinator role too, and three contracted healthcare assistants
// fill the rest. Ann's leave (optional) leaves days whose coordinator can only be a bank worker.
import type { ServiceFile } from '../../../src/service-file/types.ts';

export const COORD_SERVICE = 'qa-crisis-team';
/** A week in the future of the tests' clock (NOW). */
export const COORD_WEEK = '2026-12-07';
export const COORD_NOW = new Date('2026-11-20T12:00:00Z');

export function coordinatorService(options: { annLeave?: { from: string; to: string } } = {}): ServiceFile {
  const hca = (id: string, name: string) => ({
    id,
    name,
    kind: 'contracted' as const,
    contractMinutesPerWeek: 2250,
    roles: ['hca'],
    costPencePerHour: 1300,
  });
  return {
    formatVersion: 1,
    organisation: { id: COORD_SERVICE, name: 'QA Crisis Team' },
    timeZone: 'Europe/London',
    sites: [{ id: 'base', name: 'Crisis base' }],
    roles: [
      { id: 'coordinator', name: 'Service coordinator' },
      { id: 'hca', name: 'Healthcare assistant' },
    ],
    skills: [],
    staff: [
      {
        id: 'ann',
        name: 'Ann Contract',
        kind: 'contracted',
        contractMinutesPerWeek: 2250,
        roles: ['coordinator'],
        costPencePerHour: 1600,
        ...(options.annLeave ? { absences: [{ kind: 'leave' as const, from: options.annLeave.from, to: options.annLeave.to }] } : {}),
      },
      { id: 'bob', name: 'Bob Bank', kind: 'bank', roles: ['coordinator', 'hca'], costPencePerHour: 1500 },
      { id: 'cat', name: 'Cat Bank', kind: 'bank', roles: ['coordinator', 'hca'], costPencePerHour: 1500 },
      hca('dee', 'Dee Assistant'),
      hca('eve', 'Eve Assistant'),
      hca('fay', 'Fay Assistant'),
    ],
    templates: [
      {
        id: 'day',
        name: 'Day shift',
        kind: 'day',
        siteId: 'base',
        startTime: '09:00',
        endTime: '16:30',
        rrule: 'FREQ=DAILY',
        breaks: [{ minutes: 30, paid: true, startAfterMinutes: 180, endBeforeMinutes: 120 }],
        demand: [
          { roleId: 'coordinator', min: 1, preferred: 1, max: 1 },
          { roleId: 'hca', min: 1, preferred: 2, max: 2 },
        ],
      },
    ],
    rules: { contractToleranceMinutes: 450 },
  };
}
