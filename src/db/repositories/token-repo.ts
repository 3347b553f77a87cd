// SQL for API tokens: issuing (only the hash is stored), finding, listing, counting and revoking.
import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { staff, tokens, type Role } from '../schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type TokenRow = typeof tokens.$inferSelect;

export function insertToken(
  db: Tx,
  row: {
    tokenHash: string;
    role: Role;
    serviceId: string | null;
    staffId: string | null;
    name: string | null;
    label: string | null;
    createdAt: string;
    createdBy: string | null;
    expiresAt: string;
  },
): number {
  return db.insert(tokens).values(row).returning({ id: tokens.id }).get().id;
}

// Every authenticated request looks its token up: building the drizzle query each time cost ~100 µs,
// so the statement is prepared once per connection and only run per request. A worker token is
// joined to its staff member, whose name the audit log uses and whose archiving ends the token.
const activeTokenQuery = (db: Db) =>
  db
    .select({
      id: tokens.id,
      role: tokens.role,
      serviceId: tokens.serviceId,
      staffId: tokens.staffId,
      name: tokens.name,
      staffName: staff.name,
      staffArchivedAt: staff.archivedAt,
    })
    .from(tokens)
    .leftJoin(staff, and(eq(staff.serviceId, tokens.serviceId), eq(staff.id, tokens.staffId)))
    .where(and(eq(tokens.tokenHash, sql.placeholder('tokenHash')), isNull(tokens.revokedAt), gt(tokens.expiresAt, sql.placeholder('nowIso'))))
    .prepare();
const preparedByConnection = new WeakMap<Db['$client'], ReturnType<typeof activeTokenQuery>>();

export function findActiveToken(db: Db, tokenHash: string, nowIso: string) {
  let query = preparedByConnection.get(db.$client);
  if (!query) {
    query = activeTokenQuery(db);
    preparedByConnection.set(db.$client, query);
  }
  return query.get({ tokenHash, nowIso });
}

export function getToken(db: Tx, id: number): TokenRow | undefined {
  return db.select().from(tokens).where(eq(tokens.id, id)).get();
}

export function listTokens(db: Tx, filter: { serviceId?: string; staffId?: string; role?: Role }): TokenRow[] {
  const conds = [];
  if (filter.serviceId) conds.push(eq(tokens.serviceId, filter.serviceId));
  if (filter.staffId) conds.push(eq(tokens.staffId, filter.staffId));
  if (filter.role) conds.push(eq(tokens.role, filter.role));
  return db
    .select()
    .from(tokens)
    .where(conds.length > 0 ? and(...conds) : undefined)
    .orderBy(asc(tokens.id))
    .all();
}

export function revokeToken(db: Tx, id: number, at: string): boolean {
  return db.update(tokens).set({ revokedAt: at }).where(and(eq(tokens.id, id), isNull(tokens.revokedAt))).run().changes > 0;
}

/** Revokes every live token of one staff member; returns how many. */
export function revokeStaffTokens(db: Tx, serviceId: string, staffId: string, at: string): number {
  return db
    .update(tokens)
    .set({ revokedAt: at })
    .where(and(eq(tokens.serviceId, serviceId), eq(tokens.staffId, staffId), isNull(tokens.revokedAt)))
    .run().changes;
}

/** Tokens (live or not) bound to a staff member: one ever issued means the id has been handed out. */
export function countStaffTokens(db: Tx, serviceId: string, staffId: string): number {
  return db.select({ n: count() }).from(tokens).where(and(eq(tokens.serviceId, serviceId), eq(tokens.staffId, staffId))).get()?.n ?? 0;
}

export function countActiveTokens(db: Tx, role: Role, nowIso: string): number {
  return (
    db
      .select({ n: count() })
      .from(tokens)
      .where(and(eq(tokens.role, role), isNull(tokens.revokedAt), gt(tokens.expiresAt, nowIso)))
      .get()?.n ?? 0
  );
}

/** A live token by its id, joined like findActiveToken (a web session carries its token's id). */
export function findActiveTokenById(db: Db, id: number, nowIso: string) {
  return db
    .select({
      id: tokens.id,
      role: tokens.role,
      serviceId: tokens.serviceId,
      staffId: tokens.staffId,
      name: tokens.name,
      staffName: staff.name,
      staffArchivedAt: staff.archivedAt,
    })
    .from(tokens)
    .leftJoin(staff, and(eq(staff.serviceId, tokens.serviceId), eq(staff.id, tokens.staffId)))
    .where(and(eq(tokens.id, id), isNull(tokens.revokedAt), gt(tokens.expiresAt, nowIso)))
    .get();
}
