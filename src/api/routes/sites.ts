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
  readList: ['manager', 'payroll'],
  readOne: ['manager', 'payroll'],
});
