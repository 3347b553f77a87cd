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

/** Installs on the root instance itself (not encapsulated), so it covers every route plugin. */
export async function authPlugin(
  app: FastifyInstance,
  opts: { db: Db; now: () => Date; failureLimit?: AuthFailureLimit; publicUrl?: string },
): Promise<void> {
  const now = opts.now;
  await app.register(cookie);
  const limit = opts.failureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT;
  await app.register(rateLimit, { global: false });
  // Counts only failures: a request without credentials, or with a good token, consumes nothing.
  const failures = app.createRateLimit({ max: limit.max, timeWindow: limit.timeWindowMs });
  const refuseIfBlocked = async (request: FastifyRequest, reply: FastifyReply, consume: boolean) => {
    const state = await failures(request, { increment: consume });
    if (!state.isAllowed && state.isExceeded) {
      void reply.header('retry-after', String(state.ttlInSeconds));
      throw new TooManyAttemptsError(state.ttlInSeconds);
    }
  };

  app.decorateRequest('actor', null);
  app.decorate('actorOf', (request: FastifyRequest): Actor => {
    if (!request.actor) throw new ForbiddenError('no actor on this request');
    return request.actor;
  });

  // Routes without an access rule fail at start-up: no route is open by accident.
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
    const header = request.headers.authorization;
    // A failed login names the route and the caller's address, never what was sent as a token.
    const failed = (reason: string) =>
      logEvent(request.log, 'auth.failed', null, { reason, method: request.method, url: redactUrl(request.url), ip: request.ip });
    let found: Actor | undefined;
    const sessionSecret = request.cookies[SESSION_COOKIE];
    if (header === undefined && sessionSecret) {
      const session = sessionFor(opts.db, sessionSecret, now());
      if (!session) {
        failed('session ended or unknown');
        throw new UnauthorizedError('your session has ended: sign in again');
      }
      if (unsafe && !csrfMatches(sessionSecret, headerValue(request.headers[CSRF_HEADER]))) {
        failed('cookie write without its CSRF token');
        throw new ForbiddenError(`a write made with the session cookie needs its CSRF token in the ${CSRF_HEADER} header (reload the page)`);
      }
      found = session.actor;
    } else {
      if (header === undefined) {
        failed('no Authorization header');
        throw new UnauthorizedError('send a bearer token: Authorization: Bearer <token>');
      }
      // An address over the limit is refused before its token is looked at, so guessing gains nothing.
      try {
        await refuseIfBlocked(request, reply, false);
      } catch (error) {
        failed('too many failed sign-ins from this address');
        throw error;
      }
      const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9_-]{10,200})\s*$/i.exec(header) : null;
      found = match ? actorForToken(opts.db, match[1], now()) : undefined;
      if (!found) {
        failed(match ? 'unknown, expired or revoked token' : 'not a bearer token');
        await refuseIfBlocked(request, reply, true);
        throw new UnauthorizedError(match ? 'unknown, expired or revoked token' : 'send a bearer token: Authorization: Bearer <token>');
      }
    }
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
