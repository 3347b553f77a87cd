// SQL for the job queue (the jobs table). Every function takes the connection or the caller's
// transaction; claiming and sweeping run in a transaction of their own (the write lock on both
// databases), so two processes never claim one job.
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobs } from '../db/schema/index.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;
export type JobRow = typeof jobs.$inferSelect;
export type JobKind = JobRow['kind'];

export interface NewJob {
  readonly kind: JobKind;
  readonly key: string;
  readonly groupKey?: string | null;
  readonly payload?: Record<string, unknown> | null;
  readonly runAtMs: number;
  readonly maxAttempts?: number;
}

/** Queues a job; a live job (queued or running) of the same kind and key makes this fail (unique index). */
export function enqueueJob(db: Tx, job: NewJob, nowMs: number): number {
  const row = db
    .insert(jobs)
    .values({
      kind: job.kind,
      key: job.key,
      groupKey: job.groupKey ?? null,
      payload: job.payload ?? null,
      runAtMs: job.runAtMs,
      state: 'queued',
      maxAttempts: job.maxAttempts ?? 2,
      createdAtMs: nowMs,
    })
    .returning({ id: jobs.id })
    .get();
  return row.id;
}

export function liveJob(db: Tx, kind: JobKind, key: string): JobRow | undefined {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.key, key), inArray(jobs.state, ['queued', 'running'])))
    .get();
}

export function getJob(db: Tx, id: number): JobRow | undefined {
  return db.select().from(jobs).where(eq(jobs.id, id)).get();
}

/**
 * Takes the earliest due queued job of these kinds whose group has no running job, for `workerId`.
 * Run inside a transaction (see JobWorker).
 */
export function claimJob(db: Tx, kinds: readonly JobKind[], workerId: string, nowMs: number): JobRow | undefined {
  if (kinds.length === 0) return undefined;
  const candidate = db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.state, 'queued'),
        lte(jobs.runAtMs, nowMs),
        inArray(jobs.kind, [...kinds]),
        or(
          isNull(jobs.groupKey),
          sql`not exists (select 1 from jobs r where r.state = 'running' and r.kind = ${jobs.kind} and r.group_key = ${jobs.groupKey})`,
        ),
      ),
    )
    .orderBy(asc(jobs.runAtMs), asc(jobs.id))
    .limit(1)
    .get();
  if (!candidate) return undefined;
  const changed = db
    .update(jobs)
    .set({ state: 'running', attempts: candidate.attempts + 1, lockedBy: workerId, heartbeatAtMs: nowMs })
    .where(and(eq(jobs.id, candidate.id), eq(jobs.state, 'queued')))
    .run().changes;
  return changed === 1 ? getJob(db, candidate.id) : undefined;
}

/** Refreshes the heartbeat of every job this process runs; returns the ids it still holds. */
export function heartbeat(db: Tx, workerId: string, ids: readonly number[], nowMs: number): Set<number> {
  if (ids.length === 0) return new Set();
  db.update(jobs)
    .set({ heartbeatAtMs: nowMs })
    .where(and(eq(jobs.lockedBy, workerId), eq(jobs.state, 'running'), inArray(jobs.id, [...ids])))
    .run();
  const held = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.lockedBy, workerId), eq(jobs.state, 'running'), inArray(jobs.id, [...ids])))
    .all();
  return new Set(held.map((r) => r.id));
}

/** True while the job is running and held by this process (checked in the transaction that stores its result). */
export function ownsJob(db: Tx, id: number, workerId: string): boolean {
  const row = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.lockedBy, workerId)))
    .get();
  return row !== undefined;
}

export function finishJob(db: Tx, id: number, workerId: string, nowMs: number): boolean {
  return (
    db
      .update(jobs)
      .set({ state: 'done', finishedAtMs: nowMs, heartbeatAtMs: null })
      .where(and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.lockedBy, workerId)))
      .run().changes === 1
  );
}

export function failJob(db: Tx, id: number, workerId: string, error: string, nowMs: number): boolean {
  return (
    db
      .update(jobs)
      .set({ state: 'failed', lastError: error, finishedAtMs: nowMs, heartbeatAtMs: null })
      .where(and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.lockedBy, workerId)))
      .run().changes === 1
  );
}

/** Gives a running job back to the queue (a process shutting down); the attempt does not count. */
export function releaseJob(db: Tx, id: number, workerId: string, reason: string): boolean {
  return (
    db
      .update(jobs)
      .set({ state: 'queued', lockedBy: null, heartbeatAtMs: null, lastError: reason, attempts: sql`${jobs.attempts} - 1` })
      .where(and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.lockedBy, workerId)))
      .run().changes === 1
  );
}

/** Running jobs whose heartbeat is older than the cut-off. */
export function staleJobs(db: Tx, heartbeatBeforeMs: number): JobRow[] {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.state, 'running'), lt(jobs.heartbeatAtMs, heartbeatBeforeMs)))
    .orderBy(asc(jobs.id))
    .all();
}

/** A stale job back to the queue with the reason, or failed when its attempts are spent. */
export function abandonJob(db: Tx, job: JobRow, reason: string, nowMs: number): 'retry' | 'failed' {
  const retry = job.attempts < job.maxAttempts;
  db.update(jobs)
    .set(
      retry
        ? { state: 'queued', lockedBy: null, heartbeatAtMs: null, lastError: reason, runAtMs: nowMs }
        : { state: 'failed', heartbeatAtMs: null, lastError: reason, finishedAtMs: nowMs },
    )
    .where(and(eq(jobs.id, job.id), eq(jobs.state, 'running')))
    .run();
  return retry ? 'retry' : 'failed';
}

export function deleteJob(db: Tx, id: number): void {
  db.delete(jobs).where(eq(jobs.id, id)).run();
}

/** The earliest run_at of queued jobs of these kinds (when the next delayed job is due), if any. */
export function nextDueMs(db: Tx, kinds: readonly JobKind[]): number | null {
  if (kinds.length === 0) return null;
  const row = db
    .select({ at: sql<number | null>`min(${jobs.runAtMs})` })
    .from(jobs)
    .where(and(eq(jobs.state, 'queued'), inArray(jobs.kind, [...kinds])))
    .get();
  return row?.at ?? null;
}

/** Jobs by state, for the worker's status line and tests. */
export function countJobs(db: Tx, kind?: JobKind): Record<string, number> {
  const rows = db
    .select({ state: jobs.state, n: sql<number>`count(*)` })
    .from(jobs)
    .where(kind ? eq(jobs.kind, kind) : undefined)
    .groupBy(jobs.state)
    .all();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
