// Time helpers: local dates and times in a zone, bank holidays, day splitting, template expansion.
export * from './bank-holidays.ts';
export * from './local-time.ts';
export * from './split-by-local-day.ts';
export * from './expand.ts';
export * from './availability.ts';
export * from './recurrence.ts';
export * from './recurrence-rule.ts';
