// SQL for bank offers. Callers pass a transaction when several statements must stand or fall together.
import { and, asc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assignments, offerEvents, offerFills, offerInvites, offerPlaces, offers, rotas } from '../db/schema/index.ts';
import type { Invite, Offer, OfferEvent } from './state.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;
export type OfferRow = typeof offers.$inferSelect;
export type OfferPlaceRow = typeof offerPlaces.$inferSelect;
export type OfferInviteRow = typeof offerInvites.$inferSelect;
export type OfferEventRow = typeof offerEvents.$inferSelect;
export type AssignmentRow = typeof assignments.$inferSelect;

export interface StoredOffer {
  readonly row: OfferRow;
  readonly offer: Offer;
}

export function getRotaRow(db: Tx, rotaId: string) {
  return db.select().from(rotas).where(eq(rotas.id, rotaId)).get();
}

export function rotaAssignments(db: Tx, rotaId: string): AssignmentRow[] {
  return db.select().from(assignments).where(eq(assignments.rotaId, rotaId)).orderBy(asc(assignments.id)).all();
}

export function workerAssignmentsInRota(db: Tx, rotaId: string, staffId: string): AssignmentRow[] {
  return db
    .select()
    .from(assignments)
    .where(and(eq(assignments.rotaId, rotaId), eq(assignments.staffId, staffId)))
    .all();
}

export function placeAssignments(db: Tx, rotaId: string, slotId: string): AssignmentRow[] {
  return db
    .select()
    .from(assignments)
    .where(and(eq(assignments.rotaId, rotaId), eq(assignments.slotId, slotId)))
    .all();
}

export function insertAssignment(db: Tx, row: typeof assignments.$inferInsert): number {
  return db.insert(assignments).values(row).returning({ id: assignments.id }).get().id;
}

export function deleteAssignment(db: Tx, id: number): void {
  db.delete(assignments).where(eq(assignments.id, id)).run();
}

export function insertOffer(
  db: Tx,
  row: typeof offers.$inferInsert,
  places: readonly (typeof offerPlaces.$inferInsert)[],
  offer: Offer,
  serviceId: string,
): void {
  db.insert(offers).values(row).run();
  if (places.length > 0) db.insert(offerPlaces).values([...places]).run();
  if (offer.invites.length > 0) db.insert(offerInvites).values(offer.invites.map((i) => inviteRow(offer.id, serviceId, i))).run();
}

function inviteRow(offerId: string, serviceId: string, i: Invite): typeof offerInvites.$inferInsert {
  return {
    offerId,
    serviceId,
    staffId: i.workerId,
    rank: i.rank,
    status: i.status,
    sentAtMs: i.sentAtMs,
    expiresAtMs: i.expiresAtMs,
    closedAtMs: i.closedAtMs,
    reason: i.reason,
  };
}

export function loadOffer(db: Tx, offerId: string): StoredOffer | undefined {
  const row = db.select().from(offers).where(eq(offers.id, offerId)).get();
  if (!row) return undefined;
  const invites = db.select().from(offerInvites).where(eq(offerInvites.offerId, offerId)).orderBy(asc(offerInvites.rank)).all();
  return { row, offer: toOffer(row, invites) };
}

function toOffer(row: OfferRow, invites: readonly OfferInviteRow[]): Offer {
  return {
    id: row.id,
    mode: row.mode,
    ttlMs: row.ttlMs,
    status: row.status,
    createdAtMs: row.createdAtMs,
    closedAtMs: row.closedAtMs,
    winnerWorkerId: row.winnerStaffId,
    invites: invites.map((i) => ({
      workerId: i.staffId,
      rank: i.rank,
      status: i.status,
      sentAtMs: i.sentAtMs,
      expiresAtMs: i.expiresAtMs,
      closedAtMs: i.closedAtMs,
      reason: i.reason,
    })),
  };
}

/** Writes what changed between two states of one offer, and its events. */
export function saveOffer(db: Tx, before: Offer, after: Offer, events: readonly OfferEvent[], actor: string, nextExpiryMs: number | null): void {
  if (before === after && events.length === 0) return;
  db.update(offers)
    .set({ status: after.status, winnerStaffId: after.winnerWorkerId, closedAtMs: after.closedAtMs, nextExpiryMs })
    .where(eq(offers.id, after.id))
    .run();
  after.invites.forEach((inv, k) => {
    const old = before.invites[k];
    if (old === inv) return;
    db.update(offerInvites)
      .set({ status: inv.status, sentAtMs: inv.sentAtMs, expiresAtMs: inv.expiresAtMs, closedAtMs: inv.closedAtMs, reason: inv.reason })
      .where(and(eq(offerInvites.offerId, after.id), eq(offerInvites.staffId, inv.workerId)))
      .run();
  });
  insertEvents(db, events, actor);
}

export function insertEvents(db: Tx, events: readonly OfferEvent[], actor: string): void {
  if (events.length === 0) return;
  db.insert(offerEvents)
    .values(events.map((e) => ({ offerId: e.offerId, type: e.type, staffId: e.workerId ?? null, atMs: e.atMs, reason: e.reason ?? null, actor })))
    .run();
}

export function offerPlacesOf(db: Tx, offerIds: readonly string[]): OfferPlaceRow[] {
  if (offerIds.length === 0) return [];
  return db
    .select()
    .from(offerPlaces)
    .where(inArray(offerPlaces.offerId, [...offerIds]))
    .orderBy(asc(offerPlaces.offerId), asc(offerPlaces.position))
    .all();
}

/** Places of a rota under offers still open: they are spoken for until the offer closes. */
export function openOfferPlaces(db: Tx, rotaId: string): OfferPlaceRow[] {
  return db
    .select({ p: offerPlaces })
    .from(offerPlaces)
    .innerJoin(offers, eq(offers.id, offerPlaces.offerId))
    .where(and(eq(offerPlaces.rotaId, rotaId), eq(offers.status, 'open')))
    .all()
    .map((r) => r.p);
}

export function rotaOffers(db: Tx, rotaId: string) {
  const rows = db.select().from(offers).where(eq(offers.rotaId, rotaId)).orderBy(asc(offers.createdAtMs), asc(offers.id)).all();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return { rows, invites: [], events: [], places: [] };
  const invites = db.select().from(offerInvites).where(inArray(offerInvites.offerId, ids)).orderBy(asc(offerInvites.rank)).all();
  const events = db.select().from(offerEvents).where(inArray(offerEvents.offerId, ids)).orderBy(asc(offerEvents.id)).all();
  return { rows, invites, events, places: offerPlacesOf(db, ids) };
}

/** A worker's invites in a given state, with their offers. */
export function invitesOfStaff(db: Tx, serviceId: string, staffId: string, status: OfferInviteRow['status']) {
  return db
    .select({ invite: offerInvites, offer: offers })
    .from(offerInvites)
    .innerJoin(offers, eq(offers.id, offerInvites.offerId))
    .where(and(eq(offerInvites.serviceId, serviceId), eq(offerInvites.staffId, staffId), eq(offerInvites.status, status)))
    .orderBy(asc(offerInvites.expiresAtMs))
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

export function insertFill(db: Tx, row: typeof offerFills.$inferInsert): void {
  db.insert(offerFills).values(row).run();
}

/** The sessions a worker won through offers, with where and when, for the calendar. */
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
