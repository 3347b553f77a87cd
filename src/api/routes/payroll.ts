// Payroll: record what happened on each place, sign off, configure and lock pay periods, export hours.
import type { Access } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import * as payroll from '../../payroll/service.ts';

const PAYROLL_OR_MANAGER: Access = ['payroll', 'manager'];
const MANAGER_ONLY: Access = ['manager'];

type ServiceQ = { serviceId?: string };

export const payrollRoutes: RoutePlugin = async (app) => {
  const { db, now } = app.ctx;

  app.post<{ Body: payroll.OutcomeInput & ServiceQ }>('/payroll/outcomes', {
    config: { access: MANAGER_ONLY },
    schema: {
      tags: ['payroll'],
      summary: 'Record what happened on a place of a published rota (worked, cancelled, no-show); clears its sign-off',
      body: ref('payroll', 'OutcomeBody'),
      response: { 200: ref('payroll', 'Outcome'), ...errors(404, 409, 413) },
    },
    handler: async (request) => {
      const { serviceId, ...input } = request.body;
      return payroll.recordOutcome(db, app.actorOf(request), now(), payroll.resolveServiceId(db, serviceId), input);
    },
  });

  app.post<{ Body: { serviceId?: string; places: payroll.PlaceKey[] } }>('/payroll/sign-offs', {
    config: { access: MANAGER_ONLY },
    schema: {
      tags: ['payroll'],
      summary: 'Sign off recorded places, all or none; only signed-off places are paid',
      body: ref('payroll', 'SignOffBody'),
      response: { 200: { type: 'array', items: ref('payroll', 'Outcome') }, ...errors(404, 409, 413) },
    },
    handler: async (request) =>
      payroll.signOff(db, app.actorOf(request), now(), payroll.resolveServiceId(db, request.body.serviceId), request.body.places),
  });

  app.get<{ Querystring: { serviceId?: string; from: string; to: string; format?: payroll.ExportFormat } }>('/payroll/export', {
    config: { access: PAYROLL_OR_MANAGER },
    schema: {
      tags: ['payroll'],
      summary: 'Hours and pay for whole pay periods [from, to): csv (a row per session, adjustment or unsigned place), csv-totals (a row per worker) or json; locked periods export byte for byte the same',
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
      const out = payroll.exportPayroll(db, id, from, to, format);
      reply.type(out.contentType);
      const file = format === 'csv' ? 'payroll' : format === 'csv-totals' ? 'payroll-totals' : undefined;
      if (file) reply.header('content-disposition', `attachment; filename="${file}-${id}-${from}-${to}.csv"`);
      // Places not yet signed off (unpaid, or paid as last signed off); the csv lists them as rows too.
      reply.header('x-payroll-pending-places', String(out.periods.reduce((n, p) => n + p.pending.length, 0)));
      // Already rendered: sent as is, so a locked period's bytes never pass through a serialiser.
      return reply.send(out.body);
    },
  });

  app.post<{ Params: { periodId: string }; Body: { serviceId?: string; allowPending?: boolean } | undefined }>('/payroll/periods/:periodId/lock', {
    config: { access: PAYROLL_OR_MANAGER },
    schema: {
      tags: ['payroll'],
      summary: 'Lock the next pay period (named by its start date): the first pay period, then each in order; later changes become adjustments in the following period',
      params: ref('payroll', 'PeriodParams'),
      body: ref('payroll', 'LockBody'),
      response: { 200: ref('payroll', 'Locked'), ...errors(404, 409) },
    },
    // The body is optional: a bare POST locks with the defaults.
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {};
    },
    handler: async (request) => {
      const body = request.body ?? {};
      return payroll.lockPayPeriod(db, app.actorOf(request), now(), payroll.resolveServiceId(db, body.serviceId), request.params.periodId, {
        allowPending: body.allowPending,
      });
    },
  });

  app.get<{ Querystring: ServiceQ }>('/payroll/settings', {
    config: { access: PAYROLL_OR_MANAGER },
    schema: {
      tags: ['payroll'],
      summary: 'Pay period frequency and anchor, night window, holiday mode',
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
      body: ref('payroll', 'SettingsBody'),
      response: { 200: ref('payroll', 'Settings'), ...errors(404, 409) },
    },
    handler: async (request) => {
      const { serviceId, ...input } = request.body;
      return payroll.putPayrollConfig(db, app.actorOf(request), now(), payroll.resolveServiceId(db, serviceId), input);
    },
  });
};
