// SQL for rotas, their assignments and solve runs.
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { assignments, rotas, solveRuns } from '../schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type RotaRow = typeof rotas.$inferSelect;
export type AssignmentRow = typeof assignments.$inferSelect;
export type NewAssignment = typeof assignments.$inferInsert;
export type SolveRunRow = typeof solveRuns.$inferSelect;

export function insertRota(db: Tx, row: typeof rotas.$inferInsert): void {
  db.insert(rotas).values(row).run();
}

export function getRota(db: Tx, id: string): RotaRow | undefined {
  return db.select().from(rotas).where(eq(rotas.id, id)).get();
}

/** The columns a list of rotas shows (the large JSON columns stay in the database). */
const summaryColumns = {
  id: rotas.id,
  serviceId: rotas.serviceId,
  weekStart: rotas.weekStart,
  status: rotas.status,
  publishedAt: rotas.publishedAt,
  scoreHard: rotas.scoreHard,
  scoreSoft: rotas.scoreSoft,
  feasible: rotas.feasible,
  quality: rotas.quality,
  createdAt: rotas.createdAt,
  updatedAt: rotas.updatedAt,
  changeVersion: rotas.changeVersion,
  scoredVersion: rotas.scoredVersion,
};
export type RotaSummaryRow = Pick<RotaRow, keyof typeof summaryColumns>;

export function listRotas(db: Tx, filter: { serviceId?: string; weekStart?: string; publishedOnly?: boolean }): RotaSummaryRow[] {
  const conds = [];
  if (filter.serviceId) conds.push(eq(rotas.serviceId, filter.serviceId));
  if (filter.weekStart) conds.push(eq(rotas.weekStart, filter.weekStart));
  if (filter.publishedOnly) conds.push(isNotNull(rotas.publishedAt));
  return db
    .select(summaryColumns)
    .from(rotas)
    .where(conds.length > 0 ? and(...conds) : undefined)
    .orderBy(desc(rotas.weekStart), desc(rotas.createdAt))
    .all();
}

export function updateRota(db: Tx, id: string, patch: Partial<typeof rotas.$inferInsert>): void {
  db.update(rotas).set(patch).where(eq(rotas.id, id)).run();
}

/** The stored score, analysis and unfilled list now describe the rota as it stands (run in the rescoring transaction). */
export function markScored(db: Tx, id: string): void {
  db.update(rotas).set({ scoredVersion: sql`${rotas.changeVersion}` }).where(eq(rotas.id, id)).run();
}

/** The service's data changed (staff, leave, templates...): every stored rota score of it is stale. */
export function markServiceRotasChanged(db: Tx, serviceId: string): void {
  db.update(rotas).set({ changeVersion: sql`${rotas.changeVersion} + 1` }).where(eq(rotas.serviceId, serviceId)).run();
  // A bound is about the week as it was solved: once the service changes it says nothing.
  db.update(rotas)
    .set({ quality: { status: 'no-bound', note: 'the service changed since the solve; re-plan for a new bound' } })
    .where(and(eq(rotas.serviceId, serviceId), isNotNull(rotas.quality)))
    .run();
}

/**
 * The fixed facts of a week changed (a place accepted, published, given away or removed): every
 * rota of the service whose time can overlap that week's (the week either side included, other
 * versions of the same week too) must be rescored on its next read.
 */
export function markNeighbourWeeksChanged(db: Tx, serviceId: string, weekStart: string): void {
  db.update(rotas)
    .set({ changeVersion: sql`${rotas.changeVersion} + 1` })
    .where(and(eq(rotas.serviceId, serviceId), gte(rotas.weekStart, shiftDate(weekStart, -7)), lte(rotas.weekStart, shiftDate(weekStart, 7))))
    .run();
}

/** A calendar date (YYYY-MM-DD) moved by whole days; plain date arithmetic, no time zone involved. */
export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whether a change (an accepted offer, an edit of the service's data) has landed since the rota was last scored. */
export function isStale(rota: Pick<RotaRow, 'changeVersion' | 'scoredVersion'>): boolean {
  return rota.changeVersion !== rota.scoredVersion;
}

/** Another published rota of the same service and week, if any. */
export function otherPublishedRota(db: Tx, rota: RotaRow): RotaRow | undefined {
  return db
    .select()
    .from(rotas)
    .where(
      and(eq(rotas.serviceId, rota.serviceId), eq(rotas.weekStart, rota.weekStart), ne(rotas.id, rota.id), isNotNull(rotas.publishedAt)),
    )
    .get();
}

export function listAssignments(db: Tx, rotaId: string): AssignmentRow[] {
  return db.select().from(assignments).where(eq(assignments.rotaId, rotaId)).orderBy(asc(assignments.startMin), asc(assignments.id)).all();
}

export function getAssignment(db: Tx, rotaId: string, id: number): AssignmentRow | undefined {
  return db.select().from(assignments).where(and(eq(assignments.rotaId, rotaId), eq(assignments.id, id))).get();
}

export function insertAssignment(db: Tx, row: NewAssignment): AssignmentRow {
  return db.insert(assignments).values(row).returning().get();
}

/** Rows per INSERT: 15 values each stays far below SQLite's and PostgreSQL's limits on parameters. */
const INSERT_CHUNK_ROWS = 500;

/**
 * Inserts many places, in order, a few statements in all: one statement per place costs a solve's
 * storing most of its time (a statement built and prepared per row; on PostgreSQL a round trip each).
 */
export function insertAssignments(db: Tx, rows: readonly NewAssignment[]): void {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) db.insert(assignments).values(rows.slice(i, i + INSERT_CHUNK_ROWS)).run();
}

export function updateAssignment(db: Tx, id: number, patch: Partial<NewAssignment>): void {
  db.update(assignments).set(patch).where(eq(assignments.id, id)).run();
}

export function deleteAssignments(db: Tx, ids: readonly number[]): void {
  if (ids.length > 0) db.delete(assignments).where(inArray(assignments.id, [...ids])).run();
}

/** Publishes these places of the rota (proposals are never published: they become offers). */
export function publishAssignments(db: Tx, rotaId: string, ids: readonly number[]): void {
  if (ids.length === 0) return;
  db.update(assignments)
    .set({ published: true })
    .where(and(eq(assignments.rotaId, rotaId), inArray(assignments.id, [...ids]), eq(assignments.proposed, false)))
    .run();
}

/**
 * Fixed facts about the service's workers outside one rota: places accepted through an offer or
 * published, in the service's other rotas (other versions of the same week included), touching
 * [fromMin, toMin). Every later solve, edit and offer of the rota must respect them.
 */
export function fixedPlacesAround(db: Tx, serviceId: string, exceptRotaId: string, fromMin: number, toMin: number) {
  return db
    .select({ a: assignments, weekStart: rotas.weekStart })
    .from(assignments)
    .innerJoin(rotas, eq(rotas.id, assignments.rotaId))
    .where(
      and(
        eq(assignments.serviceId, serviceId),
        ne(assignments.rotaId, exceptRotaId),
        lt(assignments.startMin, toMin),
        gt(assignments.endMin, fromMin),
        or(eq(assignments.source, 'offer'), eq(assignments.published, true)),
      ),
    )
    .orderBy(asc(assignments.startMin), asc(assignments.id))
    .all()
    .map((r) => ({ ...r.a, weekStart: r.weekStart }));
}

/** Published assignments of a service that start in [fromMin, toMin): the worked history before a horizon. */
export function publishedAssignmentsBetween(db: Tx, serviceId: string, fromMin: number, toMin: number): AssignmentRow[] {
  return db
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.serviceId, serviceId),
        eq(assignments.published, true),
        gte(assignments.startMin, fromMin),
        lt(assignments.startMin, toMin),
      ),
    )
    .all();
}

/** The places a worker holds, newest first: published ones, and sessions they accepted (in a draft rota too). */
export function heldAssignmentsOf(db: Tx, serviceId: string, staffId: string): AssignmentRow[] {
  return db
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.serviceId, serviceId),
        eq(assignments.staffId, staffId),
        or(eq(assignments.published, true), eq(assignments.source, 'offer')),
      ),
    )
    .orderBy(desc(assignments.startMin))
    .all();
}

/**
 * The sessions a worker holds, one row each, newest first: a session accepted in a draft and carried
 * into the published version of the week (or held in two versions) is one session, shown as published.
 */
export function heldSessionsOf(db: Tx, serviceId: string, staffId: string): AssignmentRow[] {
  const bySession = new Map<string, AssignmentRow>();
  for (const r of heldAssignmentsOf(db, serviceId, staffId)) {
    const seen = bySession.get(r.slotId);
    if (!seen || (r.published && !seen.published)) bySession.set(r.slotId, r);
  }
  return [...bySession.values()];
}

export function insertSolveRun(db: Tx, row: typeof solveRuns.$inferInsert): number {
  return db.insert(solveRuns).values(row).returning({ id: solveRuns.id }).get().id;
}

export function updateSolveRun(db: Tx, id: number, patch: Partial<typeof solveRuns.$inferInsert>): void {
  db.update(solveRuns).set(patch).where(eq(solveRuns.id, id)).run();
}

export function listSolveRuns(db: Tx, rotaId: string): SolveRunRow[] {
  return db.select().from(solveRuns).where(eq(solveRuns.rotaId, rotaId)).orderBy(asc(solveRuns.id)).all();
}

/** Marks solve runs a stopped process left running as failed; returns how many. */
/** Marks running solve runs failed: of one rota, or of every rota. */
export function failUnfinishedSolveRuns(db: Tx, patch: { error: string; finishedAt: string }, rotaId?: string): number {
  const running = eq(solveRuns.status, 'running');
  return db
    .update(solveRuns)
    .set({ status: 'failed', ...patch })
    .where(rotaId === undefined ? running : and(running, eq(solveRuns.rotaId, rotaId)))
    .run().changes;
}

/** Rotas left queued or running by a stopped process. */
export function unfinishedRotas(db: Tx): RotaRow[] {
  return db.select().from(rotas).where(inArray(rotas.status, ['queued', 'running'])).all();
}
