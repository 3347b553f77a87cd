// SQL for staff self-service: approval settings, swaps, open-session requests, leave and
// availability requests, and the fairness ledger's adjustments.
import { and, asc, count, desc, eq, gt, gte, inArray, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../client.ts';
import {
  assignments,
  fairnessAdjustments,
  openPlaceClaims,
  openSessionRequests,
  rotas,
  selfServiceSettings,
  sessionOutcomes,
  staffRequests,
  swapDeclines,
  swapRequests,
  swapTakes,
} from '../schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type SettingsRow = typeof selfServiceSettings.$inferSelect;
export type SwapRow = typeof swapRequests.$inferSelect;
export type OpenRequestRow = typeof openSessionRequests.$inferSelect;
export type StaffRequestRow = typeof staffRequests.$inferSelect;
export type AdjustmentRow = typeof fairnessAdjustments.$inferSelect;

// ---------- settings ----------

export function getSettings(db: Tx, serviceId: string): SettingsRow | undefined {
  return db.select().from(selfServiceSettings).where(eq(selfServiceSettings.serviceId, serviceId)).get();
}

export function putSettings(db: Tx, row: SettingsRow): void {
  db.insert(selfServiceSettings)
    .values(row)
    .onConflictDoUpdate({ target: selfServiceSettings.serviceId, set: { ...row } })
    .run();
}

// ---------- swaps ----------

export function insertSwap(db: Tx, row: typeof swapRequests.$inferInsert): void {
  db.insert(swapRequests).values(row).run();
}

export function getSwap(db: Tx, id: string): SwapRow | undefined {
  return db.select().from(swapRequests).where(eq(swapRequests.id, id)).get();
}

export function updateSwap(db: Tx, id: string, patch: Partial<typeof swapRequests.$inferInsert>): void {
  db.update(swapRequests).set(patch).where(eq(swapRequests.id, id)).run();
}

export function listSwaps(db: Tx, serviceId: string, statuses?: readonly SwapRow['status'][]): SwapRow[] {
  const conds = [eq(swapRequests.serviceId, serviceId)];
  if (statuses && statuses.length > 0) conds.push(inArray(swapRequests.status, [...statuses]));
  return db.select().from(swapRequests).where(and(...conds)).orderBy(desc(swapRequests.createdAtMs), asc(swapRequests.id)).all();
}

/** Swaps still in play (offered, or accepted and awaiting approval) on either of these places. */
export function liveSwapsOnPlaces(db: Tx, assignmentIds: readonly number[]): SwapRow[] {
  if (assignmentIds.length === 0) return [];
  return db
    .select()
    .from(swapRequests)
    .where(
      and(
        inArray(swapRequests.status, ['offered', 'accepted']),
        or(inArray(swapRequests.assignmentId, [...assignmentIds]), inArray(swapRequests.counterAssignmentId, [...assignmentIds])),
      ),
    )
    .all();
}

export function insertTake(db: Tx, swapId: string, staffId: string, atMs: number): void {
  db.insert(swapTakes).values({ swapId, staffId, atMs }).run();
}

export function deleteTake(db: Tx, swapId: string): void {
  db.delete(swapTakes).where(eq(swapTakes.swapId, swapId)).run();
}

export function insertDecline(db: Tx, swapId: string, staffId: string, reason: string | null, atMs: number): void {
  db.insert(swapDeclines).values({ swapId, staffId, reason, atMs }).onConflictDoNothing().run();
}

export function declinesOf(db: Tx, swapId: string): string[] {
  return db
    .select({ staffId: swapDeclines.staffId })
    .from(swapDeclines)
    .where(eq(swapDeclines.swapId, swapId))
    .all()
    .map((r) => r.staffId);
}

/** A payroll outcome recorded for this place's worker (payroll records what happened to a place). */
export function outcomeRecorded(db: Tx, serviceId: string, rotaId: string, slotId: string, staffId: string): boolean {
  return (
    db
      .select({ s: sessionOutcomes.staffId })
      .from(sessionOutcomes)
      .where(
        and(
          eq(sessionOutcomes.serviceId, serviceId),
          eq(sessionOutcomes.rotaId, rotaId),
          eq(sessionOutcomes.slotId, slotId),
          eq(sessionOutcomes.staffId, staffId),
        ),
      )
      .get() !== undefined
  );
}

// ---------- open sessions ----------

export function insertOpenRequest(db: Tx, row: typeof openSessionRequests.$inferInsert): void {
  db.insert(openSessionRequests).values(row).run();
}

export function getOpenRequest(db: Tx, id: string): OpenRequestRow | undefined {
  return db.select().from(openSessionRequests).where(eq(openSessionRequests.id, id)).get();
}

export function updateOpenRequest(db: Tx, id: string, patch: Partial<typeof openSessionRequests.$inferInsert>): void {
  db.update(openSessionRequests).set(patch).where(eq(openSessionRequests.id, id)).run();
}

export function listOpenRequests(db: Tx, filter: { serviceId: string; staffId?: string; status?: OpenRequestRow['status'] }): OpenRequestRow[] {
  const conds = [eq(openSessionRequests.serviceId, filter.serviceId)];
  if (filter.staffId) conds.push(eq(openSessionRequests.staffId, filter.staffId));
  if (filter.status) conds.push(eq(openSessionRequests.status, filter.status));
  return db.select().from(openSessionRequests).where(and(...conds)).orderBy(asc(openSessionRequests.requestedAtMs), asc(openSessionRequests.id)).all();
}

/** Requests still waiting for the same place (rota, session, role), oldest first. */
export function waitingForPlace(db: Tx, rotaId: string, slotId: string, roleId: string): OpenRequestRow[] {
  return db
    .select()
    .from(openSessionRequests)
    .where(
      and(
        eq(openSessionRequests.rotaId, rotaId),
        eq(openSessionRequests.slotId, slotId),
        eq(openSessionRequests.roleId, roleId),
        eq(openSessionRequests.status, 'requested'),
      ),
    )
    .orderBy(asc(openSessionRequests.requestedAtMs), asc(openSessionRequests.id))
    .all();
}

export function insertClaim(db: Tx, row: typeof openPlaceClaims.$inferInsert): void {
  db.insert(openPlaceClaims).values(row).run();
}

/** Published rotas of a service whose week may still hold sessions after `fromMin`. */
export function publishedRotasFrom(db: Tx, serviceId: string, fromWeek: string) {
  return db
    .select()
    .from(rotas)
    .where(and(eq(rotas.serviceId, serviceId), ne(rotas.status, 'failed')))
    .all()
    .filter((r) => r.publishedAt !== null && r.weekStart >= fromWeek);
}

// ---------- leave and availability requests ----------

export function insertStaffRequest(db: Tx, row: typeof staffRequests.$inferInsert): void {
  db.insert(staffRequests).values(row).run();
}

export function getStaffRequest(db: Tx, id: string): StaffRequestRow | undefined {
  return db.select().from(staffRequests).where(eq(staffRequests.id, id)).get();
}

export function updateStaffRequest(db: Tx, id: string, patch: Partial<typeof staffRequests.$inferInsert>): void {
  db.update(staffRequests).set(patch).where(eq(staffRequests.id, id)).run();
}

export function listStaffRequests(db: Tx, filter: { serviceId: string; staffId?: string; status?: StaffRequestRow['status'] }): StaffRequestRow[] {
  const conds = [eq(staffRequests.serviceId, filter.serviceId)];
  if (filter.staffId) conds.push(eq(staffRequests.staffId, filter.staffId));
  if (filter.status) conds.push(eq(staffRequests.status, filter.status));
  return db.select().from(staffRequests).where(and(...conds)).orderBy(desc(staffRequests.createdAtMs), asc(staffRequests.id)).all();
}

/** A worker's published places overlapping [fromMin, toMin). */
export function publishedPlacesOverlapping(db: Tx, serviceId: string, staffId: string, fromMin: number, toMin: number) {
  return db
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.serviceId, serviceId),
        eq(assignments.staffId, staffId),
        eq(assignments.published, true),
        lt(assignments.startMin, toMin),
        gt(assignments.endMin, fromMin),
      ),
    )
    .orderBy(asc(assignments.startMin))
    .all();
}

// ---------- fairness ledger ----------

export function insertAdjustment(db: Tx, row: typeof fairnessAdjustments.$inferInsert): void {
  db.insert(fairnessAdjustments).values(row).run();
}

/** Adjustments and resets of a service made in [fromMin, toMin), oldest first. */
export function adjustmentsBetween(db: Tx, serviceId: string, fromMin: number, toMin: number): AdjustmentRow[] {
  return db
    .select()
    .from(fairnessAdjustments)
    .where(and(eq(fairnessAdjustments.serviceId, serviceId), gte(fairnessAdjustments.atMin, fromMin), lt(fairnessAdjustments.atMin, toMin)))
    .orderBy(asc(fairnessAdjustments.atMin), asc(fairnessAdjustments.id))
    .all();
}

/** An assignment by its id alone (ids are unique across rotas). */
export function assignmentById(db: Tx, id: number) {
  return db.select().from(assignments).where(eq(assignments.id, id)).get();
}

// ---------- a staff member archived ----------

/** Swaps in play (offered or accepted) that involve the staff member in any way. */
export function liveSwapsOf(db: Tx, serviceId: string, staffId: string): SwapRow[] {
  return db
    .select()
    .from(swapRequests)
    .where(and(eq(swapRequests.serviceId, serviceId), inArray(swapRequests.status, ['offered', 'accepted'])))
    .all()
    .filter((s) => s.fromStaffId === staffId || s.toStaffId === staffId || s.takerStaffId === staffId || s.invited.includes(staffId));
}

/** Self-service history naming the staff member (kept, so they are archived rather than deleted). */
export function selfServiceReferences(db: Tx, serviceId: string, staffId: string): { swaps: number; staffRequests: number; openRequests: number; fairnessAdjustments: number } {
  const n = (row: { n: number } | undefined) => row?.n ?? 0;
  return {
    swaps: n(
      db
        .select({ n: count() })
        .from(swapRequests)
        .where(and(eq(swapRequests.serviceId, serviceId), or(eq(swapRequests.fromStaffId, staffId), eq(swapRequests.toStaffId, staffId), eq(swapRequests.takerStaffId, staffId))))
        .get(),
    ),
    staffRequests: n(db.select({ n: count() }).from(staffRequests).where(and(eq(staffRequests.serviceId, serviceId), eq(staffRequests.staffId, staffId))).get()),
    openRequests: n(db.select({ n: count() }).from(openSessionRequests).where(and(eq(openSessionRequests.serviceId, serviceId), eq(openSessionRequests.staffId, staffId))).get()),
    fairnessAdjustments: n(
      db.select({ n: count() }).from(fairnessAdjustments).where(and(eq(fairnessAdjustments.serviceId, serviceId), eq(fairnessAdjustments.staffId, staffId))).get(),
    ),
  };
}
