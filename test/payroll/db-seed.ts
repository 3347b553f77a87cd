// A tiny database for payroll tests, inserted directly: one service, two staff, three templates and
// one published rota with a night (across the October clock change), a wellbeing and an options session.
import { closeDb, openDb, type Db } from '../../src/db/client.ts';
import { assignments, rotas, services, staff, templates } from '../../src/db/schema/index.ts';
import type { StoredSlot } from '../../src/db/schema/rotas.ts';
import { london } from './helpers.ts';

export const SERVICE = 'kent';
export const ROTA = 'rota-1';
const T = '2026-10-01T00:00:00.000Z';

export interface SeedSlot { id: string; templateId: string; kind: string; start: string; end: string; prep: number; staffId: string }

export const SLOTS: SeedSlot[] = [
  { id: 'night@2026-10-24', templateId: 'night', kind: 'night', start: '2026-10-24 20:00', end: '2026-10-25 08:00', prep: 0, staffId: 'ana' },
  { id: 'wb@2026-10-27', templateId: 'wb', kind: 'wellbeing', start: '2026-10-27 10:00', end: '2026-10-27 13:00', prep: 60, staffId: 'ana' },
  { id: 'opt@2026-10-28', templateId: 'opt', kind: 'options', start: '2026-10-28 10:00', end: '2026-10-28 15:00', prep: 0, staffId: 'carl' },
];

export function seedDb(options: { published?: boolean } = {}): Db {
  const db = openDb(':memory:');
  db.insert(services).values({ id: SERVICE, name: 'North Kent bank', timeZone: 'Europe/London', createdAt: T, updatedAt: T }).run();
  db.insert(staff).values([
    { serviceId: SERVICE, id: 'ana', position: 0, name: 'Ana, "Bank"', kind: 'bank', roles: ['support'], costPencePerHour: 1250, payrollNumber: 'KB0042' },
    { serviceId: SERVICE, id: 'carl', position: 1, name: 'Carl Contract', kind: 'contracted', roles: ['support'], costPencePerHour: 1500 },
  ]).run();
  db.insert(templates).values([
    { serviceId: SERVICE, id: 'night', position: 0, name: 'Night', kind: 'night', siteId: null, startTime: '20:00', endTime: '08:00', rrule: 'FREQ=WEEKLY' },
    { serviceId: SERVICE, id: 'wb', position: 1, name: 'Wellbeing', kind: 'wellbeing', siteId: null, startTime: '10:00', endTime: '13:00', rrule: 'FREQ=WEEKLY', paidExtraMinutes: 60 },
    { serviceId: SERVICE, id: 'opt', position: 2, name: 'Options', kind: 'options', siteId: null, startTime: '10:00', endTime: '15:00', rrule: 'FREQ=WEEKLY', cancelledMinPaidMinutes: 180 },
  ]).run();
  const stored: StoredSlot[] = SLOTS.map((s) => ({
    id: s.id, label: s.id, templateId: s.templateId, kind: s.kind, siteId: null, siteName: null, date: s.start.slice(0, 10),
    localStart: s.start.slice(11), localEnd: s.end.slice(11), startIso: '', endIso: '', startMin: london(s.start), endMin: london(s.end),
    workMinutes: london(s.end) - london(s.start) + s.prep, isBankHoliday: false, roles: [{ roleId: 'support', min: 1, preferred: 1, max: 1, skills: [] }],
  }));
  db.insert(rotas).values({
    id: ROTA, serviceId: SERVICE, weekStart: '2026-10-19', status: 'done', slots: stored,
    publishedAt: options.published === false ? null : T, createdAt: T, createdBy: 'test', updatedAt: T,
  }).run();
  db.insert(assignments).values(stored.map((s, i) => ({
    rotaId: ROTA, serviceId: SERVICE, slotId: s.id, roleId: 'support', staffId: SLOTS[i].staffId, startMin: s.startMin, endMin: s.endMin,
    workMinutes: s.workMinutes, source: 'solver' as const, published: options.published !== false, updatedAt: T, updatedBy: 'test',
  }))).run();
  return db;
}

export { closeDb };

/** Another published rota with one place on it, e.g. a shift overlapping one of the seeded sessions. */
export function addPublishedPlace(db: Db, rotaId: string, s: SeedSlot, weekStart = '2026-10-26'): void {
  const slot: StoredSlot = {
    id: s.id, label: s.id, templateId: s.templateId, kind: s.kind, siteId: null, siteName: null, date: s.start.slice(0, 10),
    localStart: s.start.slice(11), localEnd: s.end.slice(11), startIso: '', endIso: '', startMin: london(s.start), endMin: london(s.end),
    workMinutes: london(s.end) - london(s.start) + s.prep, isBankHoliday: false, roles: [{ roleId: 'support', min: 1, preferred: 1, max: 1, skills: [] }],
  };
  db.insert(rotas).values({ id: rotaId, serviceId: SERVICE, weekStart, status: 'done', slots: [slot], publishedAt: T, createdAt: T, createdBy: 'test', updatedAt: T }).run();
  db.insert(assignments).values({
    rotaId, serviceId: SERVICE, slotId: slot.id, roleId: 'support', staffId: s.staffId, startMin: slot.startMin, endMin: slot.endMin,
    workMinutes: slot.workMinutes, source: 'manual', published: true, updatedAt: T, updatedBy: 'test',
  }).run();
}
