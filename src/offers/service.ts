// The offers service: joins the database and the solver. The manager sends offers for a rota's
// open bank places; workers list, accept and decline them; the expiry timer moves cascades on.
// Every accept runs in one IMMEDIATE transaction: better-sqlite3 is synchronous, so transactions on
// the one connection run one after another, and the re-checks inside see the latest state.
export { OfferError, SYSTEM, type OffersOptions, type Who } from './common.ts';
export * from './create.ts';
export * from './answer.ts';
export * from './read.ts';
export * from './calendar-feed.ts';
export * from './my-calendar.ts';
export * from './archived-worker.ts';
