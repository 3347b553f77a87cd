// A small valid service file for tests, built fresh each call so tests may mutate it.
import type { ServiceFile } from '../../src/service-file/types.ts';

export function minimalFile(): ServiceFile {
  return {
    formatVersion: 1,
    comment: 'test file',
    organisation: { id: 'org', name: 'Test Org' },
    timeZone: 'Europe/London',
    sites: [
      { id: 'hub', name: 'Hub', travelMinutes: { annex: 20 } },
      { id: 'annex', name: 'Annex', travelMinutes: { hub: 20 } },
    ],
    roles: [
      { id: 'lead', name: 'Lead' },
      { id: 'support', name: 'Support worker' },
    ],
    skills: [
      { id: 'safeguarding', name: 'Safeguarding', kind: 'training' },
      { id: 'amhp', name: 'AMHP approval', kind: 'approval' },
    ],
    staff: [
      {
        id: 'ann',
        name: 'Ann Lead',
        kind: 'contracted',
        contractMinutesPerWeek: 1680,
        roles: ['lead', 'support'],
        skills: [{ skillId: 'safeguarding' }, { skillId: 'amhp', validUntil: '2026-11-25' }],
        costPencePerHour: 1450,
      },
      {
        id: 'bob',
        name: 'Bob Bank',
        kind: 'bank',
        roles: ['support'],
        skills: [{ skillId: 'safeguarding' }],
        refusedSiteIds: ['annex'],
        costPencePerHour: 1200,
      },
    ],
    templates: [
      {
        id: 'drop-in',
        name: 'Evening drop-in',
        kind: 'drop-in',
        siteId: 'hub',
        startTime: '17:30',
        endTime: '00:30',
        rrule: 'FREQ=WEEKLY;BYDAY=TU,WE,TH,FR',
        // 7 hours: the Working Time Regulations' 20-minute break, paid, as at the real sanctuary.
        breaks: [{ minutes: 20, paid: true }],
        demand: [
          { roleId: 'lead', min: 1, preferred: 1, max: 1, skills: ['safeguarding'] },
          { roleId: 'support', min: 0, preferred: 1, max: 2, skills: ['safeguarding'] },
        ],
        tags: ['late'],
      },
    ],
  };
}
