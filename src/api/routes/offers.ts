// Bank offers: the manager sends a rota's open bank places out as offers and reads their history;
// a worker lists their offers, accepts or declines, and subscribes to their accepted sessions.
// The expiry timer lives with these routes, so it starts and stops with the app.
import type { FastifyRequest } from 'fastify';
import { MANAGER, type Access } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import { actorName } from '../../services/actor.ts';
import { logEvent } from '../../services/event-log.ts';
import { startExpiryTimer, type ExpiryTimer } from '../../offers/expiry-timer.ts';
import * as offers from '../../offers/service.ts';

const WORKER: Access = ['worker'];
/** How often the server looks for invites whose answer window has passed. */
export const EXPIRY_INTERVAL_MS = 1000;

type RotaP = { id: string };
type OfferP = { offerId: string };

export const offersRoutes: RoutePlugin = async (app) => {
  const { db, now } = app.ctx;
  const who = (request: FastifyRequest): offers.Who => {
    const actor = app.actorOf(request);
    return { name: actorName(actor), serviceId: actor.serviceId, staffId: actor.staffId };
  };
  // A refusal is an ordinary answer (most accepts in a race are refused), so it is sent, not thrown.
  const refusal = (outcome: Extract<offers.AnswerOutcome, { ok: false }>) => ({
    statusCode: 409,
    error: 'conflict',
    message: outcome.reason,
    refusal: outcome.code,
    ...(outcome.state ? { state: outcome.state } : {}),
    ...(outcome.reasons ? { breaches: outcome.reasons } : {}),
  });
  // A worker is answered with their own state, not the offer's.
  const answer = (outcome: Extract<offers.AnswerOutcome, { ok: true }>) => ({
    offerId: outcome.offerId,
    status: outcome.state,
    assignmentIds: outcome.assignmentIds,
    repeat: outcome.repeat,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
  });

  let timer: ExpiryTimer | null = null;
  app.addHook('onReady', async () => {
    // The first pass runs now: offers that expired while the server was down move on at start.
    timer = startExpiryTimer(db, {
      now: () => now().getTime(),
      intervalMs: EXPIRY_INTERVAL_MS,
      onError: (err) => app.log.error({ err }, 'offer expiry pass failed'),
      onExpired: (count, expired) => logEvent(app.log, 'offers.expired', 'system', { invites: count, expired }),
    });
  });
  app.addHook('onClose', async () => timer?.stop());

  app.post<{ Params: RotaP; Body: offers.CreateOffersInput }>('/rotas/:id/offers', {
    config: { access: MANAGER },
    schema: {
      tags: ['offers'],
      summary: 'Send offers for the rota\'s open bank places (or the places named), ranked by the engine', operationId: 'sendOffers',
      description:
        'Each place goes to the bank workers who meet every hard rule given what they already hold, best first by fairness, cost, venue, travel and preferences. ' +
        'A planned (not accepted) bank place becomes an offer with that worker first. With series: true the places form one offer, accepted or declined whole.',
      params: ref('rotas', 'RotaParams'),
      body: ref('offers', 'CreateOffers'),
      response: { 201: ref('offers', 'CreatedOffers'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => {
      const created = offers.createOffers(db, who(request), request.params.id, request.body, now().getTime());
      logEvent(request.log, 'offers.sent', app.actorOf(request), {
        rotaId: request.params.id,
        offers: created.offers.map((c) => ({ offerId: c.offerId, places: c.places.length, offeredTo: c.offeredTo.length })),
        notSent: created.notSent.length,
      });
      const excluded = (list: offers.NotSent['excluded']) => list.map((e) => ({ staffId: e.workerId, name: e.workerName, reasons: e.reasons }));
      return reply.status(201).send({
        offers: created.offers.map((c) => ({
          offerId: c.offerId,
          status: c.status,
          places: c.places,
          offeredTo: c.offeredTo,
          excluded: excluded(c.ranking.excluded),
        })),
        notSent: created.notSent.map((n) => ({ places: n.places, excluded: excluded(n.excluded) })),
      });
    },
  });

  app.post<{ Body: offers.CreateSeriesInput }>('/offers/series', {
    config: { access: MANAGER },
    schema: {
      tags: ['offers'],
      summary: 'Offer sessions over one or more weekly rotas (e.g. the same group weekly) as one series, accepted or declined whole', operationId: 'offerSeries',
      description: 'A bank worker is offered the series only if every session fits, with what they hold in all those weeks.',
      body: ref('offers', 'CreateSeries'),
      response: { 201: ref('offers', 'CreatedOffer'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => {
      const c = offers.createSeriesOffer(db, who(request), request.body, now().getTime());
      logEvent(request.log, 'offers.sent', app.actorOf(request), {
        series: true,
        offers: [{ offerId: c.offerId, places: request.body.places.length, offeredTo: c.offeredTo.length }],
      });
      return reply.status(201).send({
        offerId: c.offerId,
        status: c.status,
        places: request.body.places.map((p) => ({ slotId: p.slotId, roleId: p.roleId })),
        offeredTo: c.offeredTo,
        excluded: c.ranking.excluded.map((e) => ({ staffId: e.workerId, name: e.workerName, reasons: e.reasons })),
      });
    },
  });

  app.get<{ Params: RotaP }>('/rotas/:id/offers', {
    config: { access: MANAGER },
    schema: {
      tags: ['offers'],
      summary: 'Every offer of the rota with each worker\'s answer and the full history', operationId: 'listRotaOffers', description: 'For the manager: each offer of the rota with its places, the workers it went to in order, each answer, and every event (sent, accepted, declined, expired, withdrawn) with who and why.',
      params: ref('rotas', 'RotaParams'),
      response: { 200: ref('offers', 'OfferHistoryList'), ...errors(404) },
    },
    handler: async (request) => offers.rotaOfferHistory(db, request.params.id),
  });

  app.post<{ Params: RotaP & OfferP; Body: { reason?: string } | null }>('/rotas/:id/offers/:offerId/withdraw', {
    config: { access: MANAGER },
    schema: {
      tags: ['offers'],
      summary: 'Withdraw an open offer', operationId: 'withdrawOffer', description: 'Closes an open offer: nobody can accept it any more, and workers waiting their turn in a cascade never get it. A closed offer answers 409.',
      params: ref('offers', 'RotaOfferParams'),
      body: ref('offers', 'Withdraw'),
      response: { 200: ref('offers', 'Accepted'), ...errors(404, 409) },
    },
    handler: async (request) => {
      const o = offers.withdrawOffer(db, who(request), request.params.id, request.params.offerId, now().getTime(), request.body?.reason);
      return { offerId: o.id, status: o.status, assignmentIds: [] };
    },
  });

  app.get<{ Querystring: { all?: boolean } }>('/me/offers', {
    config: { access: WORKER },
    schema: {
      tags: ['offers'],
      summary: 'My offers awaiting my answer (one per session): venue, local times, paid hours, pay, and when each must be answered',
      operationId: 'listMyOffers',
      description: 'With all=true, every offer that reached me with where it stands for me and why it closed (e.g. an accepted place the manager took away).',
      querystring: ref('offers', 'MyOffersQuery'),
      response: { 200: ref('offers', 'MyOffers'), ...errors() },
    },
    handler: async (request) => offers.myOffers(db, who(request), now().getTime(), request.query.all === true),
  });

  app.get<{ Params: OfferP }>('/me/offers/:offerId', {
    config: { access: WORKER },
    schema: {
      tags: ['offers'],
      summary: 'One of my offers, in whatever state, with why it closed',
      operationId: 'getMyOffer',
      description: 'An offer that reached the calling worker, open or not: its sessions, where it stands for them, and why it closed if it did. Offers made to others are 404.',
      params: ref('offers', 'OfferParams'),
      response: { 200: ref('offers', 'MyOffer'), ...errors(404) },
    },
    handler: async (request) => offers.myOffer(db, who(request), request.params.offerId),
  });

  app.post<{ Params: OfferP }>('/me/offers/:offerId/accept', {
    config: { access: WORKER },
    schema: {
      tags: ['offers'],
      summary: 'Accept an offer: every hard rule is checked again now; the place becomes a pinned assignment',
      operationId: 'acceptOffer',
      description:
        'Refused with 409 and the reason when the offer has gone to someone else, expired, or taking it would now break a hard rule. ' +
        'Accepting again an offer you already hold answers 200 with the same places (repeat: true).',
      params: ref('offers', 'OfferParams'),
      response: { 200: ref('offers', 'MyAnswer'), 409: { description: 'Refused, with the reason (refusal) and any hard rules in words (breaches)', ...ref('offers', 'Refusal') }, ...errors(404) },
    },
    handler: async (request, reply) => {
      const outcome = offers.acceptOffer(db, who(request), request.params.offerId, now().getTime());
      logEvent(request.log, 'offer.accepted', app.actorOf(request), {
        offerId: request.params.offerId,
        ...(outcome.ok ? { status: outcome.status, assignmentIds: outcome.assignmentIds } : { refused: outcome.code, reason: outcome.reason }),
      });
      if (!outcome.ok) return reply.status(409).send(refusal(outcome));
      return answer(outcome);
    },
  });

  app.post<{ Params: OfferP; Body: { reason?: string } | null }>('/me/offers/:offerId/decline', {
    config: { access: WORKER },
    schema: {
      tags: ['offers'],
      summary: 'Decline an offer; a cascade moves on to the next worker. Answers with your own state',
      operationId: 'declineOffer',
      description:
        'Declining again, or an offer that already expired or went to someone else, changes nothing and answers 200 with where it stands for you. ' +
        'Refused (409) only while you hold it (accepted) or before it has reached you.',
      params: ref('offers', 'OfferParams'),
      body: ref('offers', 'Decline'),
      response: { 200: ref('offers', 'MyAnswer'), 409: { description: 'Refused, with the reason (refusal) and any hard rules in words (breaches)', ...ref('offers', 'Refusal') }, ...errors(404) },
    },
    handler: async (request, reply) => {
      const outcome = offers.declineOffer(db, who(request), request.params.offerId, now().getTime(), request.body?.reason);
      logEvent(request.log, 'offer.declined', app.actorOf(request), { offerId: request.params.offerId, ...(outcome.ok ? {} : { refused: outcome.code }) });
      if (!outcome.ok) return reply.status(409).send(refusal(outcome));
      return answer(outcome);
    },
  });

  app.post<{ Body: { replace?: boolean } | null }>('/me/calendar-feed', {
    config: { access: WORKER },
    schema: {
      tags: ['offers'],
      summary: 'A calendar subscription address for my sessions (published shifts and accepted bank sessions)', operationId: 'createCalendarFeed',
      description:
        'Phones subscribe to a URL and cannot send a bearer token, so the address carries its own read-only secret. It is shown once. ' +
        'If you already have one, send {"replace": true} to get a new one (the old one stops working); otherwise 409.',
      body: ref('offers', 'CalendarFeed'),
      response: {
        201: { type: 'object', required: ['path'], properties: { path: { type: 'string', description: 'Append to the server\'s base URL.' } } },
        ...errors(409),
      },
    },
    handler: async (request, reply) =>
      reply.status(201).send(offers.newCalendarFeed(db, who(request), now().getTime(), request.body?.replace === true)),
  });

  app.get<{ Params: { secret: string } }>('/calendar/:secret/feed.ics', {
    // The secret in the path is the credential: a phone's calendar cannot send a bearer token.
    config: { access: 'public' },
    schema: {
      tags: ['offers'],
      summary: 'A worker\'s sessions as an iCalendar feed, by subscription address (see POST /me/calendar-feed)', operationId: 'calendarFeed', description: 'What a phone\'s calendar reads: the sessions the worker holds (published shifts, and bank sessions they accepted, in a draft rota too; those that ended over a year ago are left out) as RFC 5545 events in the service\'s own time zone. The secret in the address is the credential; it ends when it is replaced, when the worker\'s token is revoked with revokeFeeds=true, or when the worker is archived.',
      security: [],
      params: { type: 'object', required: ['secret'], properties: { secret: { type: 'string', minLength: 1, maxLength: 100 } } },
      response: {
        200: { description: 'text/calendar', content: { 'text/calendar': { schema: { type: 'string' } } } },
        404: { description: 'Unknown or replaced address', ...ref('common', 'Error') },
      },
    },
    handler: async (request, reply) =>
      reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(offers.calendarByFeed(db, request.params.secret, now().getTime())),
  });

  app.get('/me/calendar.ics', {
    config: { access: WORKER },
    schema: {
      tags: ['offers'],
      summary: 'My sessions as an iCalendar feed (RFC 5545, in the service\'s own time zone, venue as location): published shifts and accepted bank sessions', operationId: 'myCalendar', description: 'The same calendar as the subscription feed, for a worker calling with their bearer token.',
      response: {
        200: { description: 'text/calendar', content: { 'text/calendar': { schema: { type: 'string' } } } },
        ...errors(),
      },
    },
    handler: async (request, reply) => {
      const ics = offers.myCalendar(db, who(request), now().getTime());
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="rota.ics"').send(ics);
    },
  });
};
