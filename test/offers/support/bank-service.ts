// A small North Kent style bank service for the offer tests: wellbeing sessions (3 h + 1 paid h)
// at two venues, a group series, one contracted worker and several bank workers.
import type { ServiceFile } from '../../../src/service-file/types.ts';
import type { Db } from '../../../src/db/client.ts';
import { upsertServiceFile } from '../../../src/db/repositories/service-file-repo.ts';
import { rotas } from '../../../src/db/schema/index.ts';

export const WEEK = '2026-11-23';

export function bankService(id = 'kent-bank', bankWorkers = 4): ServiceFile {
  return {
    formatVersion: 1,
    organisation: { id, name: 'North Kent Bank' },
    timeZone: 'Europe/London',
    sites: [
      { id: 'gravesend', name: 'Gravesend Community Hub', address: '1 Windmill St, Gravesend', travelMinutes: { dartford: 25 } },
      { id: 'dartford', name: 'Dartford Library', address: 'Market St, Dartford' },
    ],
    roles: [{ id: 'support', name: 'Bank support worker' }],
    skills: [{ id: 'group-work', name: 'Group work', kind: 'skill' }],
    staff: [
      { id: 'carl', name: 'Carl Contracted', kind: 'contracted', contractMinutesPerWeek: 240, roles: ['support'], costPencePerHour: 1300 },
      ...Array.from({ length: bankWorkers }, (_, i) => ({
        id: `bank-${String(i).padStart(3, '0')}`,
        name: `Bank Worker ${i}`,
        kind: 'bank' as const,
        roles: ['support'],
        skills: [{ skillId: 'group-work' }],
        costPencePerHour: 1200 + (i % 7) * 10,
      })),
    ],
    templates: [
      {
        id: 'wellbeing',
        name: 'Wellbeing session',
        kind: 'wellbeing',
        siteId: 'gravesend',
        startTime: '10:00',
        endTime: '13:00',
        paidExtraMinutes: 60,
        rrule: 'FREQ=WEEKLY;BYDAY=TU,TH',
        demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1 }],
      },
      {
        id: 'evening',
        name: 'Evening activity',
        kind: 'activity',
        siteId: 'dartford',
        startTime: '18:00',
        endTime: '21:00',
        paidExtraMinutes: 60,
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
        demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1 }],
      },
      {
        id: 'group',
        name: 'Self-management group',
        kind: 'group',
        siteId: 'dartford',
        startTime: '14:00',
        endTime: '16:00',
        rrule: 'FREQ=WEEKLY;BYDAY=MO,WE',
        seriesId: 'group-a',
        demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1, skills: ['group-work'] }],
      },
    ],
    rules: { minRestMinutes: 660 },
  };
}

export function seed(db: Db, file: ServiceFile = bankService(), rotaId = 'rota-1', weekStart = WEEK): string {
  const now = '2026-11-20T09:00:00.000Z';
  db.transaction((tx) => {
    upsertServiceFile(tx, file, now);
    tx.insert(rotas)
      .values({ id: rotaId, serviceId: file.organisation.id, weekStart, status: 'done', createdAt: now, createdBy: 'test', updatedAt: now })
      .run();
  });
  return rotaId;
}
