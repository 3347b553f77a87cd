// Telling people about self-service events (a swap offered to them, a request answered, a leave clash
// for the managers). Every message goes through `notify`, inside the event's own transaction, into the
// notifications outbox the offers use (src/notifications/outbox.ts): an email to the staff member's
// address on file, or to each manager who signs in by email. Someone with no address gets a
// 'no-address' row instead, so a manager reading the outbox sees who was not told.
import type { Db } from '../db/client.ts';
import { contacts, managerContacts, serviceInfo } from '../db/repositories/notify-repo.ts';
import type { OutboxKind } from '../db/schema/index.ts';
import { selfServiceMessage } from '../notifications/messages.ts';
import { queueNotification } from '../notifications/outbox.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type NoticeKind = Exclude<OutboxKind, 'sign-in-link' | 'offer' | 'offer-expiring' | 'rota-published'>;

export interface Notice {
  readonly kind: NoticeKind;
  readonly serviceId: string;
  /** The staff member told; absent for the service's managers. */
  readonly staffId?: string;
  readonly subject: string;
  readonly text: string;
  /** One message per key (e.g. one per swap and person). */
  readonly dedupeKey: string;
}

export function notify(tx: Tx, notice: Notice, now: Date): void {
  const service = serviceInfo(tx, notice.serviceId);
  const send = (to: { address: string | null; name: string }, staffId: string | undefined, key: string) =>
    queueNotification(
      tx,
      {
        kind: notice.kind,
        serviceId: notice.serviceId,
        ...(staffId ? { staffId } : {}),
        to,
        ...selfServiceMessage({ name: to.name, serviceName: service.name, subject: notice.subject, text: notice.text, forManagers: staffId === undefined, kind: notice.kind }),
        dedupeKey: key,
      },
      now,
    );
  if (notice.staffId) {
    const person = contacts(tx, notice.serviceId, [notice.staffId]).get(notice.staffId);
    send({ address: person?.email ?? null, name: person?.name ?? notice.staffId }, notice.staffId, notice.dedupeKey);
    return;
  }
  const managers = managerContacts(tx);
  if (managers.length === 0) {
    send({ address: null, name: `Managers of ${service.name}` }, undefined, notice.dedupeKey);
    return;
  }
  for (const m of managers) send({ address: m.email, name: m.name }, undefined, `${notice.dedupeKey}:user-${m.userId}`);
}
