// Leave, unavailability and availability requests and their answers, and the published shifts that
// clash with approved leave.
import type { RoutePlugin } from '../context.ts';
import { MANAGER } from '../access.ts';
import { errors, ref } from '../schemas.ts';
import type { StaffRequestRow } from '../../db/repositories/self-service-repo.ts';
import { leaveClashes } from '../../self-service/leave-clashes.ts';
import * as requests from '../../self-service/staff-requests.ts';
import { type Reason, s, selfServiceScope, type ServiceP, tags, WORKER } from './self-service-common.ts';

export const staffRequestRoutes: RoutePlugin = async (app) => {
  const { deps, actor } = selfServiceScope(app);

  app.get('/me/requests', {
    config: { access: WORKER },
    schema: { tags, summary: 'My leave, unavailability and availability requests and their answers', operationId: 'listMyStaffRequests', description: 'The calling worker\'s leave, one-off unavailability and availability requests, with each answer and the manager\'s reason.', response: { 200: s('StaffRequestList'), ...errors() } },
    handler: async (request) => requests.myStaffRequests(deps, actor(request)),
  });

  app.post<{ Body: requests.StaffRequestInput }>('/me/requests', {
    config: { access: WORKER },
    schema: {
      tags,
      summary: 'Ask for leave (annual, training, other), a one-off unavailability, or new recurring availability', operationId: 'createStaffRequest', description: 'Leave (annual, training or other) for whole days, a one-off unavailability for some hours of a day, or new recurring availability replacing the old. Nothing changes until a manager approves; bad input names the field.',
      body: s('StaffRequestInput'),
      response: { 201: s('StaffRequest'), ...errors(404, 413) },
    },
    handler: async (request, reply) => reply.status(201).send(requests.createStaffRequest(deps, actor(request), request.body)),
  });

  app.post<{ Params: { requestId: string } }>('/me/requests/:requestId/withdraw', {
    config: { access: WORKER },
    schema: { tags, summary: 'Withdraw my request before it is answered', operationId: 'withdrawStaffRequest', description: 'The worker takes back a request not yet answered; an answered one answers 409.', params: s('OpenRequestParams'), response: { 200: s('StaffRequest'), ...errors(404, 409) } },
    handler: async (request) => requests.withdrawStaffRequest(deps, actor(request), request.params.requestId),
  });

  app.get<{ Params: ServiceP; Querystring: { status?: StaffRequestRow['status'] } }>('/services/:serviceId/requests', {
    config: { access: MANAGER },
    schema: { tags, summary: 'Leave and availability requests of the service', operationId: 'listServiceStaffRequests', description: 'For the manager: the service\'s leave and availability requests, ?status=pending for those waiting, with the published places an approved one clashes with.', params: ref('common', 'ServiceParams'), querystring: s('StaffRequestQuery'), response: { 200: s('StaffRequestList'), ...errors(404) } },
    handler: async (request) => requests.managerStaffRequests(deps, request.params.serviceId, request.query.status),
  });

  app.get<{ Params: ServiceP; Querystring: { rotaId?: string } }>('/services/:serviceId/leave-clashes', {
    config: { access: MANAGER },
    schema: {
      tags,
      summary: 'Published places still held by a worker on leave or absent then, each with the cheapest cover', operationId: 'listLeaveClashes',
      description:
        'Computed at each read from the places and the leave as they stand: the published places starting from now to half a year ahead whose worker has leave or another absence on file overlapping them (the availability rule breaks), soonest first, each with the absence (and the request it was approved from), the rule in words and the cheapest cover the engine finds with the worker taken off. ' +
        'A place given to someone else, or leave that no longer overlaps it, is not listed. ?rotaId= narrows to one rota. At most 12 rotas are judged per read (soonest first); notExamined counts the overlapping places beyond them.',
      params: ref('common', 'ServiceParams'),
      querystring: s('LeaveClashQuery'),
      response: { 200: s('LeaveClashList'), ...errors(404) },
    },
    handler: async (request) => leaveClashes(deps, request.params.serviceId, request.query.rotaId ? { rotaId: request.query.rotaId } : {}),
  });

  app.post<{ Params: ServiceP & { requestId: string }; Body: Reason }>('/services/:serviceId/requests/:requestId/approve', {
    config: { access: MANAGER },
    schema: {
      tags,
      summary: 'Approve: leave becomes an absence (the next solve respects it); published places that now clash are flagged with the cheapest cover', operationId: 'approveStaffRequest', description: 'Leave and unavailability become an absence and availability replaces the worker\'s pattern, so the next solve respects it. Published places that now clash are listed with the cheapest cover the engine finds, and the managers are notified of them.',
      params: s('ServiceRequestParams'),
      body: s('OptionalReason'),
      response: { 200: s('StaffRequest'), ...errors(404, 409) },
    },
    handler: async (request) => requests.approveStaffRequest(deps, actor(request), request.params.serviceId, request.params.requestId, request.body?.reason),
  });

  app.post<{ Params: ServiceP & { requestId: string }; Body: { reason: string } }>('/services/:serviceId/requests/:requestId/decline', {
    config: { access: MANAGER },
    schema: { tags, summary: 'Decline a request with a reason (the worker is told)', operationId: 'declineStaffRequest', description: 'The manager declines a pending request with a reason (required), which the worker reads. Nothing is stored in the worker\'s leave or availability.', params: s('ServiceRequestParams'), body: s('RequiredReason'), response: { 200: s('StaffRequest'), ...errors(404, 409) } },
    handler: async (request) => requests.declineStaffRequest(deps, actor(request), request.params.serviceId, request.params.requestId, request.body.reason),
  });
};
