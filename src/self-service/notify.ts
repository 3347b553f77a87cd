// Telling people about self-service events (a swap offered to them, a request answered). Every
// message goes through `notify`, inside the event's own transaction, so there is one place to point
// at the notifications outbox (src/notifications/outbox.ts `queueNotification` on the web branch)
// when it lands. Until then the message is written to the audit log as `notify.<kind>` with its
// recipient, subject and text: kept, readable by managers at GET /audit?entity=notification.
import type { Db } from '../db/client.ts';
import { insertAudit } from '../db/repositories/audit-repo.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type NoticeKind =
  | 'swap-offered'
  | 'swap-accepted'
  | 'swap-approved'
  | 'swap-rejected'
  | 'swap-refused'
  | 'swap-withdrawn'
  | 'swap-declined'
  | 'open-requested'
  | 'open-approved'
  | 'open-declined'
  | 'open-closed'
  | 'request-made'
  | 'request-approved'
  | 'request-declined'
  | 'leave-clash';

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
  insertAudit(tx, now.toISOString(), {
    actor: 'system',
    action: `notify.${notice.kind}`,
    entity: 'notification',
    entityId: notice.staffId ? `${notice.serviceId}/${notice.staffId}` : `${notice.serviceId}/managers`,
    serviceId: notice.serviceId,
    details: { to: notice.staffId ?? 'managers', subject: notice.subject, text: notice.text, dedupeKey: notice.dedupeKey },
  });
}
