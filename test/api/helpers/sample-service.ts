// A small service file written for these tests (the repo's fixtures may change under other work):
// an evening drop-in that crosses midnight, two sites, a lead role needing safeguarding.
import type { ServiceFile } from '../../../src/service-file/types.ts';

export function sampleService(id = 'test-sanctuary'): ServiceFile {
  return {
    formatVersion: 1,
    comment: 'test service',
    organisation: { id, name: 'Test Sanctuary' },
    timeZone: 'Europe/London',
    sites: [
      { id: 'hub', name: 'Hub', address: '1 High St', travelMinutes: { annex: 20 } },
      { id: 'annex', name: 'Annex', travelMinutes: { hub: 20 } },
    ],
    roles: [
      { id: 'lead', name: 'Project worker (lead)' },
      { id: 'support', name: 'Crisis and recovery worker' },
    ],
    skills: [
      { id: 'safeguarding', name: 'Safeguarding level 3', kind: 'training' },
      { id: 'driving', name: 'Full driving licence', kind: 'licence' },
    ],
    staff: [
      {
        id: 'ann',
        name: 'Ann Lead',
        kind: 'contracted',
        contractMinutesPerWeek: 1680,
        roles: ['lead', 'support'],
        skills: [{ skillId: 'safeguarding', validFrom: '2024-01-01', validUntil: '2030-12-31' }],
        costPencePerHour: 1500,
      },
      {
        id: 'bob',
        name: 'Bob Lead',
        kind: 'contracted',
        contractMinutesPerWeek: 1680,
        roles: ['lead', 'support'],
        skills: [{ skillId: 'safeguarding' }],
        absences: [{ kind: 'leave', from: '2026-12-07', to: '2026-12-09', approvedBy: 'coordinator' }],
        costPencePerHour: 1500,
      },
      {
        id: 'cat',
        name: 'Cat Support',
        kind: 'contracted',
        contractMinutesPerWeek: 1680,
        roles: ['support'],
        skills: [{ skillId: 'safeguarding' }, { skillId: 'driving', validUntil: '2020-01-01' }],
        costPencePerHour: 1300,
      },
      {
        id: 'dan',
        name: 'Dan Bank',
        kind: 'bank',
        roles: ['support'],
        skills: [{ skillId: 'safeguarding' }],
        availability: {
          windows: [{ rrule: 'FREQ=WEEKLY;BYDAY=TU,WE,TH,FR', startTime: '17:00', endTime: '01:00' }],
          exceptions: [{ date: '2026-12-10', available: false }],
        },
        refusedSiteIds: ['annex'],
        costPencePerHour: 1400,
      },
      {
        id: 'eve',
        name: 'Eve Support',
        kind: 'contracted',
        contractMinutesPerWeek: 1680,
        roles: ['support'],
        skills: [{ skillId: 'safeguarding' }],
        costPencePerHour: 1300,
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
        tags: ['late'],
        // 7 hours: the Working Time Regulations' 20-minute break, paid, as at the real sanctuary.
        breaks: [{ minutes: 20, paid: true }],
        demand: [
          { roleId: 'lead', min: 1, preferred: 1, max: 1, skills: ['safeguarding'] },
          { roleId: 'support', min: 1, preferred: 1, max: 2, skills: ['safeguarding'] },
        ],
      },
    ],
    rules: { minRestMinutes: 660, weights: { 'cover.preferredUnder': 10 } },
  };
}

/** A Monday inside the sample's horizon. */
export const SAMPLE_WEEK = '2026-12-07';

/**
 * The sample with Tuesday street outreach (18:00-22:00, overlapping Tuesday's drop-in 17:30-00:30)
 * that only Dan (bank) can do, and Cat on leave for the week, so Tuesday's drop-in has one support
 * worker and room for a second.
 */
export function outreachService(id = 'test-sanctuary'): ServiceFile {
  const file = sampleService(id);
  file.roles.push({ id: 'outreach', name: 'Outreach worker' });
  file.staff = file.staff.map((m) => (m.id === 'dan' ? { ...m, roles: ['support', 'outreach'] } : m));
  file.staff = file.staff.map((m) => (m.id === 'cat' ? { ...m, absences: [{ kind: 'leave', from: '2026-12-07', to: '2026-12-13' }] } : m));
  file.templates.push({
    id: 'outreach',
    name: 'Street outreach',
    kind: 'outreach',
    siteId: 'hub',
    startTime: '18:00',
    endTime: '22:00',
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    demand: [{ roleId: 'outreach', min: 1, preferred: 1, max: 1 }],
  });
  return file;
}
