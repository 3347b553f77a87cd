// Every table, one file per area. New areas (bank offers, payroll) add a file and a line here.
export * from './organisation.ts';
export * from './rules.ts';
export * from './sites.ts';
export * from './staff.ts';
export * from './templates.ts';
export * from './rotas.ts';
export * from './auth.ts';
export * from './audit.ts';
export * from './offers.ts';
export * from './payroll.ts';
export * from './self-service.ts';
export * from './web.ts';
export * from './outbox.ts';
