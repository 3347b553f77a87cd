// The fairness ledger (a worker's own counts, the managers' league table, adjustments, resets,
// history) and the self-service settings.
import type { RoutePlugin } from '../context.ts';
import { MANAGER } from '../access.ts';
import { errors, ref } from '../schemas.ts';
import { putSettings, settingsOf, type SelfServiceSettings } from '../../self-service/context.ts';
import { fairnessHistory } from '../../self-service/fairness-history.ts';
import { adjustLedger, leagueTable, myFairness, resetLedger, type AdjustInput, type ResetInput } from '../../self-service/fairness.ts';
import { s, selfServiceScope, type ServiceP, tags, WORKER } from './self-service-common.ts';

export const fairnessRoutes: RoutePlugin = async (app) => {
  const { deps, actor } = selfServiceScope(app);

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
