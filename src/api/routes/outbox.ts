// The outbox: every email the system wrote and what became of it. Without SMTP this is how a manager
// passes messages on (a sign-in link, say); with it, how they see what failed and send it again.
import { countByStatus, getMessage, listMessages, requeue, type OutboxRow } from '../../db/repositories/outbox-repo.ts';
import type { OutboxStatus } from '../../db/schema/index.ts';
import { withAppUrl } from '../../notifications/messages.ts';
import { recordAudit } from '../../services/audit.ts';
import { ConflictError, NotFoundError } from '../../services/errors.ts';
import { MANAGER } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';

export const outboxRoutes: RoutePlugin = async (app) => {
  const { db, now, signIn, mail } = app.ctx;
  const view = (row: OutboxRow) => {
    const { dedupeKey: _key, messageId: _id, ...rest } = row;
    return { ...rest, bodyText: withAppUrl(row.bodyText, signIn.publicUrl) };
  };

  app.get<{ Querystring: { status?: OutboxStatus; limit?: number; beforeId?: number } }>('/outbox', {
    config: { access: MANAGER },
    schema: {
      tags: ['notifications'],
      summary: 'Emails written (offers, reminders, published shifts, sign-in links, swaps and requests), newest first, with what became of each',
      operationId: 'listOutbox',
      description: "Offers, reminders before an offer closes, each worker's shifts when a rota is published, sign-in links, and staff self-service messages (swaps, open sessions, leave and availability requests and their answers), each with its status: queued, sent, failed (after 48 hours of retries), expired (not sent: what it carried had expired) or no-address. mailConfigured false means no SMTP server is set up and messages wait here to be passed on by hand.",
      querystring: ref('web', 'OutboxQuery'),
      response: { 200: ref('web', 'Outbox'), ...errors() },
    },
    handler: async (request) => ({
      mailConfigured: mail.configured,
      counts: countByStatus(db),
      messages: listMessages(db, { status: request.query.status, limit: request.query.limit ?? 100, beforeId: request.query.beforeId }).map(view),
    }),
  });

  app.post<{ Params: { messageId: number } }>('/outbox/:messageId/retry', {
    config: { access: MANAGER },
    schema: {
      tags: ['notifications'],
      summary: 'Send a failed message again (from now, with a fresh count of attempts)',
      operationId: 'retryOutboxMessage',
      description: 'Only a failed message can be sent again (409 otherwise); it is queued from now with a fresh count of attempts.',
      params: { type: 'object', required: ['messageId'], properties: { messageId: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } },
      response: { 200: ref('web', 'OutboxMessage'), ...errors(404, 409) },
    },
    handler: async (request) => {
      const id = request.params.messageId;
      const row = getMessage(db, id);
      if (!row) throw new NotFoundError('message', String(id));
      if (row.status !== 'failed') throw new ConflictError(`message ${id} is ${row.status}; only failed messages are sent again`);
      db.transaction((tx) => {
        requeue(tx, [id], now().toISOString());
        recordAudit(tx, now(), { actor: app.actorOf(request), action: 'outbox.retry', entity: 'outbox', entityId: String(id), serviceId: row.serviceId });
      });
      mail.kick();
      return view(getMessage(db, id)!);
    },
  });
};
