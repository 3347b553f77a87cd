// SQL for reading offers off the accept path: a rota's open places and who is asked, a worker's
// offers, the manager's history, expiry, and the sessions a worker won (for the calendar).
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, lte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assignments, offerEvents, offerFills, offerInvites, offerPlaces, offers } from '../db/schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;
type OfferPlaceRow = typeof offerPlaces.$inferSelect;
type OfferInviteRow = typeof offerInvites.$inferSelect;

export function offerPlacesOf(db: Tx, offerIds: readonly string[]): OfferPlaceRow[] {
  if (offerIds.length === 0) return [];
  return db
    .select()
    .from(offerPlaces)
    .where(inArray(offerPlaces.offerId, [...offerIds]))
    .orderBy(asc(offerPlaces.offerId), asc(offerPlaces.position))
    .all();
}

/** Places of a rota under offers still open and not yet won: they are spoken for until the offer closes. */
export function openOfferPlaces(db: Tx, rotaId: string): OfferPlaceRow[] {
  return db
    .select({ p: offerPlaces })
    .from(offerPlaces)
    .innerJoin(offers, eq(offers.id, offerPlaces.offerId))
    .leftJoin(offerFills, and(eq(offerFills.offerId, offerPlaces.offerId), eq(offerFills.position, offerPlaces.position)))
    .where(and(eq(offerPlaces.rotaId, rotaId), eq(offers.status, 'open'), isNull(offerFills.offerId)))
    .all()
    .map((r) => r.p);
}

/** Who is asked now (invite open) for each open offer with a place in the rota. */
export function openInvitesOfRota(db: Tx, rotaId: string): { offerId: string; staffId: string }[] {
  const ids = db
    .selectDistinct({ id: offerPlaces.offerId })
    .from(offerPlaces)
    .innerJoin(offers, eq(offers.id, offerPlaces.offerId))
    .where(and(eq(offerPlaces.rotaId, rotaId), eq(offers.status, 'open')))
    .all()
    .map((r) => r.id);
  if (ids.length === 0) return [];
  return db
    .select({ offerId: offerInvites.offerId, staffId: offerInvites.staffId })
    .from(offerInvites)
    .where(and(inArray(offerInvites.offerId, ids), eq(offerInvites.status, 'open')))
    .orderBy(asc(offerInvites.rank))
    .all();
}

/**
 * Sessions a service's workers are asked to take and have not answered yet (invite open, offer
 * open, answer window not passed), touching [fromMin, toMin): a re-plan must not give them a
 * clashing place.
 */
export function unansweredOffersBetween(db: Tx, serviceId: string, fromMin: number, toMin: number, nowMs: number) {
  return db
    .select({ staffId: offerInvites.staffId, offerId: offerPlaces.offerId, rotaId: offerPlaces.rotaId, slotId: offerPlaces.slotId, label: offerPlaces.label, startMin: offerPlaces.startMin, endMin: offerPlaces.endMin })
    .from(offerInvites)
    .innerJoin(offers, eq(offers.id, offerInvites.offerId))
    .innerJoin(offerPlaces, eq(offerPlaces.offerId, offerInvites.offerId))
    .where(
      and(
        eq(offerInvites.serviceId, serviceId),
        eq(offerInvites.status, 'open'),
        eq(offers.status, 'open'),
        gt(offerInvites.expiresAtMs, nowMs),
        lt(offerPlaces.startMin, toMin),
        gt(offerPlaces.endMin, fromMin),
      ),
    )
    .all();
}

/** Every offer with a place in the rota (a series over several weeks shows in each week's rota). */
export function rotaOffers(db: Tx, rotaId: string) {
  const withPlaces = db.selectDistinct({ id: offerPlaces.offerId }).from(offerPlaces).where(eq(offerPlaces.rotaId, rotaId)).all().map((r) => r.id);
  const rows =
    withPlaces.length === 0
      ? []
      : db.select().from(offers).where(inArray(offers.id, withPlaces)).orderBy(asc(offers.createdAtMs), asc(offers.id)).all();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return { rows, invites: [], events: [], places: [] };
  const invites = db.select().from(offerInvites).where(inArray(offerInvites.offerId, ids)).orderBy(asc(offerInvites.rank)).all();
  const events = db.select().from(offerEvents).where(inArray(offerEvents.offerId, ids)).orderBy(asc(offerEvents.id)).all();
  return { rows, invites, events, places: offerPlacesOf(db, ids) };
}

/** A worker's invites in the given states, with their offers. */
export function invitesOfStaff(db: Tx, serviceId: string, staffId: string, statuses: readonly OfferInviteRow['status'][]) {
  return db
    .select({ invite: offerInvites, offer: offers })
    .from(offerInvites)
    .innerJoin(offers, eq(offers.id, offerInvites.offerId))
    .where(and(eq(offerInvites.serviceId, serviceId), eq(offerInvites.staffId, staffId), inArray(offerInvites.status, [...statuses])))
    .orderBy(asc(offerInvites.expiresAtMs), asc(offers.createdAtMs))
    .all();
}

/** Open offers with an invite whose time is up. */
export function dueOfferIds(db: Tx, nowMs: number): string[] {
  return db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.status, 'open'), isNotNull(offers.nextExpiryMs), lte(offers.nextExpiryMs, nowMs)))
    .orderBy(asc(offers.nextExpiryMs))
    .all()
    .map((r) => r.id);
}

/** The sessions a worker won through offers, with the place as offered (where, what), for the calendar. */
export function acceptedSessionsOf(db: Tx, serviceId: string, staffId: string) {
  return db
    .select({ fill: offerFills, place: offerPlaces, assignment: assignments })
    .from(offerFills)
    .innerJoin(offerPlaces, and(eq(offerPlaces.offerId, offerFills.offerId), eq(offerPlaces.position, offerFills.position)))
    .innerJoin(assignments, eq(assignments.id, offerFills.assignmentId))
    .where(and(eq(assignments.serviceId, serviceId), eq(assignments.staffId, staffId)))
    .orderBy(asc(assignments.startMin))
    .all();
}
