// Payroll: record what happened on each place, sign off, configure and lock pay periods, export hours.
import type { Access } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import * as ledger from '../../payroll/ledger-service.ts';
import * as payroll from '../../payroll/service.ts';
import { logEvent } from '../../services/event-log.ts';

const PAYROLL_OR_MANAGER: Access = ['payroll', 'manager'];
const MANAGER_ONLY: Access = ['manager'];

type ServiceQ = { serviceId?: string };

/** What happened on each place, its sign-off, and the export of hours. */
export const payrollRoutes: RoutePlugin = async (app) => {
  const { db, now } = app.ctx;

  app.post<{ Body: payroll.OutcomeInput & ServiceQ }>('/payroll/outcomes', {
    config: { access: MANAGER_ONLY },
    schema: {
      tags: ['payroll'],
      summary: 'Record what happened on a place of a published rota (worked, cancelled, no-show); clears its sign-off', operationId: 'recordOutcome', description: 'Worked (with actual times if they differ), cancelled (with why: no service users pays the cancellation minimum) or no-show. The service is the rota\'s own. Recording again replaces the draft and needs a new sign-off; until then the last signed-off version is what is paid.',
      body: ref('payroll', 'OutcomeBody'),
      response: { 200: ref('payroll', 'Outcome'), ...errors(404, 409, 413) },
    },
    handler: async (request) => {
      const { serviceId, ...input } = request.body;
      const service = payroll.resolveServiceOfRotas(db, serviceId, [{ rotaId: input.rotaId, path: 'body.rotaId' }]);
      return payroll.recordOutcome(db, app.actorOf(request), now(), service, input);
    },
  });

  app.post<{ Body: { serviceId?: string; places: payroll.PlaceKey[] } }>('/payroll/sign-offs', {
    config: { access: MANAGER_ONLY },
    schema: {
      tags: ['payroll'],
      summary: 'Sign off recorded places, all or none; only signed-off places are paid', operationId: 'signOff', description: 'Signs off each named place\'s recorded outcome in one transaction: if any place is unknown or unrecorded, none is signed. The service is the rotas\' own.',
      body: ref('payroll', 'SignOffBody'),
      response: { 200: { type: 'array', items: ref('payroll', 'Outcome') }, ...errors(404, 409, 413) },
    },
    handler: async (request) => {
      const { serviceId, places } = request.body;
      const rotas = places.map((p, i) => ({ rotaId: p.rotaId, path: `body.places[${i}].rotaId` }));
      return payroll.signOff(db, app.actorOf(request), now(), payroll.resolveServiceOfRotas(db, serviceId, rotas), places);
    },
  });

  app.get<{ Querystring: { serviceId?: string; from: string; to: string; format?: ledger.ExportFormat } }>('/payroll/export', {
    config: { access: PAYROLL_OR_MANAGER },
    schema: {
      tags: ['payroll'],
      summary: 'Hours and pay for whole pay periods [from, to): csv (a row per session, adjustment or unsigned place), csv-totals (a row per worker) or json; locked periods export byte for byte the same',
      operationId: 'exportPayroll',
      description: 'from and to must be pay-period boundaries (at most 1100 days apart). Worked minutes are real elapsed time across clock changes; paid minutes add paid preparation or apply the cancellation minimum; weekend, night and bank-holiday minutes are split by local date. The x-payroll-pending-places header counts places not yet signed off.',
      querystring: ref('payroll', 'ExportQuery'),
      response: {
        200: {
          description: 'CSV (RFC 4180, money in pounds) with a fixed header (text/csv), or the JSON form (money in pence)',
          content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: ref('payroll', 'Export') } },
        },
        ...errors(404),
      },
    },
    handler: async (request, reply) => {
      const { serviceId, from, to, format = 'csv' } = request.query;
      const id = payroll.resolveServiceId(db, serviceId);
      const out = ledger.exportPayroll(db, id, from, to, format);
      reply.type(out.contentType);
      const file = format === 'csv' ? 'payroll' : format === 'csv-totals' ? 'payroll-totals' : undefined;
      if (file) reply.header('content-disposition', `attachment; filename="${file}-${id}-${from}-${to}.csv"`);
      // Places not yet signed off (unpaid, or paid as last signed off); the csv lists them as rows too.
      reply.header('x-payroll-pending-places', String(out.periods.reduce((n, p) => n + p.pending.length, 0)));
      // Already rendered: sent as is, so a locked period's bytes never pass through a serialiser.
      return reply.send(out.body);
    },
  });
};

/** Locking a pay period and the payroll settings: what fixes the periods and freezes their exports. */
export const payrollPeriodLockRoutes: RoutePlugin = async (app) => {
  const { db, now } = app.ctx;

  app.post<{ Params: { periodId: string }; Body: { serviceId?: string; allowPending?: boolean } | undefined }>('/payroll/periods/:periodId/lock', {
    config: { access: PAYROLL_OR_MANAGER },
    schema: {
      tags: ['payroll'],
      summary: 'Lock the next pay period (named by its start date): the first pay period, then each in order; later changes become adjustments in the following period',
      operationId: 'lockPayPeriod',
      description: 'Freezes the period\'s export: it exports byte for byte the same from then on. Periods lock in order; places not yet signed off refuse the lock (409) unless allowPending is true, and are then paid as adjustments later.',
      params: ref('payroll', 'PeriodParams'),
      body: ref('payroll', 'LockBody'),
      response: { 200: ref('payroll', 'Locked'), ...errors(404, 409) },
    },
    handler: async (request) => {
      const body = request.body ?? {};
      const locked = ledger.lockPayPeriod(db, app.actorOf(request), now(), payroll.resolveServiceId(db, body.serviceId, 'body.serviceId'), request.params.periodId, {
        allowPending: body.allowPending,
      });
      logEvent(request.log, 'payroll.period.locked', app.actorOf(request), {
        serviceId: locked.serviceId,
        periodId: locked.periodId,
        startDate: locked.startDate,
        endDate: locked.endDate,
        lines: locked.lines,
        pending: locked.pending.length,
      });
      return locked;
    },
  });

  app.get<{ Querystring: ServiceQ }>('/payroll/settings', {
    config: { access: PAYROLL_OR_MANAGER },
    schema: {
      tags: ['payroll'],
      summary: 'Pay period frequency and anchor, night window, holiday mode', operationId: 'getPayrollSettings', description: 'The service\'s payroll settings, or the defaults (configured: false): weekly periods from Monday 1 Jan 2024, night 23:00-06:00, holiday accrual at 12.07%.',
      querystring: ref('payroll', 'ServiceQuery'),
      response: { 200: ref('payroll', 'Settings'), ...errors(404) },
    },
    handler: async (request) => payroll.getPayrollConfig(db, payroll.resolveServiceId(db, request.query.serviceId)),
  });

  app.put<{ Body: payroll.PayrollConfigInput & ServiceQ }>('/payroll/settings', {
    config: { access: PAYROLL_OR_MANAGER },
    schema: {
      tags: ['payroll'],
      summary: 'Configure pay periods, the first period paid through rota, the night window and holiday mode (periods must continue from the last locked one)',
      operationId: 'putPayrollSettings',
      description: 'Replaces the settings. New periods must continue from the last locked one (409 otherwise), so no worked minute is paid twice or lost.',
      body: ref('payroll', 'SettingsBody'),
      response: { 200: ref('payroll', 'Settings'), ...errors(404, 409) },
    },
    handler: async (request) => {
      const { serviceId, ...input } = request.body;
      return payroll.putPayrollConfig(db, app.actorOf(request), now(), payroll.resolveServiceId(db, serviceId, 'body.serviceId'), input);
    },
  });
};
