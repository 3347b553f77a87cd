// Services: import a service file (the same JSON the CLI reads), list, export.
import { MANAGER, STAFF_READERS } from '../access.ts';
import { idParams, type RoutePlugin } from '../context.ts';
import { errors, fileRef, ref } from '../schemas.ts';

export const servicesRoutes: RoutePlugin = async (app) => {
  app.post('/services/import', {
    config: { access: MANAGER },
    schema: {
      tags: ['services'],
      summary: 'Import a service file (idempotent upsert by ids)', operationId: 'importService',
      description: 'Re-importing the same file changes nothing. Entities missing from the file are kept.',
      body: fileRef(),
      response: { 200: ref('services', 'ImportResult'), ...errors(413) },
    },
    handler: async (request) => app.ctx.data.importFile(app.actorOf(request), request.body),
  });

  app.get('/services', {
    config: { access: STAFF_READERS },
    schema: { tags: ['services'], summary: 'List services', operationId: 'listServices', description: 'Every service with its time zone and how many sites, staff and templates it has (archived ones not counted).', response: { 200: ref('services', 'ServiceList'), ...errors() } },
    handler: async () => app.ctx.data.listServices(),
  });

  app.get<{ Params: { serviceId: string } }>('/services/:serviceId/file', {
    config: { access: MANAGER },
    schema: {
      tags: ['services'],
      summary: 'Export a service as a service file', operationId: 'exportServiceFile', description: 'The service as the JSON file `rota plan` reads and POST /services/import takes: importing it back changes nothing. Archived staff, sites and templates are left out.',
      params: idParams('serviceId'),
      response: { 200: fileRef(), ...errors(404) },
    },
    handler: async (request) => app.ctx.data.exportFile(request.params.serviceId),
  });

  app.get<{ Params: { serviceId: string } }>('/services/:serviceId/archived', {
    config: { access: MANAGER },
    schema: {
      tags: ['services'],
      summary: 'Archived staff, sites and templates', operationId: 'listArchived', description: 'Records that were archived because rotas, offers, payroll, tokens or feeds still refer to them: when, by whom. Restore one with POST .../{id}/restore.',
      params: idParams('serviceId'),
      response: { 200: ref('services', 'ArchivedList'), ...errors(404) },
    },
    handler: async (request) => app.ctx.data.archived(request.params.serviceId),
  });

  app.get('/health', {
    config: { access: 'public' },
    schema: {
      tags: ['services'],
      summary: 'Liveness', operationId: 'health', description: 'Answers {"ok": true} while the server runs; needs no token.',
      security: [],
      response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } },
    },
    handler: async () => ({ ok: true }),
  });
};
