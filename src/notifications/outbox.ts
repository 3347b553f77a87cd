// Writing an email: a row in the outbox, in the caller's transaction, so the message exists exactly
// when the event that caused it does (an offer sent, a rota published, a sign-in link made). The
// sender (sender.ts) delivers it later, retrying while the mail server is down.
import type { Db } from '../db/client.ts';
import { insertMessage } from '../db/repositories/outbox-repo.ts';
import type { OutboxKind } from '../db/schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Notification {
  kind: OutboxKind;
  serviceId?: string;
  staffId?: string;
  to: { address: string | null | undefined; name?: string };
  subject: string;
  text: string;
  /** One message per key: a second with the same key is dropped (say, one reminder per offer). */
  dedupeKey?: string;
  /** Not worth sending after this: what it carries (a link, an offer) has expired. */
  expiresAt?: Date;
}

const listeners = new Set<() => void>();

/** Told (synchronously, inside the transaction) each time a message is queued; returns an unsubscribe. */
export function onQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Queues an email; returns its id, or undefined when one with the same dedupe key exists. A person
 * with no address on file gets a 'no-address' row instead, so a manager sees who was not told.
 */
export function queueNotification(tx: Tx, n: Notification, now: Date): number | undefined {
  const address = n.to.address?.trim() || null;
  // Senders look soon; by then the caller's (synchronous) transaction has committed.
  for (const listener of listeners) listener();
  return insertMessage(tx, {
    kind: n.kind,
    serviceId: n.serviceId ?? null,
    staffId: n.staffId ?? null,
    toAddress: address,
    toName: n.to.name ?? null,
    subject: n.subject,
    bodyText: n.text,
    dedupeKey: n.dedupeKey ?? null,
    status: address ? 'queued' : 'no-address',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    createdAt: now.toISOString(),
    expiresAt: n.expiresAt?.toISOString() ?? null,
  });
}
