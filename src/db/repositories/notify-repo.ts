// SQL the notification hooks need: who to write to, what a service is called, an offer's sessions,
// a rota's published places, and open invites close to their expiry.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { assignments, offerInvites, offerPlaces, offers, outbox, rotas, services, staff, users } from '../schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Contact {
  staffId: string;
  name: string;
  email: string | null;
  ratePencePerHour: number;
}

export function contacts(db: Tx, serviceId: string, staffIds: readonly string[]): Map<string, Contact> {
  if (staffIds.length === 0) return new Map();
  const rows = db
    .select({ staffId: staff.id, name: staff.name, email: staff.email, ratePencePerHour: staff.costPencePerHour })
    .from(staff)
    .where(and(eq(staff.serviceId, serviceId), inArray(staff.id, [...new Set(staffIds)])))
    .all();
  return new Map(rows.map((r) => [r.staffId, r]));
}

/** Managers who sign in by email and are not disabled (managers are not bound to one service). */
export function managerContacts(db: Tx): { userId: number; name: string; email: string }[] {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.role, 'manager'))
    .orderBy(users.id)
    .all()
    .filter((u) => u.disabledAt === null)
    .map(({ disabledAt: _d, ...u }) => u);
}

export function serviceInfo(db: Tx, serviceId: string): { name: string; timeZone: string } {
  const row = db.select({ name: services.name, timeZone: services.timeZone }).from(services).where(eq(services.id, serviceId)).get();
  return { name: row?.name ?? serviceId, timeZone: row?.timeZone ?? 'Europe/London' };
}

export function placesOfOffer(db: Tx, offerId: string) {
  return db.select().from(offerPlaces).where(eq(offerPlaces.offerId, offerId)).orderBy(offerPlaces.position).all();
}

export function inviteOf(db: Tx, offerId: string, staffId: string) {
  return db
    .select()
    .from(offerInvites)
    .where(and(eq(offerInvites.offerId, offerId), eq(offerInvites.staffId, staffId)))
    .get();
}

export function rotaOf(db: Tx, rotaId: string) {
  return db.select({ id: rotas.id, serviceId: rotas.serviceId, weekStart: rotas.weekStart, slots: rotas.slots }).from(rotas).where(eq(rotas.id, rotaId)).get();
}

export function publishedPlacesOfRota(db: Tx, rotaId: string) {
  return db
    .select({ staffId: assignments.staffId, slotId: assignments.slotId, roleId: assignments.roleId, startMin: assignments.startMin, endMin: assignments.endMin, workMinutes: assignments.workMinutes })
    .from(assignments)
    .where(and(eq(assignments.rotaId, rotaId), eq(assignments.published, true)))
    .orderBy(assignments.startMin)
    .all();
}

/** The shift emails already written for a rota (first to last), with whom each was for. */
export function rotaMailsOf(db: Tx, rotaId: string): { staffId: string | null; dedupeKey: string | null }[] {
  const prefix = `rota-published:${rotaId}:`;
  return db
    .select({ staffId: outbox.staffId, dedupeKey: outbox.dedupeKey })
    .from(outbox)
    .where(and(eq(outbox.kind, 'rota-published'), sql`substr(${outbox.dedupeKey}, 1, ${prefix.length}) = ${prefix}`))
    .orderBy(asc(outbox.id))
    .all();
}

/**
 * Open invites of open offers that expire after now but within a quarter of their answer time (at
 * most 2 hours) and have no reminder in the outbox yet.
 */
export function invitesNeedingReminder(db: Tx, nowMs: number, limit = 200) {
  return db
    .select({ offerId: offerInvites.offerId, serviceId: offerInvites.serviceId, staffId: offerInvites.staffId, expiresAtMs: offerInvites.expiresAtMs })
    .from(offerInvites)
    .innerJoin(offers, eq(offers.id, offerInvites.offerId))
    .leftJoin(outbox, eq(outbox.dedupeKey, sql`'offer-expiring:' || ${offerInvites.offerId} || ':' || ${offerInvites.staffId}`))
    .where(
      and(
        eq(offerInvites.status, 'open'),
        eq(offers.status, 'open'),
        gt(offerInvites.expiresAtMs, nowMs),
        sql`${offerInvites.expiresAtMs} - ${nowMs} <= min(${offers.ttlMs} / 4, 7200000)`,
        sql`${outbox.id} is null`,
      ),
    )
    .limit(limit)
    .all();
}
