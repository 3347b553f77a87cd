import type { RoutePlugin } from '../context.ts';
import { itemRoutes } from './items.ts';

export const sitesRoutes: RoutePlugin = itemRoutes({
  kind: 'sites',
  tag: 'sites',
  param: 'siteId',
  definition: 'Site',
  many: 'Sites',
  one: 'Site',
  noun: 'site',
  // Payroll pays hours; where sessions were held is in the rota itself. Sites are the manager's.
  readList: ['manager'],
  readOne: ['manager'],
});
