// Bearer-token authentication and the per-route access rules. Failed attempts are counted per
// address (@fastify/rate-limit): past the limit, the address gets 429 before any token is checked.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../services/actor.ts';
import { AppError, ForbiddenError } from '../../services/errors.ts';
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
}

export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super(401, 'unauthorized', message);
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
  opts: { db: Db; now: () => Date; failureLimit?: AuthFailureLimit },
): Promise<void> {
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
      });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access ?? [];
    if (access === 'public') return;
    const header = request.headers.authorization;
    // A failed login names the route and the caller's address, never what was sent as a token.
    const failed = (reason: string) =>
      logEvent(request.log, 'auth.failed', null, { reason, method: request.method, url: redactUrl(request.url), ip: request.ip });
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
    const found = match ? actorForToken(opts.db, match[1], opts.now()) : undefined;
    if (!found) {
      failed(match ? 'unknown, expired or revoked token' : 'not a bearer token');
      await refuseIfBlocked(request, reply, true);
      throw new UnauthorizedError(
        match ? 'unknown, expired or revoked token' : 'send a bearer token: Authorization: Bearer <token>',
      );
    }
    const reason = (request.query as Record<string, unknown> | undefined)?.reason;
    const actor = typeof reason === 'string' && reason.trim() !== '' ? { ...found, reason: reason.slice(0, 2000) } : found;
    request.actor = actor;
    if (!isAllowed(access, actor, (request.params ?? {}) as Record<string, unknown>)) {
      throw new ForbiddenError(`a ${actor.role} token may not ${request.method} ${request.routeOptions.url}`);
    }
  });
}

