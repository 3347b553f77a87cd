// What the server tells its operators: one structured line (pino, JSON) per event that matters to
// running it — solves queued, started and finished, publishing, offers sent, accepted and expired,
// failed logins, pay-period locks — each with the acting identity. The line's `event` field names
// the event; `msg` says it in words. The identity comes from actorName (actor.ts), the one place
// that names an actor, so the audit log and these lines always agree.
import { actorName, type Actor } from './actor.ts';

/** The slice of a pino logger the service layer uses (Fastify's app.log and request.log are pino). */
export interface EventLogger {
  info(fields: object, message: string): void;
}

export const silentLog: EventLogger = { info() {} };

export type EventName =
  | 'solve.queued'
  | 'solve.started'
  | 'solve.finished'
  | 'solve.failed'
  | 'rota.published'
  | 'offers.sent'
  | 'offer.accepted'
  | 'offer.declined'
  | 'offers.expired'
  | 'auth.failed'
  | 'payroll.period.locked';

const MESSAGES: Record<EventName, string> = {
  'solve.queued': 'solve queued',
  'solve.started': 'solve started',
  'solve.finished': 'solve finished',
  'solve.failed': 'solve failed',
  'rota.published': 'rota published',
  'offers.sent': 'offers sent',
  'offer.accepted': 'offer accepted',
  'offer.declined': 'offer declined',
  'offers.expired': 'offers expired',
  'auth.failed': 'failed login',
  'payroll.period.locked': 'pay period locked',
};

/** Writes one event line at info. `actor` is an Actor or an already-resolved name ("system"). */
export function logEvent(log: EventLogger, event: EventName, actor: Actor | string | null, fields: Record<string, unknown> = {}): void {
  log.info({ event, ...(actor === null ? {} : { actor: typeof actor === 'string' ? actor : actorName(actor) }), ...fields }, MESSAGES[event]);
}

/** Seconds with millisecond precision, for durations in lines. */
export function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
