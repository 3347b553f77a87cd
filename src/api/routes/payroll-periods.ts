// GET /payroll/periods: the pay periods around a date, for choosing one.
import * as payroll from '../../payroll/service.ts';
import { listPayPeriods } from '../../payroll/periods-view.ts';
import { BadRequestError } from '../../services/errors.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';

export const payrollPeriodsRoutes: RoutePlugin = async (app) => {
  const { db, now } = app.ctx;
  app.get<{ Querystring: { serviceId?: string; around?: string; before?: number; after?: number } }>('/payroll/periods', {
    config: { access: ['payroll', 'manager'] },
    schema: {
      tags: ['payroll'],
      summary: 'Pay periods around a date (default today): boundaries, locked, before the first pay period, the next to lock',
      operationId: 'listPayPeriods',
      description: 'before and after periods either side of the one containing around (default today), each with its boundaries (endDate exclusive), whether it is locked, before the first pay period, or the next to lock.',
      querystring: ref('web', 'PayPeriodQuery'),
      response: { 200: ref('web', 'PayPeriodList'), ...errors(404) },
    },
    handler: async (request) => {
      const { serviceId, around, before, after } = request.query;
      const id = payroll.resolveServiceId(db, serviceId);
      try {
        return listPayPeriods(db, id, around ?? now().toISOString().slice(0, 10), before, after);
      } catch (e) {
        if (e instanceof Error && !(e instanceof BadRequestError)) throw new BadRequestError(e.message, [{ path: 'query.around', message: e.message }]);
        throw e;
      }
    },
  });
};
