// Bank offers, the worker's side: my offers (open, or all with why each closed), accept, decline.
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import { logEvent } from '../../services/event-log.ts';
import * as offers from '../../offers/service.ts';
import { answer, offerCaller, refusal, WORKER, type OfferP } from './offers-common.ts';

export const offerAnswerRoutes: RoutePlugin = async (app) => {
  const { db, now } = app.ctx;
  const who = offerCaller.bind(null, app);

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
};
