// Authentication (a bearer token, or the web app's session cookie) and the per-route access rules.
// A cookie carries the rights of one token (src/services/sign-in.ts), so both pass the same rules.
// Cookie writes need the session's CSRF token in x-csrf-token, and any write from another site's page
// (an Origin header naming another origin) is refused before anything else. Failed bearer attempts are
// counted per address (@fastify/rate-limit): past the limit, the address gets 429 before any token is
// checked.
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../services/actor.ts';
import { AppError, ForbiddenError } from '../../services/errors.ts';
import { csrfMatches, sessionFor } from '../../services/sign-in.ts';
import { logEvent } from '../../services/event-log.ts';
import { actorForToken } from '../../services/tokens.ts';
import { redactUrl } from './logging.ts';
import { isAllowed, type Access } from '../access.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every route that is not public. */
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** The actor of a non-public route (throws if a route forgot its access rule). */
    actorOf(request: FastifyRequest): Actor;
    /** Every route with its access rule, for the route-walk tests and the docs. */
    routeCatalogue: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
  hasBody: boolean;
  /** The route's body schema, if any (tests check generated bodies against it). */
  bodySchema?: unknown;
  /** Documented answers by status code. */
  responseSchemas?: Record<string, unknown>;
  /** Left out of the API documentation: the web app's pages and assets. */
  hidden: boolean;
}

export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super(401, 'unauthorized', message);
  }
}

/** The web session cookie (httpOnly, SameSite=Strict, Secure over https). */
export const SESSION_COOKIE = 'rota_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether an Origin header names this server (as the browser reached it, or its public address). */
export function isSameOrigin(origin: string, request: FastifyRequest, publicUrl: string | undefined): boolean {
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  if (o.origin === 'null') return false;
  if (o.origin === `${request.protocol}://${request.host}`) return true;
  if (!publicUrl) return false;
  try {
    return o.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

export class TooManyAttemptsError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, 'too_many_requests', `too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`);
  }
}

/** Failed authentications allowed per address in each window before it gets 429. */
export interface AuthFailureLimit {
  max: number;
  timeWindowMs: number;
}
export const DEFAULT_AUTH_FAILURE_LIMIT: AuthFailureLimit = { max: 20, timeWindowMs: 60_000 };

type RefuseIfBlocked = (request: FastifyRequest, reply: FastifyReply, consume: boolean) => Promise<void>;
type Failed = (reason: string) => void;

/** Counts failed authentications per address; past the limit the address gets 429 (TooManyAttemptsError). */
async function failureLimiter(app: FastifyInstance, limit: AuthFailureLimit): Promise<RefuseIfBlocked> {
  await app.register(rateLimit, { global: false });
  // Counts only failures: a request without credentials, or with a good token, consumes nothing.
  const failures = app.createRateLimit({ max: limit.max, timeWindow: limit.timeWindowMs });
  return async (request, reply, consume) => {
    const state = await failures(request, { increment: consume });
    if (!state.isAllowed && state.isExceeded) {
      void reply.header('retry-after', String(state.ttlInSeconds));
      throw new TooManyAttemptsError(state.ttlInSeconds);
    }
  };
}

/** Routes without an access rule fail at start-up, so no route is open by accident; the rest are catalogued. */
function catalogueRoutes(app: FastifyInstance): void {
  const catalogue: RouteEntry[] = [];
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/documentation')) {
      route.config = { ...(route.config ?? {}), access: 'public' };
    } else if (route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} has no config.access rule`);
    }
    for (const method of [route.method].flat()) {
      catalogue.push({
        method,
        url: route.url,
        access: route.config!.access!,
        hasBody: route.schema?.body !== undefined,
        bodySchema: route.schema?.body,
        responseSchemas: route.schema?.response as Record<string, unknown> | undefined,
        hidden: route.schema?.hide === true,
      });
    }
  });
}

/** The actor of a live session cookie; a write with it needs the session's CSRF token. */
function cookieActor(db: Db, request: FastifyRequest, secret: string, unsafe: boolean, at: Date, failed: Failed): Actor {
  const session = sessionFor(db, secret, at);
  if (!session) {
    failed('session ended or unknown');
    throw new UnauthorizedError('your session has ended: sign in again');
  }
  if (unsafe && !csrfMatches(secret, headerValue(request.headers[CSRF_HEADER]))) {
    failed('cookie write without its CSRF token');
    throw new ForbiddenError(`a write made with the session cookie needs its CSRF token in the ${CSRF_HEADER} header (reload the page)`);
  }
  return session.actor;
}

/** The actor of a bearer token; an address over the failure limit is refused before its token is looked at. */
async function bearerActor(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  at: Date,
  refuseIfBlocked: RefuseIfBlocked,
  failed: Failed,
): Promise<Actor> {
  const header = request.headers.authorization;
  if (header === undefined) {
    failed('no Authorization header');
    throw new UnauthorizedError('send a bearer token: Authorization: Bearer <token>');
  }
  // Refused before the token is looked at, so guessing gains nothing.
  try {
    await refuseIfBlocked(request, reply, false);
  } catch (error) {
    failed('too many failed sign-ins from this address');
    throw error;
  }
  const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9_-]{10,200})\s*$/i.exec(header) : null;
  const found = match ? actorForToken(db, match[1], at) : undefined;
  if (!found) {
    failed(match ? 'unknown, expired or revoked token' : 'not a bearer token');
    await refuseIfBlocked(request, reply, true);
    throw new UnauthorizedError(match ? 'unknown, expired or revoked token' : 'send a bearer token: Authorization: Bearer <token>');
  }
  return found;
}

/** Installs on the root instance itself (not encapsulated), so it covers every route plugin. */
export async function authPlugin(
  app: FastifyInstance,
  opts: { db: Db; now: () => Date; failureLimit?: AuthFailureLimit; publicUrl?: string },
): Promise<void> {
  await app.register(cookie);
  const refuseIfBlocked = await failureLimiter(app, opts.failureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT);
  app.decorateRequest('actor', null);
  app.decorate('actorOf', (request: FastifyRequest): Actor => {
    if (!request.actor) throw new ForbiddenError('no actor on this request');
    return request.actor;
  });
  catalogueRoutes(app);

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const unsafe = !SAFE_METHODS.has(request.method);
    // A page of another site can make a browser send a form or fetch with our cookie: refuse writes
    // that say they come from elsewhere, on every route (signing in too, so nobody is signed in as
    // someone else by a page they visit).
    const origin = request.headers.origin;
    if (unsafe && origin !== undefined && !isSameOrigin(origin, request, opts.publicUrl)) {
      throw new ForbiddenError(`cross-site request refused: Origin ${origin} is not this site`);
    }
    const access = request.routeOptions.config.access ?? [];
    if (access === 'public') return;
    // A failed login names the route and the caller's address, never what was sent as a token.
    const failed: Failed = (reason) =>
      logEvent(request.log, 'auth.failed', null, { reason, method: request.method, url: redactUrl(request.url), ip: request.ip });
    const sessionSecret = request.cookies[SESSION_COOKIE];
    const found =
      request.headers.authorization === undefined && sessionSecret
        ? cookieActor(opts.db, request, sessionSecret, unsafe, opts.now(), failed)
        : await bearerActor(opts.db, request, reply, opts.now(), refuseIfBlocked, failed);
    const reason = (request.query as Record<string, unknown> | undefined)?.reason;
    const actor = typeof reason === 'string' && reason.trim() !== '' ? { ...found, reason: reason.slice(0, 2000) } : found;
    request.actor = actor;
    if (!isAllowed(access, actor, (request.params ?? {}) as Record<string, unknown>)) {
      throw new ForbiddenError(`a ${actor.role} token may not ${request.method} ${request.routeOptions.url}`);
    }
  });
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
