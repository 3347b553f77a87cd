// The open sessions board: a worker asks for an unfilled place, a manager approves or declines.
import type { RoutePlugin } from '../context.ts';
import { MANAGER } from '../access.ts';
import { errors, ref } from '../schemas.ts';
import type { OpenRequestRow } from '../../db/repositories/self-service-repo.ts';
import * as board from '../../self-service/open-board.ts';
import { type Reason, s, selfServiceScope, type ServiceP, tags, WORKER } from './self-service-common.ts';

export const openBoardRoutes: RoutePlugin = async (app) => {
  const { deps, actor } = selfServiceScope(app);

  app.get('/me/open-sessions', {
    config: { access: WORKER },
    schema: {
      tags,
      summary: 'Open places of published rotas I may take (every hard rule met, as an offer is checked), soonest first', operationId: 'listOpenSessions', description: 'Places of published rotas still below what the session wants, that the calling worker may take now without breaking a hard rule (the same check as an offer), with the soft cost change and any request of theirs already waiting.',
      response: { 200: s('OpenPlaceList'), ...errors() },
    },
    handler: async (request) => board.openBoard(deps, actor(request)),
  });

  app.get('/me/open-requests', {
    config: { access: WORKER },
    schema: { tags, summary: 'My requests for open sessions and their answers', operationId: 'listMyOpenRequests', description: 'The calling worker\'s requests for open places, waiting or answered, with the manager\'s reason when declined and the place when approved.', response: { 200: s('OpenRequestList'), ...errors() } },
    handler: async (request) => board.myOpenRequests(deps, actor(request)),
  });

  app.post<{ Body: board.OpenRequestInput }>('/me/open-requests', {
    config: { access: WORKER },
    schema: {
      tags,
      summary: 'Ask for an open place; a manager approves, or the service gives it to the first eligible request', operationId: 'requestOpenSession', description: 'Asks for one open place of a published rota; refused (409) when a hard rule would break or the place is no longer open. With automatic approval the first eligible request gets the place at once; otherwise a manager chooses.',
      body: s('OpenRequestInput'),
      response: { 201: s('OpenRequest'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => reply.status(201).send(board.requestOpenPlace(deps, actor(request), request.body)),
  });

  app.post<{ Params: { requestId: string } }>('/me/open-requests/:requestId/withdraw', {
    config: { access: WORKER },
    schema: { tags, summary: 'Withdraw my request for an open place', operationId: 'withdrawOpenRequest', description: 'The worker takes back a request that is still waiting; an answered request answers 409 with its state.', params: s('OpenRequestParams'), response: { 200: s('OpenRequest'), ...errors(404, 409) } },
    handler: async (request) => board.withdrawOpenRequest(deps, actor(request), request.params.requestId),
  });

  app.get<{ Params: ServiceP; Querystring: { status?: OpenRequestRow['status'] } }>('/services/:serviceId/open-requests', {
    config: { access: MANAGER },
    schema: {
      tags,
      summary: 'Requests for open places; those waiting are ranked per place as offers are', operationId: 'listServiceOpenRequests', description: 'For the manager: requests for open places; those waiting carry their rank among the requests for the same place (the offers\' ranking) and, when a rule now blocks them, the reasons in words.',
      params: ref('common', 'ServiceParams'),
      querystring: s('OpenRequestQuery'),
      response: { 200: s('OpenRequestList'), ...errors(404) },
    },
    handler: async (request) => board.managerOpenRequests(deps, request.params.serviceId, request.query.status),
  });

  app.post<{ Params: ServiceP & { requestId: string }; Body: Reason }>('/services/:serviceId/open-requests/:requestId/approve', {
    config: { access: MANAGER },
    schema: {
      tags,
      summary: 'Give the place to this request: checked again now; exactly one winner per place', operationId: 'approveOpenRequest', description: 'Checked again now; the place becomes the worker\'s and stays published. Exactly one winner per place: a second approval for a place already filled answers 409, and the others waiting are told it went.',
      params: s('ServiceRequestParams'),
      body: s('OptionalReason'),
      response: { 200: s('OpenRequest'), ...errors(404, 409) },
    },
    handler: async (request) => board.approveOpenRequest(deps, actor(request), request.params.serviceId, request.params.requestId, request.body?.reason),
  });

  app.post<{ Params: ServiceP & { requestId: string }; Body: { reason: string } }>('/services/:serviceId/open-requests/:requestId/decline', {
    config: { access: MANAGER },
    schema: { tags, summary: 'Decline a request for an open place, with a reason', operationId: 'declineOpenRequest', description: 'The manager declines a waiting request with a reason (required), which the worker reads.', params: s('ServiceRequestParams'), body: s('RequiredReason'), response: { 200: s('OpenRequest'), ...errors(404, 409) } },
    handler: async (request) => board.declineOpenRequest(deps, actor(request), request.params.serviceId, request.params.requestId, request.body.reason),
  });
};
