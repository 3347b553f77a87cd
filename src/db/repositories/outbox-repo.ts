// SQL for the outbox of emails (src/notifications).
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { outbox, type OutboxStatus } from '../schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;
export type OutboxRow = typeof outbox.$inferSelect;
export type OutboxInsert = typeof outbox.$inferInsert;

/** Inserts a message; a message with an existing dedupe key is ignored (undefined). */
export function insertMessage(db: Tx, row: OutboxInsert): number | undefined {
  return db.insert(outbox).values(row).onConflictDoNothing({ target: outbox.dedupeKey }).returning({ id: outbox.id }).get()?.id;
}

export function getMessage(db: Tx, id: number): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.id, id)).get();
}

export function listMessages(db: Tx, filter: { status?: OutboxStatus; serviceIds?: string[]; limit: number; beforeId?: number }): OutboxRow[] {
  const conds = [];
  if (filter.status) conds.push(eq(outbox.status, filter.status));
  if (filter.beforeId !== undefined) conds.push(sql`${outbox.id} < ${filter.beforeId}`);
  return db
    .select()
    .from(outbox)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(outbox.id))
    .limit(filter.limit)
    .all();
}

export function countByStatus(db: Tx): Record<string, number> {
  const rows = db.select({ status: outbox.status, n: sql<number>`count(*)` }).from(outbox).groupBy(outbox.status).all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Queued messages due by now, oldest first. */
export function dueMessages(db: Tx, now: string, limit: number): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, now)))
    .orderBy(outbox.nextAttemptAt, outbox.id)
    .limit(limit)
    .all();
}

export function updateMessage(db: Tx, id: number, set: Partial<Pick<OutboxRow, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'sentAt' | 'bodyText' | 'messageId'>>): void {
  db.update(outbox).set(set).where(eq(outbox.id, id)).run();
}

/** Sends failed messages again from now. */
export function requeue(db: Tx, ids: number[], now: string): number {
  if (ids.length === 0) return 0;
  return db
    .update(outbox)
    .set({ status: 'queued', nextAttemptAt: now, attempts: 0 })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, 'failed')))
    .run().changes;
}
