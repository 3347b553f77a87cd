// Every change: who, when, what and why.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** The person, e.g. "Jo Bloggs (manager, token 3)", or "system"/"command line" outside the API. */
    actor: text('actor').notNull(),
    /** The token the change was made with (null outside the API), for tracing. */
    actorTokenId: integer('actor_token_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    serviceId: text('service_id'),
    reason: text('reason'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_entity').on(t.entity, t.entityId)],
);
