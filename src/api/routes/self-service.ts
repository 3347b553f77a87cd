// Staff self-service: a worker's swaps and give-aways, the open sessions board, leave and
// availability requests and their fairness position (under /me); a manager's approvals, settings
// and the fairness league table (under /services/:serviceId). Routes are thin: src/self-service.
import { MANAGER, type Access } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import type { SwapRow, OpenRequestRow, StaffRequestRow } from '../../db/repositories/self-service-repo.ts';
import { putSettings, settingsOf, type SelfServiceSettings } from '../../self-service/context.ts';
import { fairnessHistory } from '../../self-service/fairness-history.ts';
import { adjustLedger, leagueTable, myFairness, resetLedger, type AdjustInput, type ResetInput } from '../../self-service/fairness.ts';
import { leaveClashes } from '../../self-service/leave-clashes.ts';
import * as board from '../../self-service/open-board.ts';
import * as requests from '../../self-service/staff-requests.ts';
import { swapOptions } from '../../self-service/swap-options.ts';
import * as swaps from '../../self-service/swaps.ts';

const WORKER: Access = ['worker'];
const s = (name: string) => ref('self-service', name);
type Reason = { reason?: string } | null | undefined;
type ServiceP = { serviceId: string };

export const selfServiceRoutes: RoutePlugin = async (app) => {
  const deps = app.ctx.self;
  const actor = app.actorOf.bind(app);
  const tags = ['self-service'];

  // ---------- swaps and give-aways ----------

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

  // ---------- the open sessions board ----------

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

  // ---------- leave and availability requests ----------

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

  // ---------- fairness ledger and settings ----------

  app.get('/me/fairness', {
    config: { access: WORKER },
    schema: {
      tags,
      summary: 'My fairness counts over the last twelve months, with the service\'s spread (no names)', operationId: 'getMyFairness', description: 'The calling worker\'s own counts over the rolling twelve months, and per category the service\'s lowest, median and highest (null with fewer than five staff, so nobody can work out a colleague\'s count).',
      response: { 200: s('MyFairness'), ...errors(404) },
    },
    handler: async (request) => myFairness(deps, actor(request)),
  });

  app.get<{ Params: ServiceP }>('/services/:serviceId/fairness', {
    config: { access: MANAGER },
    schema: {
      tags,
      summary: 'The fairness league table: each worker\'s weekend, bank-holiday, late, night and Christmas/New Year places over twelve months', operationId: 'getFairnessLeague', description: 'Per worker, places worked from published rotas in the rolling twelve months plus managers\' adjustments, most burdened first; the solver squares these counts with each rota\'s, so fairness lasts beyond one week.',
      params: ref('common', 'ServiceParams'),
      response: { 200: s('LeagueTable'), ...errors(404) },
    },
    handler: async (request) => leagueTable(deps, request.params.serviceId),
  });

  app.post<{ Params: ServiceP; Body: AdjustInput }>('/services/:serviceId/fairness/adjustments', {
    config: { access: MANAGER },
    schema: { tags, summary: 'Adjust a worker\'s count in one category (add to it or set it), with a reason (audited)', operationId: 'adjustFairness', description: 'Adds `delta` to (or takes it from) one worker\'s count in one category, or sets the count to `value` (at least 0), for work the rotas do not show (e.g. weekends at a previous service); give one of the two. The reason is required and audited. Counts never go below 0.', params: ref('common', 'ServiceParams'), body: s('AdjustInput'), response: { 201: s('LeagueRow'), ...errors(404, 413) } },
    handler: async (request, reply) => reply.status(201).send(adjustLedger(deps, actor(request), request.params.serviceId, request.body)),
  });

  app.post<{ Params: ServiceP; Body: ResetInput }>('/services/:serviceId/fairness/resets', {
    config: { access: MANAGER },
    schema: {
      tags,
      summary: 'Reset a worker\'s counts, or the whole service\'s (some categories or all), to zero from now, with a reason (audited)', operationId: 'resetFairness', description: 'From now, the counts of the worker named by staffId (or, with allStaff: true, of every worker of the service) in the named categories (all when none named) start again from zero: places and adjustments before the reset no longer count. The reason is required and audited. Answers the worker\'s row, or the whole league table for the service.',
      params: ref('common', 'ServiceParams'),
      body: s('ResetInput'),
      response: { 201: { anyOf: [s('LeagueRow'), s('LeagueTable')] }, ...errors(404, 413) },
    },
    handler: async (request, reply) => reply.status(201).send(resetLedger(deps, actor(request), request.params.serviceId, request.body)),
  });

  app.get<{ Params: ServiceP }>('/services/:serviceId/fairness/history', {
    config: { access: MANAGER },
    schema: {
      tags,
      summary: 'Adjustments and resets of the fairness ledger, newest first, with who and why', operationId: 'getFairnessHistory', description: 'Every adjustment (added to or set) and reset of the service\'s ledger, from the audit log: when, who, which workers (null: the whole service), which categories and the reason. The latest 200.',
      params: ref('common', 'ServiceParams'),
      response: { 200: s('FairnessHistory'), ...errors(404) },
    },
    handler: async (request) => fairnessHistory(deps, request.params.serviceId),
  });

  app.get<{ Params: ServiceP }>('/services/:serviceId/self-service-settings', {
    config: { access: MANAGER },
    schema: { tags, summary: 'Automatic approval of swaps and open sessions', operationId: 'getSelfServiceSettings', description: 'Whether the service approves swaps at once (when no hard rule breaks and the soft cost rises by at most swapMaxSoftRise) and gives open sessions to the first eligible request.', params: ref('common', 'ServiceParams'), response: { 200: s('Settings'), ...errors(404) } },
    handler: async (request) => {
      deps.core.loadFile(request.params.serviceId);
      return settingsOf(deps.db, request.params.serviceId);
    },
  });

  app.put<{ Params: ServiceP; Body: Partial<SelfServiceSettings> }>('/services/:serviceId/self-service-settings', {
    config: { access: MANAGER },
    schema: { tags, summary: 'Set automatic approval of swaps (with the soft cost rise allowed) and of open sessions', operationId: 'putSelfServiceSettings', description: 'Changes any of the settings (the others stay); audited. Off by default: a manager approves every swap and open-session request.', params: ref('common', 'ServiceParams'), body: s('SettingsInput'), response: { 200: s('Settings'), ...errors(404, 413) } },
    handler: async (request) => putSettings(deps, actor(request), request.params.serviceId, request.body),
  });
};
