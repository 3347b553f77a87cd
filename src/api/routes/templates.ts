import type { RoutePlugin } from '../context.ts';
import { itemRoutes } from './items.ts';

export const templatesRoutes: RoutePlugin = itemRoutes({
  kind: 'templates',
  tag: 'templates',
  param: 'templateId',
  definition: 'SessionTemplate',
  many: 'Templates',
  one: 'Template',
  noun: 'template',
  readList: ['manager'],
  readOne: ['manager'],
});
