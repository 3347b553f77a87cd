// Bearer tokens: 32 random bytes shown once; only their sha256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { findActiveToken, findActiveTokenById, insertToken, revokeToken as revokeTokenRow } from '../db/repositories/token-repo.ts';
import { recordAudit } from './audit.ts';
import { staff } from '../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import type { Actor, Role } from './actor.ts';
import { ROLES } from './actor.ts';
import { BadRequestError, NotFoundError } from './errors.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface CreateTokenInput {
  role: Role;
  /** Required for workers: the staff member the token may see. */
  staffId?: string;
  /** Needed only when the staff id exists in more than one service. */
  serviceId?: string;
  label?: string;
}

export function createToken(db: Db, input: CreateTokenInput, now = new Date()): { id: number; token: string; actor: Actor } {
  if (!ROLES.includes(input.role)) {
    throw new BadRequestError(`role must be one of ${ROLES.join(', ')}`, [{ path: 'role', message: `unknown role "${input.role}"` }]);
  }
  let serviceId: string | undefined;
  let staffId: string | undefined;
  if (input.role === 'worker') {
    if (!input.staffId) throw new BadRequestError('a worker token needs --staff', [{ path: 'staff', message: 'required for role worker' }]);
    const matches = db
      .select({ serviceId: staff.serviceId })
      .from(staff)
      .where(eq(staff.id, input.staffId))
      .all()
      .filter((m) => input.serviceId === undefined || m.serviceId === input.serviceId);
    if (matches.length === 0) throw new NotFoundError('staff member', input.staffId);
    if (matches.length > 1) {
      throw new BadRequestError(`staff id "${input.staffId}" exists in several services; name one with --service`, [
        { path: 'service', message: `one of ${matches.map((m) => m.serviceId).join(', ')}` },
      ]);
    }
    serviceId = matches[0].serviceId;
    staffId = input.staffId;
  } else if (input.staffId) {
    throw new BadRequestError('only worker tokens are bound to a staff member', [{ path: 'staff', message: `not allowed for role ${input.role}` }]);
  }
  const token = randomBytes(32).toString('base64url');
  const id = insertToken(db, {
    tokenHash: hashToken(token),
    role: input.role,
    serviceId: serviceId ?? null,
    staffId: staffId ?? null,
    label: input.label ?? null,
    createdAt: now.toISOString(),
  });
  return { id, token, actor: { tokenId: id, role: input.role, serviceId, staffId } };
}

export function actorForToken(db: Db, token: string): Actor | undefined {
  return actorOfRow(findActiveToken(db, hashToken(token)));
}

/** The actor behind a live token, by its id (a web session carries the rights of its token). */
export function actorForTokenId(db: Db, tokenId: number): Actor | undefined {
  return actorOfRow(findActiveTokenById(db, tokenId));
}

function actorOfRow(row: ReturnType<typeof findActiveToken>): Actor | undefined {
  if (!row) return undefined;
  return {
    tokenId: row.id,
    role: row.role,
    serviceId: row.serviceId ?? undefined,
    staffId: row.staffId ?? undefined,
  };
}

export function revokeToken(db: Db, actor: Actor, tokenId: number, now = new Date()): void {
  db.transaction((tx) => {
    if (!revokeTokenRow(tx as unknown as Db, tokenId, now.toISOString())) throw new NotFoundError('active token', String(tokenId));
    recordAudit(tx, now, { actor, action: 'token.revoke', entity: 'token', entityId: String(tokenId) });
  });
}
