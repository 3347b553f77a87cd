// Small reads the offer and token modules need about a service and its people: its zone and name,
// its sites, role and skill names, rules, and a staff member's name and pay rate.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { roles, ruleSettings, services, sites, skills, staff } from '../schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type SiteRow = typeof sites.$inferSelect;
export type RuleSettingsRow = typeof ruleSettings.$inferSelect;

export function serviceHeader(db: Tx, serviceId: string): { id: string; name: string; timeZone: string | null } | undefined {
  return db.select({ id: services.id, name: services.name, timeZone: services.timeZone }).from(services).where(eq(services.id, serviceId)).get();
}

export function sitesOf(db: Tx, serviceId: string): SiteRow[] {
  return db.select().from(sites).where(eq(sites.serviceId, serviceId)).all();
}

/** Role id -> name. */
export function roleNamesOf(db: Tx, serviceId: string): Map<string, string> {
  return new Map(db.select().from(roles).where(eq(roles.serviceId, serviceId)).all().map((r) => [r.id, r.name]));
}

export function skillNamesOf(db: Tx, serviceId: string): { id: string; name: string }[] {
  return db.select({ id: skills.id, name: skills.name }).from(skills).where(eq(skills.serviceId, serviceId)).all();
}

export function ruleSettingsOf(db: Tx, serviceId: string): RuleSettingsRow | undefined {
  return db.select().from(ruleSettings).where(eq(ruleSettings.serviceId, serviceId)).get();
}

export function staffNameOf(db: Tx, serviceId: string, staffId: string): string | undefined {
  return db.select({ name: staff.name }).from(staff).where(and(eq(staff.serviceId, serviceId), eq(staff.id, staffId))).get()?.name;
}

export function staffRatePenceOf(db: Tx, serviceId: string, staffId: string): number | undefined {
  return db.select({ rate: staff.costPencePerHour }).from(staff).where(and(eq(staff.serviceId, serviceId), eq(staff.id, staffId))).get()?.rate;
}

/** Staff members with this id that are not archived, in whichever service. */
export function activeStaffById(db: Tx, staffId: string): { serviceId: string; name: string }[] {
  return db
    .select({ serviceId: staff.serviceId, name: staff.name })
    .from(staff)
    .where(and(eq(staff.id, staffId), isNull(staff.archivedAt)))
    .all();
}
