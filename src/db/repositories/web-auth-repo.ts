// SQL for signing in to the web app: users, one-time links, browser sessions, and finding who an
// email address belongs to.
import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { signInLinks, staff, tokens, users, webSessions } from '../schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type UserRow = typeof users.$inferSelect;
export type LinkRow = typeof signInLinks.$inferSelect;
export type SessionRow = typeof webSessions.$inferSelect;

// ---------- users ----------

export function insertUser(db: Tx, row: { email: string; name: string; role: 'manager' | 'payroll'; createdAt: string }): UserRow {
  return db.insert(users).values(row).returning().get();
}

export function listUsers(db: Tx): UserRow[] {
  return db.select().from(users).orderBy(users.id).all();
}

export function getUser(db: Tx, id: number): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function findUserByEmail(db: Tx, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, email)).get();
}

export function disableUser(db: Tx, id: number, at: string): boolean {
  return db.update(users).set({ disabledAt: at }).where(and(eq(users.id, id), isNull(users.disabledAt))).run().changes > 0;
}

// ---------- who an address belongs to ----------

/** Staff members (any service) whose email is this address, ignoring case. */
export function staffByEmail(db: Tx, email: string): { serviceId: string; staffId: string; name: string }[] {
  return db
    .select({ serviceId: staff.serviceId, staffId: staff.id, name: staff.name })
    .from(staff)
    .where(sql`lower(${staff.email}) = ${email}`)
    .all();
}

export function staffEmail(db: Tx, serviceId: string, staffId: string): { name: string; email: string | null } | undefined {
  return db
    .select({ name: staff.name, email: staff.email })
    .from(staff)
    .where(and(eq(staff.serviceId, serviceId), eq(staff.id, staffId)))
    .get();
}

// ---------- links ----------

export function insertLink(db: Tx, row: Omit<LinkRow, 'id' | 'usedAt'>): number {
  return db.insert(signInLinks).values(row).returning({ id: signInLinks.id }).get().id;
}

export function countLinksSince(db: Tx, email: string, since: string): number {
  return db.select({ n: count() }).from(signInLinks).where(and(eq(signInLinks.email, email), gt(signInLinks.createdAt, since))).get()?.n ?? 0;
}

/** Marks an unused, unexpired link used and returns it; undefined when there is none (one winner). */
export function useLink(db: Tx, secretHash: string, now: string): LinkRow | undefined {
  return db
    .update(signInLinks)
    .set({ usedAt: now })
    .where(and(eq(signInLinks.secretHash, secretHash), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, now)))
    .returning()
    .get();
}

// ---------- sessions ----------

export function insertSession(db: Tx, row: Omit<SessionRow, 'id' | 'endedAt'>): number {
  return db.insert(webSessions).values(row).returning({ id: webSessions.id }).get().id;
}

/** A live session (not ended, not expired) whose token is not revoked. */
export function findLiveSession(db: Tx, secretHash: string, now: string): SessionRow | undefined {
  return db
    .select({ session: webSessions })
    .from(webSessions)
    .innerJoin(tokens, eq(tokens.id, webSessions.tokenId))
    .where(and(eq(webSessions.secretHash, secretHash), isNull(webSessions.endedAt), gt(webSessions.expiresAt, now), isNull(tokens.revokedAt)))
    .get()?.session;
}

export function endSession(db: Tx, id: number, now: string): boolean {
  return db.update(webSessions).set({ endedAt: now }).where(and(eq(webSessions.id, id), isNull(webSessions.endedAt))).run().changes > 0;
}

/** Ends a user's sessions; returns the tokens that were made for them (to revoke). */
export function endUserSessions(db: Tx, userId: number, now: string): number[] {
  const rows = db.select({ id: webSessions.id, tokenId: webSessions.tokenId }).from(webSessions).where(and(eq(webSessions.userId, userId), isNull(webSessions.endedAt))).all();
  for (const r of rows) endSession(db, r.id, now);
  return rows.map((r) => r.tokenId);
}
