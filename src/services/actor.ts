// Who is asking: the identity behind a bearer token, passed from routes into the service layer.
import type { Role } from '../db/schema/index.ts';

export type { Role };
export const ROLES: readonly Role[] = ['manager', 'worker', 'payroll'];

export interface Actor {
  /** Token row id; null for the CLI and the start-up loader. */
  readonly tokenId: number | null;
  readonly role: Role;
  /**
   * The person: a worker's staff name, or the name a manager or payroll token was given. Absent only
   * for tokens made before names were recorded.
   */
  readonly name?: string;
  /** For a worker: the one staff member (of one service) the token is bound to. */
  readonly serviceId?: string;
  readonly staffId?: string;
  /** The web session the request came through (cookie), if any. */
  readonly sessionId?: number;
  /** Why, when the request said so (`?reason=`); the audit log keeps it with every change it makes. */
  readonly reason?: string;
}

export const SYSTEM_ACTOR: Actor = { tokenId: null, role: 'manager', name: 'system' };
/** Changes made with the `rota` command on the server's machine. */
export const CLI_ACTOR: Actor = { tokenId: null, role: 'manager', name: 'command line' };

/**
 * How the audit log, `createdBy`/`updatedBy` fields and offer histories name an actor: the person
 * first, then the role and token id for tracing, e.g. "Jo Bloggs (manager, token 3)" or
 * "Dan Bank (worker test-sanctuary/dan, token 7)". The one place labels are made.
 */
export function actorName(actor: Actor): string {
  if (actor.tokenId === null) return actor.name ?? 'system';
  const scope = actor.staffId ? ` ${actor.serviceId}/${actor.staffId}` : '';
  const person = actor.name ?? (actor.staffId ?? `unnamed ${actor.role}`);
  return `${person} (${actor.role}${scope}, token ${actor.tokenId})`;
}
