// A worker's swaps and give-aways (preview, offer, answer, withdraw) and a manager's approval of them.
import type { FastifyInstance } from 'fastify';
import type { RoutePlugin } from '../context.ts';
import { MANAGER } from '../access.ts';
import { errors, ref } from '../schemas.ts';
import type { SwapRow } from '../../db/repositories/self-service-repo.ts';
import { swapOptions } from '../../self-service/swap-options.ts';
import * as swaps from '../../self-service/swaps.ts';
import { type Reason, s, selfServiceScope, type ServiceP, tags, WORKER } from './self-service-common.ts';

export const swapRoutes: RoutePlugin = async (app) => {
  workerSwapRoutes(app);
  managerSwapRoutes(app);
};

/** A worker's side: colleagues to swap with, preview, offer, list, accept, decline, withdraw. */
function workerSwapRoutes(app: FastifyInstance): void {
  const { deps, actor } = selfServiceScope(app);
  app.get<{ Querystring: { assignmentId: number } }>('/me/colleagues', {
    config: { access: WORKER },
    schema: {
      tags,
      summary: 'Colleagues who hold the role of one of my places, with their published places still to come that I could take in return', operationId: 'listSwapColleagues', description: 'For a swap: the colleagues who hold the role of the place named by assignmentId, each with their published places still to come that are not already in a swap. Only what the published rota shows the team (names and sessions); whether a swap is legal is the preview\'s to say.',
      querystring: s('ColleagueQuery'),
      response: { 200: s('ColleagueList'), ...errors(404) },
    },
    handler: async (request) => swapOptions(deps, actor(request), request.query.assignmentId),
  });

  app.post<{ Body: swaps.SwapInput }>('/me/swaps/preview', {
    config: { access: WORKER },
    schema: {
      tags,
      summary: 'What offering a place would break, in words, before anything is sent', operationId: 'previewSwap',
      description:
        'Every hard rule for both workers (rest, hours, skills and approvals, leave, availability, travel) with the place(s) moved, and the rota\'s soft cost change. ' +
        'A colleague\'s breaches are named by rule only. To anyone eligible: how many colleagues may take it.',
      body: s('SwapInput'),
      response: { 200: s('SwapPreview'), ...errors(404, 409, 413) },
    },
    handler: async (request) => swaps.previewSwap(deps, actor(request), request.body),
  });

  app.post<{ Body: swaps.SwapInput }>('/me/swaps', {
    config: { access: WORKER },
    schema: {
      tags,
      summary: 'Offer one of my published places to a named colleague, to anyone eligible, or as a swap for one of the colleague\'s', operationId: 'offerSwap',
      description: 'Refused (409) with the breaches in words when a hard rule would break; otherwise the colleague(s) are told.',
      body: s('SwapInput'),
      response: { 201: s('Swap'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => reply.status(201).send(swaps.offerSwap(deps, actor(request), request.body)),
  });

  app.get('/me/swaps', {
    config: { access: WORKER },
    schema: { tags, summary: 'Swaps and give-aways I offered or was asked to take', operationId: 'listMySwaps', description: 'Every swap or give-away the calling worker offered or was invited to take, in any state, with who took it and why it closed. A colleague who was asked but did not take it sees that it was taken, not by whom.', response: { 200: s('SwapList'), ...errors() } },
    handler: async (request) => swaps.listSwapsFor(deps, actor(request)),
  });

  app.post<{ Params: { swapId: string } }>('/me/swaps/:swapId/accept', {
    config: { access: WORKER },
    schema: {
      tags,
      summary: 'Take a swap or give-away offered to me: every hard rule is checked again now; one colleague wins', operationId: 'acceptSwap',
      description: 'Then a manager approves, unless the service approves automatically (no rule breaks and the soft cost rises by at most its limit).',
      params: s('SwapParams'),
      response: { 200: s('Swap'), ...errors(404, 409) },
    },
    handler: async (request) => swaps.acceptSwap(deps, actor(request), request.params.swapId),
  });

  app.post<{ Params: { swapId: string }; Body: Reason }>('/me/swaps/:swapId/decline', {
    config: { access: WORKER },
    schema: { tags, summary: 'Say no to a swap or give-away offered to me', operationId: 'declineSwap', description: 'The invited colleague says no, with an optional reason the offerer reads. A give-away to anyone closes when every colleague asked has declined; answering a swap that is no longer open answers 200 with where it stands.', params: s('SwapParams'), body: s('OptionalReason'), response: { 200: s('Swap'), ...errors(404, 409) } },
    handler: async (request) => swaps.declineSwap(deps, actor(request), request.params.swapId, request.body?.reason),
  });

  app.post<{ Params: { swapId: string }; Body: Reason }>('/me/swaps/:swapId/withdraw', {
    config: { access: WORKER },
    schema: { tags, summary: 'Withdraw my offer before it is approved', operationId: 'withdrawSwap', description: 'The worker who offered it takes it back while it is offered or accepted (not yet approved); the colleagues asked are told.', params: s('SwapParams'), body: s('OptionalReason'), response: { 200: s('Swap'), ...errors(404, 409) } },
    handler: async (request) => swaps.withdrawSwap(deps, actor(request), request.params.swapId, request.body?.reason),
  });
}

/** The manager's side: the service's swaps, approve, reject. */
function managerSwapRoutes(app: FastifyInstance): void {
  const { deps, actor } = selfServiceScope(app);
  app.get<{ Params: ServiceP; Querystring: { status?: SwapRow['status'] } }>('/services/:serviceId/swaps', {
    config: { access: MANAGER },
    schema: { tags, summary: 'Swaps and give-aways of the service (accepted ones await approval)', operationId: 'listServiceSwaps', description: 'For the manager: every swap and give-away of the service with everyone asked and the soft cost change at the last check; ?status=accepted lists those waiting for approval.', params: ref('common', 'ServiceParams'), querystring: s('SwapQuery'), response: { 200: s('SwapList'), ...errors(404) } },
    handler: async (request) => swaps.managerSwaps(deps, request.params.serviceId, request.query.status),
  });

  app.post<{ Params: ServiceP & { swapId: string }; Body: Reason }>('/services/:serviceId/swaps/:swapId/approve', {
    config: { access: MANAGER },
    schema: {
      tags,
      summary: 'Approve an accepted swap: checked again now, then the places change hands (they stay published)', operationId: 'approveSwap',
      description: 'A swap that became illegal meanwhile (new leave, an approval that expired, a place changed or started) is refused with 409 and the reason, and both workers are told.',
      params: s('ServiceSwapParams'),
      body: s('OptionalReason'),
      response: { 200: s('Swap'), ...errors(404, 409) },
    },
    handler: async (request) => swaps.approveSwap(deps, actor(request), request.params.serviceId, request.params.swapId, request.body?.reason),
  });

  app.post<{ Params: ServiceP & { swapId: string }; Body: { reason: string } }>('/services/:serviceId/swaps/:swapId/reject', {
    config: { access: MANAGER },
    schema: { tags, summary: 'Reject a swap with a reason (both workers are told)', operationId: 'rejectSwap', description: 'The manager says no to an offered or accepted swap; the reason is required and both workers read it. The places stay where they are.', params: s('ServiceSwapParams'), body: s('RequiredReason'), response: { 200: s('Swap'), ...errors(404, 409) } },
    handler: async (request) => swaps.rejectSwap(deps, actor(request), request.params.serviceId, request.params.swapId, request.body.reason),
  });
}
