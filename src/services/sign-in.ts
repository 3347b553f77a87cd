// Signing in to the web app. A one-time link goes by email to staff (the address on their staff record)
// and to managers and payroll (users); it expires, works once, and is stored only as a hash. Managers
// and payroll may also paste a token. Either way the browser gets a session: a random secret in an
// httpOnly cookie, stored hashed, carrying the rights of one token, so cookie requests pass exactly
// the access rules bearer tokens do, and revoking the token ends the session.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/web-auth-repo.ts';
import { revokeToken as revokeTokenRow } from '../db/repositories/token-repo.ts';
import { signInLinkMessage } from '../notifications/messages.ts';
import { queueNotification } from '../notifications/outbox.ts';
import { PAGES } from '../web/pages.ts';
import type { Actor, Role } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError, BadRequestError, ConflictError, NotFoundError } from './errors.ts';
import { actorForToken, actorForTokenId, createToken, hashToken } from './tokens.ts';

export interface SignInSettings {
  /** Where links point: the address people open the app at, e.g. https://rota.example.org. */
  publicUrl: string;
  linkMinutes: number;
  sessionDays: number;
  /** Links per address per hour; more asks are answered the same but send nothing. */
  linksPerHour: number;
}

export const DEFAULT_SIGN_IN: Omit<SignInSettings, 'publicUrl'> = { linkMinutes: 15, sessionDays: 14, linksPerHour: 5 };

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

function secret(): string {
  return randomBytes(32).toString('base64url');
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class SignInError extends AppError {
  constructor(message: string, path: string) {
    super(400, 'bad_request', message, { errors: [{ path, message }] });
  }
}

// ---------- asking for a link ----------

/**
 * Makes a link for every identity the address has and queues one email with them. Answers nothing
 * about whether the address is known: the caller says the same thing either way.
 */
export function requestSignInLink(db: Db, settings: SignInSettings, emailRaw: string, now: Date): { queued: boolean } {
  const email = normaliseEmail(emailRaw);
  return db.transaction((tx) => {
    const recent = repo.countLinksSince(tx, email, new Date(now.getTime() - 60 * MINUTE_MS).toISOString());
    if (recent >= settings.linksPerHour) return { queued: false };
    const user = repo.findUserByEmail(tx, email);
    const staffMatches = repo.staffByEmail(tx, email);
    const targets: { label: string; serviceId?: string; staffId?: string; userId?: number; name: string }[] = [];
    if (user && user.disabledAt === null) targets.push({ label: `as ${user.role}`, userId: user.id, name: user.name });
    for (const s of staffMatches) targets.push({ label: `for ${s.serviceId}`, serviceId: s.serviceId, staffId: s.staffId, name: s.name });
    if (targets.length === 0) return { queued: false };
    const expiresAt = new Date(now.getTime() + settings.linkMinutes * MINUTE_MS);
    const links = targets.map((t) => {
      const value = secret();
      repo.insertLink(tx, {
        secretHash: hashToken(value),
        email,
        serviceId: t.serviceId ?? null,
        staffId: t.staffId ?? null,
        userId: t.userId ?? null,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
      return { label: t.label, url: `${settings.publicUrl.replace(/\/+$/, '')}${PAGES.signInLink}#${value}` };
    });
    const message = signInLinkMessage({ name: targets[0].name, links, minutes: settings.linkMinutes });
    queueNotification(
      tx,
      { kind: 'sign-in-link', serviceId: targets[0].serviceId, staffId: targets[0].staffId, to: { address: email, name: targets[0].name }, ...message, expiresAt },
      now,
    );
    return { queued: true };
  });
}

// ---------- sessions ----------

export interface SessionView {
  signedIn: true;
  role: Role;
  name: string;
  serviceId?: string;
  staffId?: string;
  via: 'link' | 'token';
  expiresAt: string;
  csrfToken: string;
}

export interface StartedSession {
  /** The cookie's value (shown once; only its hash is stored). */
  secret: string;
  view: SessionView;
}

/** The CSRF token of a session: derived from its secret, so nothing more is stored. */
export function csrfTokenFor(sessionSecret: string): string {
  return createHash('sha256').update(`rota-csrf:${sessionSecret}`).digest('base64url');
}

export function csrfMatches(sessionSecret: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const want = Buffer.from(csrfTokenFor(sessionSecret));
  const got = Buffer.from(sent);
  return want.length === got.length && timingSafeEqual(want, got);
}

function displayName(db: Db, actor: Actor, userName?: string): string {
  if (userName) return userName;
  if (actor.name) return actor.name;
  if (actor.serviceId && actor.staffId) return repo.staffEmail(db, actor.serviceId, actor.staffId)?.name ?? actor.staffId;
  return actor.role === 'manager' ? 'Manager' : actor.role === 'payroll' ? 'Payroll' : 'Worker';
}

function startSession(
  tx: Db,
  now: Date,
  settings: SignInSettings,
  input: { tokenId: number; actor: Actor; via: 'link' | 'token'; userId?: number; name: string },
): StartedSession {
  const value = secret();
  const expiresAt = new Date(now.getTime() + settings.sessionDays * DAY_MS).toISOString();
  const id = repo.insertSession(tx, {
    secretHash: hashToken(value),
    tokenId: input.tokenId,
    userId: input.userId ?? null,
    via: input.via,
    createdAt: now.toISOString(),
    expiresAt,
  });
  recordAudit(tx, now, {
    actor: input.actor,
    action: 'session.start',
    entity: 'web_session',
    entityId: String(id),
    serviceId: input.actor.serviceId ?? null,
    details: { via: input.via, userId: input.userId ?? null },
  });
  return {
    secret: value,
    view: {
      signedIn: true,
      role: input.actor.role,
      name: input.name,
      ...(input.actor.serviceId ? { serviceId: input.actor.serviceId, staffId: input.actor.staffId } : {}),
      via: input.via,
      expiresAt,
      csrfToken: csrfTokenFor(value),
    },
  };
}

const SPENT = 'This sign-in link has expired or has already been used. Ask for a new one.';

/** Uses a link (once) and starts a session for the person it was made for. */
export function redeemSignInLink(db: Db, settings: SignInSettings, linkSecret: string, now: Date): StartedSession {
  return db.transaction((txRaw) => {
    const tx = txRaw as unknown as Db;
    const link = repo.useLink(tx, hashToken(linkSecret), now.toISOString());
    if (!link) throw new SignInError(SPENT, 'body.secret');
    if (link.userId !== null) {
      const user = repo.getUser(tx, link.userId);
      if (!user || user.disabledAt !== null || user.email !== link.email) throw new SignInError(SPENT, 'body.secret');
      const made = createToken(tx, { role: user.role, name: user.name, label: `web sign-in by email link <${user.email}>`, expiresInDays: Math.ceil(settings.sessionDays) }, now);
      return startSession(tx, now, settings, { tokenId: made.id, actor: made.actor, via: 'link', userId: user.id, name: user.name });
    }
    // The address must still be the staff member's: a link sent before it changed no longer counts.
    const member = link.serviceId && link.staffId ? repo.staffEmail(tx, link.serviceId, link.staffId) : undefined;
    if (!member || normaliseEmail(member.email ?? '') !== link.email) throw new SignInError(SPENT, 'body.secret');
    const made = createToken(tx, { role: 'worker', staffId: link.staffId!, serviceId: link.serviceId!, label: 'web sign-in by email link', expiresInDays: Math.ceil(settings.sessionDays) }, now);
    return startSession(tx, now, settings, { tokenId: made.id, actor: made.actor, via: 'link', name: member.name });
  });
}

/** Managers and payroll: sign in with a token they hold. The token itself is not changed. */
export function signInWithToken(db: Db, settings: SignInSettings, token: string, now: Date): StartedSession {
  const actor = actorForToken(db, token.trim(), now);
  if (!actor || actor.tokenId === null) throw new SignInError('That token is not known, or it has expired or been revoked.', 'body.token');
  if (actor.role === 'worker') {
    throw new SignInError('Workers sign in with a link sent to their email: use "Email me a sign-in link".', 'body.token');
  }
  return db.transaction((tx) =>
    startSession(tx as unknown as Db, now, settings, { tokenId: actor.tokenId!, actor, via: 'token', name: displayName(db, actor) }),
  );
}

/** The session a cookie names, with the actor of its token; undefined when ended, expired or revoked. */
export function sessionFor(db: Db, sessionSecret: string, now: Date): { id: number; actor: Actor; view: SessionView } | undefined {
  const row = repo.findLiveSession(db, hashToken(sessionSecret), now.toISOString());
  if (!row) return undefined;
  const actor = actorForTokenId(db, row.tokenId, now);
  if (!actor) return undefined;
  const user = row.userId !== null ? repo.getUser(db, row.userId) : undefined;
  if (user && user.disabledAt !== null) return undefined;
  return {
    id: row.id,
    actor: { ...actor, sessionId: row.id },
    view: {
      signedIn: true,
      role: actor.role,
      name: displayName(db, actor, user?.name),
      ...(actor.serviceId ? { serviceId: actor.serviceId, staffId: actor.staffId } : {}),
      via: row.via,
      expiresAt: row.expiresAt,
      csrfToken: csrfTokenFor(sessionSecret),
    },
  };
}

/** Ends a session; a token made for it (link sign-in) is revoked too, a pasted token is left alone. */
export function endWebSession(db: Db, sessionSecret: string, now: Date): boolean {
  return db.transaction((txRaw) => {
    const tx = txRaw as unknown as Db;
    const found = sessionFor(tx, sessionSecret, now);
    if (!found) return false;
    repo.endSession(tx, found.id, now.toISOString());
    if (found.view.via === 'link') revokeTokenRow(tx, found.actor.tokenId!, now.toISOString());
    recordAudit(tx, now, { actor: found.actor, action: 'session.end', entity: 'web_session', entityId: String(found.id), serviceId: found.actor.serviceId ?? null });
    return true;
  });
}

// ---------- users (managers and payroll who sign in by email) ----------

export interface UserView {
  id: number;
  email: string;
  name: string;
  role: 'manager' | 'payroll';
  createdAt: string;
  disabledAt: string | null;
}

export function addUser(db: Db, actor: Actor, input: { email: string; name: string; role: 'manager' | 'payroll' }, now: Date): UserView {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  if (!name) throw new BadRequestError('a user needs a name', [{ path: 'body.name', message: 'must not be empty' }]);
  return db.transaction((tx) => {
    if (repo.findUserByEmail(tx, email)) throw new ConflictError(`a user with the address ${email} exists`, { errors: [{ path: 'body.email', message: 'already a user' }] });
    const row = repo.insertUser(tx, { email, name, role: input.role, createdAt: now.toISOString() });
    recordAudit(tx, now, { actor, action: 'user.create', entity: 'user', entityId: String(row.id), details: { email, name, role: input.role } });
    return row;
  });
}

export function listUsers(db: Db): UserView[] {
  return repo.listUsers(db);
}

/** Disables a user: no more links, and their sessions (and the tokens made for them) end now. */
export function disableUser(db: Db, actor: Actor, id: number, now: Date): UserView {
  return db.transaction((txRaw) => {
    const tx = txRaw as unknown as Db;
    if (!repo.disableUser(tx, id, now.toISOString())) throw new NotFoundError('active user', String(id));
    for (const tokenId of repo.endUserSessions(tx, id, now.toISOString())) revokeTokenRow(tx, tokenId, now.toISOString());
    recordAudit(tx, now, { actor, action: 'user.disable', entity: 'user', entityId: String(id) });
    return repo.getUser(tx, id)!;
  });
}
