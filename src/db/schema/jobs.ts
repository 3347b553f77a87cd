// The job queue, in the database so every API process and every worker shares it: solves and
// offer steps (expiry, the next worker of a cascade), delayed until run_at_ms. See src/jobs/README.md.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** solve | offer-step */
    kind: text('kind', { enum: ['solve', 'offer-step'] }).notNull(),
    /** What the job is about: the rota of a solve, the offer of an offer step. */
    key: text('key').notNull(),
    /** Jobs of one group run one at a time (a service's solves, one after another). */
    groupKey: text('group_key'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** Not before this (epoch ms): offer steps wait for the next expiry. */
    runAtMs: integer('run_at_ms').notNull(),
    state: text('state', { enum: ['queued', 'running', 'done', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(2),
    /** Which process holds a running job (host, pid and a random part). */
    lockedBy: text('locked_by'),
    heartbeatAtMs: integer('heartbeat_at_ms'),
    lastError: text('last_error'),
    createdAtMs: integer('created_at_ms').notNull(),
    finishedAtMs: integer('finished_at_ms'),
  },
  (t) => [
    // One live job per (kind, key): never two solves of one rota at once, whatever the processes believe.
    uniqueIndex('jobs_one_live_per_key').on(t.kind, t.key).where(sql`state in ('queued', 'running')`),
    index('jobs_due').on(t.state, t.runAtMs),
  ],
);
