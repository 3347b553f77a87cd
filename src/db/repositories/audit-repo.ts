// SQL for the audit log: who did what to which record, and why.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { auditLog } from '../schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface AuditEntry {
  actor: string;
  actorTokenId?: number | null;
  action: string;
  entity: string;
  entityId: string;
  serviceId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export function insertAudit(db: Tx, at: string, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({
      at,
      actor: entry.actor,
      actorTokenId: entry.actorTokenId ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      serviceId: entry.serviceId ?? null,
      reason: entry.reason ?? null,
      details: entry.details ?? null,
    })
    .run();
}

export function listAudit(db: Tx, filter: { entity?: string; entityId?: string; limit: number }) {
  const conds = [];
  if (filter.entity) conds.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) conds.push(eq(auditLog.entityId, filter.entityId));
  return db
    .select()
    .from(auditLog)
    .where(conds.length > 0 ? and(...conds) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit)
    .all();
}

/** A service's audit entries about one entity kind, newest first. */
export function listServiceAudit(db: Tx, serviceId: string, entity: string, limit: number) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.serviceId, serviceId), eq(auditLog.entity, entity)))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}
