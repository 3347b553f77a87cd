// Who is asking: the identity behind a bearer token, passed from routes into the service layer.
import type { Role } from '../db/schema/index.ts';

export type { Role };
export const ROLES: readonly Role[] = ['manager', 'worker', 'payroll'];

export interface Actor {
  /** Token row id; null for the CLI and the start-up loader. */
  readonly tokenId: number | null;
  readonly role: Role;
  /** For a worker: the one staff member (of one service) the token is bound to. */
  readonly serviceId?: string;
  readonly staffId?: string;
  /** The web session the request came through (cookie), if any. */
  readonly sessionId?: number;
  /** Why, when the request said so (`?reason=`); the audit log keeps it with every change it makes. */
  readonly reason?: string;
}

export const SYSTEM_ACTOR: Actor = { tokenId: null, role: 'manager' };

/** How the audit log names an actor. */
export function actorName(actor: Actor): string {
  if (actor.tokenId === null) return 'system';
  const who = actor.staffId ? ` ${actor.serviceId}/${actor.staffId}` : '';
  return `token:${actor.tokenId} (${actor.role}${who})`;
}
