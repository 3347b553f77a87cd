// Bearer tokens: 32 random bytes shown once; only their sha256 is stored. Every token expires, names
// the person who holds it (a worker token its staff member), and can be listed and revoked.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/token-repo.ts';
import { activeStaffById } from '../db/repositories/lookup-repo.ts';
import { countCalendarFeeds, revokeCalendarFeeds } from '../offers/calendar-feed.ts';
import { actorName, ROLES, type Actor, type Role } from './actor.ts';
import { recordAudit } from './audit.ts';
import { BadRequestError, NotFoundError } from './errors.ts';

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Lifetime of a new token when none is asked for: ROTA_TOKEN_DAYS, else 90 days. */
export function tokenDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ROTA_TOKEN_DAYS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_TOKEN_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw new Error(`ROTA_TOKEN_DAYS must be a whole number of days from 1 to ${MAX_TOKEN_DAYS}, not "${raw}"`);
  }
  return days;
}

export interface CreateTokenInput {
  role: Role;
  /** Required for workers: the staff member the token may see (the token is named after them). */
  staffId?: string;
  /** Needed only when the staff id exists in more than one service. */
  serviceId?: string;
  /** Who holds a manager or payroll token; the API and the CLI require it. */
  name?: string;
  label?: string;
  /** Lifetime; default DEFAULT_TOKEN_DAYS (or what the server was started with). */
  expiresInDays?: number;
}

export interface TokenView {
  id: number;
  role: Role;
  name: string | null;
  serviceId: string | null;
  staffId: string | null;
  label: string | null;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** active, expired or revoked, as of now. */
  state: 'active' | 'expired' | 'revoked';
}

export interface CreatedToken {
  id: number;
  token: string;
  expiresAt: string;
  actor: Actor;
}

export function createToken(db: Db, input: CreateTokenInput, now = new Date(), createdBy: Actor | null = null): CreatedToken {
  if (!ROLES.includes(input.role)) {
    throw new BadRequestError(`role must be one of ${ROLES.join(', ')}`, [{ path: 'role', message: `unknown role "${input.role}"` }]);
  }
  const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw new BadRequestError('a token lives 1 to 3650 days', [{ path: 'expiresInDays', message: `must be a whole number from 1 to ${MAX_TOKEN_DAYS}` }]);
  }
  let serviceId: string | undefined;
  let staffId: string | undefined;
  let name = input.name?.trim() || undefined;
  if (input.role === 'worker') {
    if (!input.staffId) throw new BadRequestError('a worker token needs --staff', [{ path: 'staff', message: 'required for role worker' }]);
    if (name !== undefined) {
      throw new BadRequestError('a worker token is named after its staff member', [{ path: 'name', message: 'not allowed for role worker' }]);
    }
    // Archived staff are not found: they get no new tokens.
    const matches = activeStaffById(db, input.staffId).filter((m) => input.serviceId === undefined || m.serviceId === input.serviceId);
    if (matches.length === 0) throw new NotFoundError('staff member', input.staffId);
    if (matches.length > 1) {
      throw new BadRequestError(`staff id "${input.staffId}" exists in several services; name one with --service`, [
        { path: 'service', message: `one of ${matches.map((m) => m.serviceId).join(', ')}` },
      ]);
    }
    serviceId = matches[0].serviceId;
    staffId = input.staffId;
    name = matches[0].name;
  } else if (input.staffId) {
    throw new BadRequestError('only worker tokens are bound to a staff member', [{ path: 'staff', message: `not allowed for role ${input.role}` }]);
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + days * DAY_MS).toISOString();
  const id = repo.insertToken(db, {
    tokenHash: hashToken(token),
    role: input.role,
    serviceId: serviceId ?? null,
    staffId: staffId ?? null,
    // A worker's name is read from their staff record at each request (it may change); not stored.
    name: input.role === 'worker' ? null : (name ?? null),
    label: input.label ?? null,
    createdAt: now.toISOString(),
    createdBy: createdBy ? actorName(createdBy) : null,
    expiresAt,
  });
  return { id, token, expiresAt, actor: { tokenId: id, role: input.role, name, serviceId, staffId } };
}

/**
 * createToken and the audit log's record of it, in one transaction. `details` adds to what the record
 * says (the API's label, the CLI's "via").
 */
export function issueToken(db: Db, input: CreateTokenInput, now: Date, actor: Actor, details: Record<string, unknown> = {}): CreatedToken {
  return db.transaction((tx) => {
    const created = createToken(tx as unknown as Db, input, now, actor);
    recordAudit(tx, now, {
      actor,
      action: 'token.create',
      entity: 'token',
      entityId: String(created.id),
      serviceId: created.actor.serviceId ?? null,
      details: { role: created.actor.role, name: created.actor.name ?? null, staffId: created.actor.staffId ?? null, ...details, expiresAt: created.expiresAt },
    });
    return created;
  });
}

/** The actor behind a live token, or undefined (unknown, revoked, expired, or its worker archived). */
export function actorForToken(db: Db, token: string, now = new Date()): Actor | undefined {
  return actorOfRow(repo.findActiveToken(db, hashToken(token), now.toISOString()));
}

/** The same, by the token's id: a web session carries the rights of its token (src/services/sign-in.ts). */
export function actorForTokenId(db: Db, tokenId: number, now = new Date()): Actor | undefined {
  return actorOfRow(repo.findActiveTokenById(db, tokenId, now.toISOString()));
}

function actorOfRow(row: ReturnType<typeof repo.findActiveToken>): Actor | undefined {
  if (!row) return undefined;
  if (row.role === 'worker' && (row.staffName === null || row.staffArchivedAt !== null)) return undefined;
  return {
    tokenId: row.id,
    role: row.role,
    name: (row.role === 'worker' ? row.staffName : row.name) ?? undefined,
    serviceId: row.serviceId ?? undefined,
    staffId: row.staffId ?? undefined,
  };
}

/** Whether a manager can get in: a live manager token exists. */
export function hasActiveManagerToken(db: Db, now = new Date()): boolean {
  return repo.countActiveTokens(db, 'manager', now.toISOString()) > 0;
}

export function listTokens(db: Db, filter: { serviceId?: string; staffId?: string; role?: Role; state?: TokenView['state'] }, now = new Date()): TokenView[] {
  const nowIso = now.toISOString();
  return repo
    .listTokens(db, filter)
    .map((row): TokenView => {
      const state = row.revokedAt !== null ? 'revoked' : row.expiresAt === null || row.expiresAt <= nowIso ? 'expired' : 'active';
      const { tokenHash: _secret, ...rest } = row;
      return { ...rest, state };
    })
    .filter((t) => filter.state === undefined || t.state === filter.state);
}

export interface RevokeResult {
  revoked: true;
  /** Calendar feeds of the token's worker revoked with it. */
  feedsRevoked: number;
  /** Calendar feeds of the token's worker still working (send revokeFeeds=true to end them too). */
  feedsRemaining: number;
}

export function revokeToken(db: Db, actor: Actor, tokenId: number, now = new Date(), options: { revokeFeeds?: boolean } = {}): RevokeResult {
  return db.transaction((tx) => {
    const row = repo.getToken(tx, tokenId);
    if (!row || !repo.revokeToken(tx, tokenId, now.toISOString())) throw new NotFoundError('active token', String(tokenId));
    let feedsRevoked = 0;
    let feedsRemaining = 0;
    if (row.serviceId && row.staffId) {
      if (options.revokeFeeds) feedsRevoked = revokeCalendarFeeds(tx as unknown as Db, row.serviceId, row.staffId);
      else feedsRemaining = countCalendarFeeds(tx as unknown as Db, row.serviceId, row.staffId);
    }
    recordAudit(tx, now, {
      actor,
      action: 'token.revoke',
      entity: 'token',
      entityId: String(tokenId),
      serviceId: row.serviceId,
      details: { role: row.role, staffId: row.staffId, name: row.name, feedsRevoked },
    });
    return { revoked: true, feedsRevoked, feedsRemaining };
  });
}

/** Ends every token and calendar feed of a staff member (they were archived). */
export function revokeEverythingOf(tx: Db, serviceId: string, staffId: string, now: Date): { tokens: number; feeds: number } {
  return {
    tokens: repo.revokeStaffTokens(tx, serviceId, staffId, now.toISOString()),
    feeds: revokeCalendarFeeds(tx, serviceId, staffId),
  };
}
