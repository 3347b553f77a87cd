// Who is calling, a worker's own places, and tokens for staff.
import type { Role } from '../../services/actor.ts';
import { createToken, revokeToken } from '../../services/tokens.ts';
import { recordAudit } from '../../services/audit.ts';
import { EVERYONE, MANAGER } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';

export const authRoutes: RoutePlugin = async (app) => {
  app.get('/me', {
    config: { access: EVERYONE },
    schema: { tags: ['auth'], summary: 'The caller: role and, for a worker, their staff member', response: { 200: ref('auth', 'Me'), ...errors() } },
    handler: async (request) => app.actorOf(request),
  });

  app.get('/me/assignments', {
    config: { access: ['worker'] },
    schema: {
      tags: ['auth'],
      summary: "A worker's own places, newest first: published ones (a bank worker's are those they accepted) and sessions offered to them awaiting their answer",
      response: { 200: ref('rotas', 'MyPlaceList'), ...errors() },
    },
    handler: async (request) => app.ctx.rotas.myAssignments(app.actorOf(request)),
  });

  app.post<{ Body: { role: Role; staffId?: string; serviceId?: string; label?: string } }>('/tokens', {
    config: { access: MANAGER },
    schema: {
      tags: ['auth'],
      summary: 'Create a token (e.g. for a worker); it is shown once',
      body: ref('auth', 'CreateToken'),
      response: { 201: ref('auth', 'TokenCreated'), ...errors(404, 413) },
    },
    handler: async (request, reply) => {
      const actor = app.actorOf(request);
      const created = createToken(app.ctx.db, request.body, app.ctx.now());
      recordAudit(app.ctx.db, app.ctx.now(), {
        actor,
        action: 'token.create',
        entity: 'token',
        entityId: String(created.id),
        serviceId: created.actor.serviceId ?? null,
        details: { role: created.actor.role, staffId: created.actor.staffId ?? null, label: request.body.label ?? null },
      });
      return reply.status(201).send({
        id: created.id,
        token: created.token,
        role: created.actor.role,
        ...(created.actor.serviceId ? { serviceId: created.actor.serviceId, staffId: created.actor.staffId } : {}),
      });
    },
  });

  app.delete<{ Params: { tokenId: number } }>('/tokens/:tokenId', {
    config: { access: MANAGER },
    schema: {
      tags: ['auth'],
      summary: 'Revoke a token; it answers 401 from then on',
      params: { type: 'object', required: ['tokenId'], properties: { tokenId: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } },
      response: { 200: ref('common', 'Deleted'), ...errors(404) },
    },
    handler: async (request) => {
      revokeToken(app.ctx.db, app.actorOf(request), request.params.tokenId, app.ctx.now());
      return { deleted: true };
    },
  });
};
