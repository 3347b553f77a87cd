// Rotas: generate (202, solved in a worker thread), list, read, re-plan, publish. Watching and
// stopping a solve are in rota-live.ts; changing places by hand in rota-places.ts.
import { EVERYONE, MANAGER } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import type { PublishInput } from '../../services/rota-service.ts';

import { rotaParams, type RotaP } from './rota-common.ts';

export const rotasRoutes: RoutePlugin = async (app) => {
  app.post<{ Body: { serviceId: string; weekStart: string; seed?: number } }>('/rotas', {
    config: { access: MANAGER },
    schema: {
      tags: ['rotas'],
      summary: 'Generate a weekly rota (answers at once; poll GET /rotas/:id)', operationId: 'createRota', description: 'Queues a solve of the service\'s week and answers 202 at once with a Location header; solves run one at a time in a worker thread. Poll the rota for status and best-so-far progress.',
      body: ref('rotas', 'CreateRota'),
      response: { 202: ref('rotas', 'RotaSummary'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => {
      const created = app.ctx.rotas.create(app.actorOf(request), request.body);
      return reply.status(202).header('location', `/rotas/${encodeURIComponent(created.id)}`).send(created);
    },
  });

  app.get<{ Querystring: { serviceId?: string; weekStart?: string } }>('/rotas', {
    config: { access: EVERYONE },
    schema: {
      tags: ['rotas'],
      summary: 'List rotas (a worker sees published rotas of their own service)', operationId: 'listRotas', description: 'Rota summaries (status, published, score), filtered by service and week. A worker sees only published rotas of their own service, without scores.',
      querystring: ref('rotas', 'RotaQuery'),
      response: { 200: ref('rotas', 'RotaList'), ...errors() },
    },
    handler: async (request) => app.ctx.rotas.list(app.actorOf(request), request.query),
  });

  app.get<{ Params: RotaP }>('/rotas/:id', {
    config: { access: EVERYONE },
    schema: {
      tags: ['rotas'],
      summary: 'Status, best-so-far, the rota, unfilled places with reasons and the score by constraint', operationId: 'getRota',
      description: 'A worker sees only their own published places.',
      params: rotaParams,
      response: { 200: ref('rotas', 'Rota'), ...errors(404) },
    },
    handler: async (request) => app.ctx.rotas.get(app.actorOf(request), request.params.id),
  });

  app.post<{ Params: RotaP; Body: { reason?: string; seed?: number } | undefined }>('/rotas/:id/replan', {
    config: { access: MANAGER },
    schema: {
      tags: ['rotas'],
      summary: 'Re-plan: keeps pinned and published places, changes as little else as it can (202)', operationId: 'replanRota', description: 'Re-solves the week from the current rota with the current service data (202). Pinned and published places stay; each worker softly wishes to keep their sessions, so the search moves as little as it can. No body is needed.',
      params: rotaParams,
      body: ref('rotas', 'ReplanBody'),
      response: { 202: ref('rotas', 'RotaSummary'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) =>
      reply.status(202).send(app.ctx.rotas.replan(app.actorOf(request), request.params.id, request.body ?? {})),
  });

  app.post<{ Params: RotaP; Body: PublishInput | undefined }>('/rotas/:id/publish', {
    config: { access: MANAGER },
    schema: {
      tags: ['rotas'],
      summary: 'Publish: workers see their places; bank proposals become offers; the hours count as worked history',
      operationId: 'publishRota',
      description:
        'Refused with 409 listing each hard breach in words (places below their minimum included), unless override is true with a reason (audited). ' +
        'Places proposed for bank workers are never published: they go out as offers (the proposed worker first), or stay to offer with bankPlaces "to-offer". ' +
        'Publishing again with nothing new changes nothing. No body is needed.',
      params: rotaParams,
      body: ref('rotas', 'PublishBody'),
      response: { 200: ref('rotas', 'PublishResult'), 409: { description: 'Refused: every hard breach in words (send override with a reason to publish anyway), or another rota of the week is published', ...ref('rotas', 'PublishRefusal') }, ...errors(404, 413) },
    },
    handler: async (request) => app.ctx.rotas.publish(app.actorOf(request), request.params.id, request.body ?? {}),
  });
};
