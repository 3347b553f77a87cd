// SQL for bank offers. Callers pass a transaction when several statements must stand or fall together.
// The accept path's statements are prepared once per connection (statements.ts).
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assignments, offerEvents, offerInvites, offerPlaces, offers } from '../db/schema/index.ts';
import { nextExpiryMs as nextExpiry, type Invite, type Offer, type OfferEvent } from './state.ts';
import { st } from './statements.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;
// The reads off the accept path (drizzle queries: history, a worker's offers, a rota's open places).
export * from './read-queries.ts';
export type OfferRow = typeof offers.$inferSelect;
export type OfferPlaceRow = typeof offerPlaces.$inferSelect;
export type OfferInviteRow = typeof offerInvites.$inferSelect;
export type OfferEventRow = typeof offerEvents.$inferSelect;
export type AssignmentRow = typeof assignments.$inferSelect;

type Raw = Record<string, unknown>;

export interface RotaRef {
  readonly id: string;
  readonly serviceId: string;
  readonly weekStart: string;
  /** queued | running while a solve is under way; done | failed after. */
  readonly status: string;
  readonly publishedAt: string | null;
}

export interface StoredOffer {
  readonly row: OfferRow;
  readonly offer: Offer;
}

export function getRotaRow(db: Db, rotaId: string): RotaRef | undefined {
  const r = st(db).rota.get(rotaId) as Raw | undefined;
  return (
    r && {
      id: r.id as string,
      serviceId: r.service_id as string,
      weekStart: r.week_start as string,
      status: r.status as string,
      publishedAt: (r.published_at as string | null) ?? null,
    }
  );
}

export function rotaAssignments(db: Tx, rotaId: string): AssignmentRow[] {
  return db.select().from(assignments).where(eq(assignments.rotaId, rotaId)).orderBy(asc(assignments.id)).all();
}

export function workerAssignmentsInRota(db: Db, rotaId: string, staffId: string): { slotId: string; roleId: string; staffId: string }[] {
  return (st(db).workerAssignments.all(rotaId, staffId) as Raw[]).map((r) => ({
    slotId: r.slot_id as string,
    roleId: r.role_id as string,
    staffId: r.staff_id as string,
  }));
}

export function placeAssignments(db: Db, rotaId: string, slotId: string): { id: number; roleId: string; staffId: string; proposed: boolean }[] {
  return (st(db).placeAssignments.all(rotaId, slotId) as Raw[]).map((r) => ({
    id: r.id as number,
    roleId: r.role_id as string,
    staffId: r.staff_id as string,
    proposed: r.proposed === 1,
  }));
}

/** How many workers hold a (session, role) of the week: in this rota, or published or accepted in another version of it. */
export function heldInSession(db: Db, place: { serviceId: string; weekStart: string; rotaId: string; slotId: string; roleId: string }): number {
  const row = st(db).heldInSession.get(place.serviceId, place.weekStart, place.slotId, place.roleId, place.rotaId) as Raw;
  return Number(row.n);
}

/** The places a worker won in one offer: position and the assignment it became. */
export function fillsOf(db: Db, offerId: string, staffId: string): { position: number; assignmentId: number }[] {
  return (st(db).fillsOf.all(offerId, staffId) as Raw[]).map((r) => ({ position: r.position as number, assignmentId: r.assignment_id as number }));
}

/** Positions of an offer already won. */
export function filledPositions(db: Db, offerId: string): Set<number> {
  return new Set((st(db).filledPositions.all(offerId) as Raw[]).map((r) => r.position as number));
}

/** The offer (and worker) an assignment was won through, if it was. */
export function fillOfAssignment(db: Db, assignmentId: number): { offerId: string; staffId: string } | undefined {
  const r = st(db).fillOfAssignment.get(assignmentId) as Raw | undefined;
  return r && { offerId: r.offer_id as string, staffId: r.staff_id as string };
}

/** Frees the offered place an assignment filled (the manager took it away). */
export function deleteFill(db: Db, assignmentId: number): void {
  st(db).deleteFill.run(assignmentId);
}

/** Every rota with a place in the offer: its stored score and unfilled list no longer describe it. */
export function markOfferRotasChanged(db: Db, offerId: string, atIso: string): void {
  st(db).markOfferRotasChanged.run(atIso, offerId);
}

/**
 * Sessions held (pinned or published) in the service's rotas other than `rotaIds` that touch
 * [fromMin, toMin): what a worker already has in the weeks either side.
 */
export function heldInOtherRotas(
  db: Db,
  serviceId: string,
  rotaIds: readonly string[],
  fromMin: number,
  toMin: number,
  staffId?: string,
): { staffId: string; slotId: string; startMin: number; endMin: number }[] {
  const s = st(db);
  const rows = (staffId === undefined ? s.heldAll.all(serviceId, toMin, fromMin) : s.heldOne.all(serviceId, staffId, toMin, fromMin)) as Raw[];
  return rows
    .filter((r) => !rotaIds.includes(r.rota_id as string))
    .map((r) => ({ staffId: r.staff_id as string, slotId: r.slot_id as string, startMin: r.start_min as number, endMin: r.end_min as number }));
}

/** The pinned place an accepted offer becomes. */
export interface OfferAssignment {
  readonly rotaId: string;
  readonly serviceId: string;
  readonly slotId: string;
  readonly roleId: string;
  readonly staffId: string;
  readonly startMin: number;
  readonly endMin: number;
  readonly workMinutes: number;
  readonly published: boolean;
  readonly note: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export function insertAssignment(db: Db, a: OfferAssignment): number {
  const r = st(db).insertAssignment.run(
    a.rotaId,
    a.serviceId,
    a.slotId,
    a.roleId,
    a.staffId,
    a.startMin,
    a.endMin,
    a.workMinutes,
    a.published ? 1 : 0,
    a.note,
    a.updatedAt,
    a.updatedBy,
  );
  return Number(r.lastInsertRowid);
}

/** Removes a planned place (it goes out as an offer instead); its rota's stored score goes stale. */
export function deleteAssignment(db: Db, id: number, atIso: string): void {
  const s = st(db);
  s.markRotaOfAssignmentChanged.run(atIso, id);
  s.deleteAssignment.run(id);
}

/** Marks every rota of the service with a week starting in [fromWeek, toWeek] stale (an accept is a fixed fact for them). */
export function markWeeksChanged(db: Db, serviceId: string, fromWeek: string, toWeek: string): void {
  st(db).markWeeksChanged.run(serviceId, fromWeek, toWeek);
}

/** Marks a rota's stored score, analysis and unfilled list stale, without the cost of rescoring here. */
export function markRotaChanged(db: Db, rotaId: string, atIso: string): void {
  st(db).markRotaChanged.run(atIso, rotaId);
}

export function insertOffer(
  db: Tx,
  row: typeof offers.$inferInsert,
  places: readonly (typeof offerPlaces.$inferInsert)[],
  offer: Offer,
  serviceId: string,
): void {
  db.insert(offers).values(row).run();
  // The offer's next step (an expiry, the next worker of a cascade) is a delayed job.
  if (row.status === 'open' && row.nextExpiryMs != null) scheduleOfferStep(db as Db, row.id, row.nextExpiryMs, row.createdAtMs);
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

/**
 * Loads an offer with its invites. With `onlyStaffIfClosed`, a closed offer comes with just that
 * worker's invite: nothing can change on a closed offer, and what a worker is told depends only on
 * the offer's state and their own invite, so the many late accepts on a taken place stay cheap.
 */
export function loadOffer(db: Db, offerId: string, onlyStaffIfClosed?: string): StoredOffer | undefined {
  const s = st(db);
  const r = s.offer.get(offerId) as Raw | undefined;
  if (!r) return undefined;
  const row: OfferRow = {
    id: r.id as string,
    rotaId: r.rota_id as string,
    serviceId: r.service_id as string,
    mode: r.mode as OfferRow['mode'],
    ttlMs: r.ttl_ms as number,
    deadlineMs: (r.deadline_ms as number | null) ?? null,
    status: r.status as OfferRow['status'],
    capacity: (r.capacity as number | null) ?? 1,
    seriesId: (r.series_id as string | null) ?? null,
    winnerStaffId: (r.winner_staff_id as string | null) ?? null,
    nextExpiryMs: (r.next_expiry_ms as number | null) ?? null,
    createdAtMs: r.created_at_ms as number,
    closedAtMs: (r.closed_at_ms as number | null) ?? null,
    createdBy: r.created_by as string,
  };
  const rawInvites =
    onlyStaffIfClosed !== undefined && r.status !== 'open'
      ? ([s.invite.get(offerId, onlyStaffIfClosed)].filter(Boolean) as Raw[])
      : (s.invites.all(offerId) as Raw[]);
  const invites = rawInvites.map((i) => ({
    workerId: i.staff_id as string,
    rank: i.rank as number,
    status: i.status as Invite['status'],
    sentAtMs: (i.sent_at_ms as number | null) ?? null,
    expiresAtMs: (i.expires_at_ms as number | null) ?? null,
    closedAtMs: (i.closed_at_ms as number | null) ?? null,
    reason: (i.reason as string | null) ?? null,
  }));
  return {
    row,
    offer: {
      id: row.id,
      mode: row.mode,
      ttlMs: row.ttlMs,
      deadlineMs: row.deadlineMs,
      status: row.status,
      capacity: row.capacity,
      createdAtMs: row.createdAtMs,
      closedAtMs: row.closedAtMs,
      winnerWorkerId: row.winnerStaffId,
      invites,
    },
  };
}

/**
 * The offer's step job follows its next expiry: moved when queued, made when missing, removed when
 * nothing waits (prepared statements: this runs on the accept path). A running step is left alone.
 */
export function scheduleOfferStep(db: Db, offerId: string, runAtMs: number | null, nowMs: number): void {
  const s = st(db);
  const live = s.liveOfferStep.get(offerId) as { id: number; state: string; run_at_ms: number } | undefined;
  if (live?.state === 'running') return;
  if (runAtMs === null) {
    if (live) s.deleteOfferStep.run(live.id);
  } else if (live) {
    if (Number(live.run_at_ms) !== runAtMs) s.moveOfferStep.run(runAtMs, live.id);
  } else s.insertOfferStep.run(offerId, runAtMs, nowMs);
}

/** Writes what changed between two states of one offer, and its events. */
export function saveOffer(db: Db, before: Offer, after: Offer, events: readonly OfferEvent[], actor: string, nextExpiryMs: number | null): void {
  if (before === after && events.length === 0) return;
  const s = st(db);
  s.updateOffer.run(after.status, after.winnerWorkerId, after.closedAtMs, nextExpiryMs, after.id);
  // The delayed job follows the offer's next expiry (only when it moved: the accept path stays short).
  const due = after.status === 'open' ? nextExpiryMs : null;
  if (due !== (before.status === 'open' ? nextExpiry(before) : null)) {
    scheduleOfferStep(db, after.id, due, events.at(-1)?.atMs ?? after.closedAtMs ?? after.createdAtMs);
  }
  // Closing an offer withdraws every invite still open or queued, all alike: one statement for
  // them instead of one per invite (a broadcast can reach hundreds of workers).
  const bulk = bulkWithdrawal(before, after);
  after.invites.forEach((inv, k) => {
    const old = before.invites[k];
    if (old === inv || (bulk && (old.status === 'open' || old.status === 'queued') && inv.status === 'withdrawn')) return;
    s.updateInvite.run(inv.status, inv.sentAtMs, inv.expiresAtMs, inv.closedAtMs, inv.reason, after.id, inv.workerId);
  });
  if (bulk) s.withdrawRest.run(bulk.closedAtMs, bulk.reason, after.id);
  insertEvents(db, events, actor);
}

/** When every invite still open or queued (and not otherwise changed) is withdrawn alike, how. */
function bulkWithdrawal(before: Offer, after: Offer): { closedAtMs: number | null; reason: string | null } | null {
  if (after.invites.length !== before.invites.length) return null;
  let shared: { closedAtMs: number | null; reason: string | null } | null = null;
  for (let k = 0; k < after.invites.length; k++) {
    const old = before.invites[k];
    const inv = after.invites[k];
    if (old.status !== 'open' && old.status !== 'queued') continue;
    if (inv.status !== 'withdrawn') {
      // Still open, or answered individually (the winner): updated on its own, after which it is
      // no longer open or queued in the table; the bulk statement only touches the rest.
      if (inv.status === 'open' || inv.status === 'queued') return null;
      continue;
    }
    if (inv.sentAtMs !== old.sentAtMs || inv.expiresAtMs !== old.expiresAtMs) return null;
    if (shared === null) shared = { closedAtMs: inv.closedAtMs, reason: inv.reason };
    else if (shared.closedAtMs !== inv.closedAtMs || shared.reason !== inv.reason) return null;
  }
  return shared;
}

export function insertEvents(db: Db, events: readonly OfferEvent[], actor: string): void {
  const s = st(db);
  for (const e of events) s.insertEvent.run(e.offerId, e.type, e.workerId ?? null, e.atMs, e.reason ?? null, actor);
}

export interface AuditRow {
  readonly atMs: number;
  readonly actor: string;
  readonly action: string;
  readonly offerId: string;
  readonly serviceId: string;
  readonly reason: string | null;
  readonly details: Record<string, unknown> | null;
}

export function insertAudit(db: Db, a: AuditRow): void {
  st(db).insertAudit.run(new Date(a.atMs).toISOString(), a.actor, a.action, 'offer', a.offerId, a.serviceId, a.reason, a.details === null ? null : JSON.stringify(a.details));
}

/** The places of one offer, in order. */
export function placesOfOffer(db: Db, offerId: string): OfferPlaceRow[] {
  return (st(db).places.all(offerId) as Raw[]).map((p) => ({
    offerId: p.offer_id as string,
    position: p.position as number,
    rotaId: p.rota_id as string,
    slotId: p.slot_id as string,
    roleId: p.role_id as string,
    label: p.label as string,
    siteId: (p.site_id as string | null) ?? null,
    siteName: (p.site_name as string | null) ?? null,
    startMin: p.start_min as number,
    endMin: p.end_min as number,
    workMinutes: p.work_minutes as number,
  }));
}

export function insertFill(db: Db, row: { offerId: string; position: number; staffId: string; assignmentId: number; atMs: number }): void {
  st(db).insertFill.run(row.offerId, row.position, row.staffId, row.assignmentId, row.atMs);
}

