// Calendar subscription secrets (their sha256), one per worker.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { calendarFeeds } from '../schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type CalendarFeedRow = typeof calendarFeeds.$inferSelect;

function ofWorker(serviceId: string, staffId: string) {
  return and(eq(calendarFeeds.serviceId, serviceId), eq(calendarFeeds.staffId, staffId));
}

export function feedOfWorker(db: Tx, serviceId: string, staffId: string): CalendarFeedRow | undefined {
  return db.select().from(calendarFeeds).where(ofWorker(serviceId, staffId)).get();
}

export function feedByHash(db: Tx, tokenHash: string): CalendarFeedRow | undefined {
  return db.select().from(calendarFeeds).where(eq(calendarFeeds.tokenHash, tokenHash)).get();
}

/** The worker's one feed from now on: any other they had is deleted. */
export function replaceFeed(db: Tx, row: CalendarFeedRow): void {
  db.delete(calendarFeeds).where(ofWorker(row.serviceId, row.staffId)).run();
  db.insert(calendarFeeds).values(row).run();
}

/** Deletes the worker's feeds; how many there were. */
export function deleteFeeds(db: Tx, serviceId: string, staffId: string): number {
  return db.delete(calendarFeeds).where(ofWorker(serviceId, staffId)).run().changes;
}

export function countFeeds(db: Tx, serviceId: string, staffId: string): number {
  return db.select().from(calendarFeeds).where(ofWorker(serviceId, staffId)).all().length;
}
