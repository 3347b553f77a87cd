// Services: import a service file (the same JSON the CLI reads), list, export.
import { MANAGER, STAFF_READERS } from '../access.ts';
import { idParams, type RoutePlugin } from '../context.ts';
import { errors, fileRef, ref } from '../schemas.ts';

export const servicesRoutes: RoutePlugin = async (app) => {
  app.post('/services/import', {
    config: { access: MANAGER },
    schema: {
      tags: ['services'],
      summary: 'Import a service file (idempotent upsert by ids)',
      description: 'Re-importing the same file changes nothing. Entities missing from the file are kept.',
      body: fileRef(),
      response: { 200: ref('services', 'ImportResult'), ...errors(413) },
    },
    handler: async (request) => app.ctx.data.importFile(app.actorOf(request), request.body),
  });

  app.get('/services', {
    config: { access: STAFF_READERS },
    schema: { tags: ['services'], summary: 'List services', response: { 200: ref('services', 'ServiceList'), ...errors() } },
    handler: async () => app.ctx.data.listServices(),
  });

  app.get<{ Params: { serviceId: string } }>('/services/:serviceId/file', {
    config: { access: MANAGER },
    schema: {
      tags: ['services'],
      summary: 'Export a service as a service file',
      params: idParams('serviceId'),
      response: { 200: fileRef(), ...errors(404) },
    },
    handler: async (request) => app.ctx.data.exportFile(request.params.serviceId),
  });

  app.get<{ Params: { serviceId: string } }>('/services/:serviceId/archived', {
    config: { access: MANAGER },
    schema: {
      tags: ['services'],
      summary: 'Archived staff, sites and templates',
      params: idParams('serviceId'),
      response: { 200: ref('services', 'ArchivedList'), ...errors(404) },
    },
    handler: async (request) => app.ctx.data.archived(request.params.serviceId),
  });

  app.get('/health', {
    config: { access: 'public' },
    schema: {
      tags: ['services'],
      summary: 'Liveness',
      security: [],
      response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } },
    },
    handler: async () => ({ ok: true }),
  });
};
