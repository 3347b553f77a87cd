// The one way to write the audit log, so every change records who, when, what and why.
import type { Db } from '../db/client.ts';
import { insertAudit, type AuditEntry } from '../db/repositories/audit-repo.ts';
import { actorName, type Actor } from './actor.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface AuditInput extends Omit<AuditEntry, 'actor'> {
  actor: Actor;
}

export function recordAudit(db: Tx, now: Date, input: AuditInput): void {
  const { actor, ...rest } = input;
  insertAudit(db, now.toISOString(), {
    ...rest,
    reason: rest.reason ?? actor.reason ?? null,
    actor: actorName(actor),
    actorTokenId: actor.tokenId,
  });
}
