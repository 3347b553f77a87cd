import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { tokens, type Role } from '../schema/index.ts';

export function insertToken(
  db: Db,
  row: { tokenHash: string; role: Role; serviceId: string | null; staffId: string | null; label: string | null; createdAt: string },
): number {
  return db.insert(tokens).values(row).returning({ id: tokens.id }).get().id;
}

export function findActiveToken(db: Db, tokenHash: string) {
  return db
    .select()
    .from(tokens)
    .where(and(eq(tokens.tokenHash, tokenHash), isNull(tokens.revokedAt)))
    .get();
}

export function revokeToken(db: Db, id: number, at: string): boolean {
  return db.update(tokens).set({ revokedAt: at }).where(and(eq(tokens.id, id), isNull(tokens.revokedAt))).run().changes > 0;
}

export function countTokens(db: Db): number {
  return db.select({ id: tokens.id }).from(tokens).all().length;
}
