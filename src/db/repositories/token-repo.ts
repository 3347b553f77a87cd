import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { tokens, type Role } from '../schema/index.ts';

export function insertToken(
  db: Db,
  row: { tokenHash: string; role: Role; serviceId: string | null; staffId: string | null; label: string | null; createdAt: string },
): number {
  return db.insert(tokens).values(row).returning({ id: tokens.id }).get().id;
}

// Every authenticated request looks its token up: building the drizzle query each time cost ~100 µs,
// so the statement is prepared once per connection and only run per request.
const activeTokenQuery = (db: Db) =>
  db
    .select()
    .from(tokens)
    .where(and(eq(tokens.tokenHash, sql.placeholder('tokenHash')), isNull(tokens.revokedAt)))
    .prepare();
const preparedByConnection = new WeakMap<Db['$client'], ReturnType<typeof activeTokenQuery>>();

export function findActiveToken(db: Db, tokenHash: string) {
  let query = preparedByConnection.get(db.$client);
  if (!query) {
    query = activeTokenQuery(db);
    preparedByConnection.set(db.$client, query);
  }
  return query.get({ tokenHash });
}

export function revokeToken(db: Db, id: number, at: string): boolean {
  return db.update(tokens).set({ revokedAt: at }).where(and(eq(tokens.id, id), isNull(tokens.revokedAt))).run().changes > 0;
}

export function countTokens(db: Db): number {
  return db.select({ id: tokens.id }).from(tokens).all().length;
}

/** An unrevoked token by its id (a web session carries its token's id). */
export function findActiveTokenById(db: Db, id: number) {
  return db
    .select()
    .from(tokens)
    .where(and(eq(tokens.id, id), isNull(tokens.revokedAt)))
    .get();
}
