// Bearer-token authentication and the per-route access rules.
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

/** Installs on the root instance itself (not encapsulated), so it covers every route plugin. */
export async function authPlugin(app: FastifyInstance, opts: { db: Db }): Promise<void> {
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

  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access ?? [];
    if (access === 'public') return;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9_-]{10,200})\s*$/i.exec(header) : null;
    // A failed login names the route and the caller's address, never what was sent as a token.
    const failed = (reason: string) =>
      logEvent(request.log, 'auth.failed', null, { reason, method: request.method, url: redactUrl(request.url), ip: request.ip });
    if (!match) {
      failed(header === undefined ? 'no Authorization header' : 'not a bearer token');
      throw new UnauthorizedError('send a bearer token: Authorization: Bearer <token>');
    }
    const found = actorForToken(opts.db, match[1]);
    if (!found) {
      failed('unknown or revoked token');
      throw new UnauthorizedError('unknown or revoked token');
    }
    const reason = (request.query as Record<string, unknown> | undefined)?.reason;
    const actor = typeof reason === 'string' && reason.trim() !== '' ? { ...found, reason: reason.slice(0, 2000) } : found;
    request.actor = actor;
    if (!isAllowed(access, actor, (request.params ?? {}) as Record<string, unknown>)) {
      throw new ForbiddenError(`a ${actor.role} token may not ${request.method} ${request.routeOptions.url}`);
    }
  });
}

