// Who is calling, a worker's own places, and tokens for staff.
import type { Role } from '../../services/actor.ts';
import { BadRequestError } from '../../services/errors.ts';
import type { FastifyInstance } from 'fastify';
import { issueToken, listTokens, revokeToken, type CreateTokenInput, type TokenView } from '../../services/tokens.ts';
import { EVERYONE, MANAGER } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';

/** createToken names CLI flags (staff, service); the API's fields are body.staffId, body.serviceId. */
const BODY_FIELD: Record<string, string> = { staff: 'body.staffId', service: 'body.serviceId', role: 'body.role', name: 'body.name', expiresInDays: 'body.expiresInDays' };
function asBodyErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    throw new BadRequestError(error.message, error.errors.map((e) => ({ path: BODY_FIELD[e.path] ?? `body.${e.path}`, message: e.message })));
  }
}

/** The audit log names the person behind a manager or payroll token, so the API asks for it. */
function requireHolderName(body: CreateTokenInput): void {
  if (body.role !== 'worker' && !body.name?.trim()) {
    throw new BadRequestError('name the person who will hold this token', [
      { path: 'body.name', message: `is required for a ${body.role} token: the audit log names the person` },
    ]);
  }
}

export const authRoutes: RoutePlugin = async (app) => {
  meRoute(app);
  myAssignmentsRoute(app);
  createTokenRoute(app);
  listTokensRoute(app);
  revokeTokenRoute(app);
};

/** Who is calling. */
function meRoute(app: FastifyInstance): void {
  app.get('/me', {
    config: { access: EVERYONE },
    schema: { tags: ['auth'], summary: 'The caller: role and, for a worker, their staff member', operationId: 'getMe', description: 'Who the bearer token belongs to: the role, the person\'s name and, for a worker, the service and staff member it is bound to.', response: { 200: ref('auth', 'Me'), ...errors() } },
    handler: async (request) => app.actorOf(request),
  });
}

/** A worker's own places. */
function myAssignmentsRoute(app: FastifyInstance): void {
  app.get('/me/assignments', {
    config: { access: ['worker'] },
    schema: {
      tags: ['auth'],
      summary: "A worker's own places, newest first: published ones, sessions a bank worker accepted (in a draft rota too) and sessions offered to them awaiting their answer",
      operationId: 'listMyAssignments',
      description: 'The calling worker\'s own places across weeks, each with its state (published, or offered and awaiting their answer). Nothing of anyone else\'s places is shown.',
      response: { 200: ref('rotas', 'MyPlaceList'), ...errors() },
    },
    handler: async (request) => app.ctx.rotas.myAssignments(app.actorOf(request)),
  });
}

/** A new token, shown once. */
function createTokenRoute(app: FastifyInstance): void {
  app.post<{ Body: CreateTokenInput }>('/tokens', {
    config: { access: MANAGER },
    schema: {
      tags: ['auth'],
      summary: 'Create a token (e.g. for a worker); it is shown once', operationId: 'createToken', description: 'Makes a bearer token and returns it once (only its sha256 is stored). A manager or payroll token names the person who holds it; a worker token is bound to one staff member. Every token expires (expiresInDays, default the server\'s ROTA_TOKEN_DAYS, 90).',
      body: ref('auth', 'CreateToken'),
      response: { 201: ref('auth', 'TokenCreated'), ...errors(404, 413) },
    },
    handler: async (request, reply) => {
      const body = request.body;
      requireHolderName(body);
      const created = asBodyErrors(() =>
        issueToken(app.ctx.db, { ...body, expiresInDays: body.expiresInDays ?? app.ctx.tokenDays }, app.ctx.now(), app.actorOf(request), { label: body.label ?? null }),
      );
      return reply.status(201).send({
        id: created.id,
        token: created.token,
        role: created.actor.role,
        ...(created.actor.name ? { name: created.actor.name } : {}),
        expiresAt: created.expiresAt,
        ...(created.actor.serviceId ? { serviceId: created.actor.serviceId, staffId: created.actor.staffId } : {}),
      });
    },
  });
}

/** Every token, never its secret. */
function listTokensRoute(app: FastifyInstance): void {
  app.get<{ Querystring: { role?: Role; serviceId?: string; staffId?: string; state?: TokenView['state'] } }>('/tokens', {
    config: { access: MANAGER },
    schema: {
      tags: ['auth'],
      summary: 'List tokens (never their secrets)', operationId: 'listTokens', description: 'Every token with its holder, role, creation, expiry and revocation, and whether it is active, expired or revoked now. The secrets themselves are never stored, so never shown.',
      querystring: ref('auth', 'TokenQuery'),
      response: { 200: ref('auth', 'TokenList'), ...errors() },
    },
    handler: async (request) => listTokens(app.ctx.db, request.query, app.ctx.now()),
  });
}

/** Revoking a token. */
function revokeTokenRoute(app: FastifyInstance): void {
  app.delete<{ Params: { tokenId: number }; Querystring: { revokeFeeds?: boolean; reason?: string } }>('/tokens/:tokenId', {
    config: { access: MANAGER },
    schema: {
      tags: ['auth'],
      summary: 'Revoke a token; it answers 401 from then on', operationId: 'revokeToken', description: 'The token stops working at once. For a worker\'s token the answer says how many calendar subscription addresses they still have; send revokeFeeds=true to end those too.',
      params: ref('auth', 'TokenParams'),
      querystring: ref('auth', 'RevokeQuery'),
      response: { 200: ref('auth', 'Revoked'), ...errors(404) },
    },
    handler: async (request) =>
      revokeToken(app.ctx.db, app.actorOf(request), request.params.tokenId, app.ctx.now(), { revokeFeeds: request.query.revokeFeeds === true }),
  });
}
