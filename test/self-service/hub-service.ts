// A second service for the self-service tests, in a spring week (British Summer Time) far from the
// sample's December week: rehabilitation workers at a hub on earlies (07:00-15:00) and lates
// (14:00-22:00, two wanted, one held), and Tuesday home visits from the east clinic needing a
// driving licence (Dee's ran out on Sat 10 April). Ann and Cal have email addresses on file, Ben and
// Dee none. Written apart from the code under test.
import type { ServiceFile } from '../../src/service-file/types.ts';

export const HUB = 'test-hub';
/** Monday 12 April 2027. */
export const HUB_WEEK = '2027-04-12';
/** Thursday 1 April 2027, 09:00 UTC: before the week. */
export const HUB_NOW = Date.UTC(2027, 3, 1, 9);

export function hubFile(): ServiceFile {
  const unpaidLunch = [{ minutes: 30, paid: false }];
  return {
    formatVersion: 1,
    organisation: { id: HUB, name: 'Test Hub' },
    timeZone: 'Europe/London',
    sites: [
      { id: 'hub', name: 'Hub', travelMinutes: { east: 30 } },
      { id: 'east', name: 'East clinic', travelMinutes: { hub: 30 } },
    ],
    roles: [{ id: 'rehab', name: 'Rehabilitation worker' }],
    skills: [{ id: 'driving', name: 'Full driving licence', kind: 'licence' }],
    staff: [
      { id: 'ann', name: 'Ann Early', email: 'ann@example.org', kind: 'contracted', contractMinutesPerWeek: 1800, roles: ['rehab'], skills: [{ skillId: 'driving' }], costPencePerHour: 1500 },
      { id: 'ben', name: 'Ben Late', kind: 'contracted', contractMinutesPerWeek: 1800, roles: ['rehab'], skills: [], costPencePerHour: 1500 },
      { id: 'cal', name: 'Cal Bank', email: 'cal@example.org', kind: 'bank', roles: ['rehab'], skills: [{ skillId: 'driving' }], costPencePerHour: 1400 },
      { id: 'dee', name: 'Dee Bank', kind: 'bank', roles: ['rehab'], skills: [{ skillId: 'driving', validUntil: '2027-04-10' }], costPencePerHour: 1400 },
    ],
    templates: [
      {
        id: 'early',
        name: 'Early',
        kind: 'early',
        siteId: 'hub',
        startTime: '07:00',
        endTime: '15:00',
        rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
        breaks: unpaidLunch,
        demand: [{ roleId: 'rehab', min: 1, preferred: 1, max: 1 }],
      },
      {
        id: 'late',
        name: 'Late',
        kind: 'late',
        siteId: 'hub',
        startTime: '14:00',
        endTime: '22:00',
        rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
        tags: ['late'],
        breaks: unpaidLunch,
        demand: [{ roleId: 'rehab', min: 1, preferred: 2, max: 2 }],
      },
      {
        id: 'visit',
        name: 'Home visits',
        kind: 'visits',
        siteId: 'east',
        startTime: '10:00',
        endTime: '13:00',
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        demand: [{ roleId: 'rehab', min: 0, preferred: 1, max: 1, skills: ['driving'] }],
      },
    ],
    rules: { minRestMinutes: 660 },
  };
}

const day = (d: number) => `2027-04-${String(12 + d).padStart(2, '0')}`;
export const early = (d: number) => `early@${day(d)}`;
export const late = (d: number) => `late@${day(d)}`;
export const VISIT = 'visit@2027-04-13';

/** The week as published: Ann on earlies but Tuesday and Friday (Cal's), Ben on lates but Friday (Dee's). */
export const HUB_PLACES: [string, string, string][] = [
  [early(0), 'rehab', 'ann'],
  [early(1), 'rehab', 'cal'],
  [early(2), 'rehab', 'ann'],
  [early(3), 'rehab', 'ann'],
  [early(4), 'rehab', 'cal'],
  [late(0), 'rehab', 'ben'],
  [late(1), 'rehab', 'ben'],
  [late(2), 'rehab', 'ben'],
  [late(3), 'rehab', 'ben'],
  [late(4), 'rehab', 'dee'],
];
