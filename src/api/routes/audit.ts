import { listAudit } from '../../db/repositories/audit-repo.ts';
import { MANAGER } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';

export const auditRoutes: RoutePlugin = async (app) => {
  app.get<{ Querystring: { entity?: string; entityId?: string; limit?: number } }>('/audit', {
    config: { access: MANAGER },
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first (filter by entity, e.g. entity=rota&entityId=...)', operationId: 'listAudit', description: 'Every change made through the API, the command line or the server itself: who (the person, with the token id), when, what and why. Filter by entity and entity id; at most `limit` entries (default 100).',
      querystring: ref('auth', 'AuditQuery'),
      response: { 200: ref('auth', 'AuditList'), ...errors() },
    },
    handler: async (request) => listAudit(app.ctx.db, { ...request.query, limit: request.query.limit ?? 100 }),
  });
};
