// Every email the system writes, stored in the same transaction as the event that caused it, then
// sent by the mail sender (src/notifications/sender.ts) when SMTP is set up. Nothing is deleted: a
// manager can read the outbox, and see what was sent, what waits and what failed.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Staff self-service messages (src/self-service/notify.ts): swaps, open sessions, requests, leave clashes. */
export const SELF_SERVICE_KINDS = [
  'swap-offered',
  'swap-accepted',
  'swap-approved',
  'swap-rejected',
  'swap-refused',
  'swap-withdrawn',
  'swap-declined',
  'open-requested',
  'open-approved',
  'open-declined',
  'open-closed',
  'request-made',
  'request-approved',
  'request-declined',
  'leave-clash',
] as const;
export const OUTBOX_KINDS = ['sign-in-link', 'offer', 'offer-expiring', 'rota-published', ...SELF_SERVICE_KINDS] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'expired' | 'no-address';

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull(),
    /** The service the message is about; null for sign-in links to managers and payroll. */
    serviceId: text('service_id'),
    staffId: text('staff_id'),
    /** Null when the person has no email address on file (status 'no-address'). */
    toAddress: text('to_address'),
    toName: text('to_name'),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    /** One message per event: a second insert with the same key is ignored (e.g. one reminder per offer). */
    dedupeKey: text('dedupe_key').unique(),
    status: text('status', { enum: ['queued', 'sent', 'failed', 'expired', 'no-address'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
    /** Not worth sending after this (the link or offer it carries has expired). */
    expiresAt: text('expires_at'),
    /** Message-ID the mail server accepted, for tracing. */
    messageId: text('message_id'),
  },
  (t) => [index('outbox_due').on(t.status, t.nextAttemptAt), index('outbox_created').on(t.createdAt)],
);
